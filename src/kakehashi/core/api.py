from django.http import HttpRequest
from ninja import Router, Schema

from .models import Sector

# Public reference data. The project's API (kakehashi/api.py) mounts this router with the
# optional (anonymous-or-token) auth, so core needs no app's authentication.
router = Router(tags=["reference"])


class SectorOut(Schema):
    code: str
    level: str
    parent: str | None
    name_en: str
    name_ja: str
    name_hi: str


@router.get("/sectors", response=list[SectorOut], summary="ISIC Rev.4 sectors (public)")
def sectors(request: HttpRequest):
    return [
        SectorOut(code=s.code, level=s.level, parent=s.parent_id, name_en=s.name_en, name_ja=s.name_ja, name_hi=s.name_hi)
        for s in Sector.objects.all()
    ]
