from django.http import HttpRequest
from ninja import Router, Schema

from kakehashi.accounts.auth import optional_auth

from .models import Sector

router = Router(tags=["reference"])


class SectorOut(Schema):
    code: str
    level: str
    parent: str | None
    name_en: str
    name_ja: str
    name_hi: str


@router.get("/sectors", response=list[SectorOut], auth=optional_auth, summary="ISIC Rev.4 sectors (public)")
def sectors(request: HttpRequest):
    return [
        SectorOut(code=s.code, level=s.level, parent=s.parent_id, name_en=s.name_en, name_ja=s.name_ja, name_hi=s.name_hi)
        for s in Sector.objects.all()
    ]
