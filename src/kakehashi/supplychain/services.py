"""Every write of supplychain: uploading a list (a new version), confirming its column
mapping, importing it (the task's work) and saving its analysis.

The import is all or nothing: the file is read and every row checked before anything is
written; then the rows, the analysis and the READY status are written in one transaction.
It is safe to run twice and survives a killed worker: the list is claimed by a conditional
UPDATE (queued or importing → importing), the rows are replaced inside the transaction, and
a list that is already READY when the transaction locks it is left alone.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
from kakehashi.core import audit

from . import analysis, columns, reading, validation
from .models import ListStatus, SupplierList, SupplierRow
from .problems import FileProblem

log = logging.getLogger(__name__)
BATCH = 5000
NAME_LIMIT = 120


class UploadRefused(Exception):
    """The file cannot be taken at all (too large, unreadable): nothing was stored."""

    def __init__(self, problem: FileProblem):
        super().__init__(problem.code)
        self.problem = problem


def max_bytes() -> int:
    """The largest supplier file: `SUPPLYCHAIN_UPLOAD_MAX_BYTES` (the request-size
    middleware lets the upload page and API take bodies this large)."""
    return int(settings.SUPPLYCHAIN_UPLOAD_MAX_BYTES)


def max_rows() -> int:
    return int(settings.SUPPLYCHAIN_MAX_ROWS)


def _require_acting(user: Viewer, organisation_id: int) -> User:
    if not people.acts_for(user, organisation_id) or not people.is_approved_member(user):
        raise PermissionDenied
    return user


def upload_list(user: Viewer, organisation_id: int, name: str, file_name: str, data: bytes | File) -> SupplierList:
    """Store an uploaded file as the next version of the organisation's list `name`. When
    every required column is recognised the import is queued at once; otherwise the list
    waits for its column mapping. Only the file's start is read here (format, encoding,
    headers; XLSX's zip checks); the upload is stored by streaming it (a large one arrives
    as a temporary file on disk) and the import task reads and checks the whole file.
    Raises UploadRefused (nothing stored) for a file that is too large or cannot be read,
    PermissionDenied for someone not acting for the organisation."""
    uploader = _require_acting(user, organisation_id)
    name = " ".join(name.split())[:NAME_LIMIT] or file_name[:NAME_LIMIT] or "Suppliers"
    upload = ContentFile(data) if isinstance(data, bytes) else data
    size = upload.size or 0
    if size > max_bytes():
        raise UploadRefused(too_large())
    try:
        upload.seek(0)
        file_format = reading.sniff_format(upload.read(4), file_name)
        headers, encoding = reading.read_head(upload, file_format)
    except FileProblem as problem:
        raise UploadRefused(problem) from None
    mapping = columns.guess_mapping(headers)
    with transaction.atomic():
        previous = (
            SupplierList.objects.select_for_update().filter(organisation_id=organisation_id, name=name).order_by("-version").first()
        )
        version = (SupplierList.objects.filter(organisation_id=organisation_id, name=name).aggregate(v=Max("version"))["v"] or 0) + 1
        ready = not columns.missing_required(mapping)
        supplier_list = SupplierList(
            organisation_id=organisation_id, name=name, version=version, previous=previous, uploaded_by=uploader,
            file_name=file_name[:255], file_format=file_format, encoding=encoding, mapping=mapping,
            status=ListStatus.QUEUED if ready else ListStatus.MAPPING,
        )
        upload.seek(0)
        supplier_list.upload.save("upload", upload, save=False)
        supplier_list.save()
        audit.record(user, "supplychain.upload", supplier_list, file_format=file_format, encoding=encoding, bytes=size)
        if ready:
            _queue_import(supplier_list.pk)
    return supplier_list


def too_large() -> FileProblem:
    return FileProblem("too_large", limit=f"{max_bytes() / (1024 * 1024):.0f}")


def file_headers(supplier_list: SupplierList) -> list[str]:
    """The headers of the stored file, for the mapping screen (read from its start)."""
    with supplier_list.upload.open("rb") as stored:
        return reading.read_head(stored, supplier_list.file_format)[0]


def confirm_mapping(user: Viewer, supplier_list: SupplierList, mapping: dict[str, str]) -> SupplierList:
    """Save the member's column mapping (key -> header of the file) and queue the import."""
    _require_acting(user, supplier_list.organisation_id)
    headers = set(file_headers(supplier_list))
    cleaned = {key: header for key, header in mapping.items() if key in columns.KEYS and header in headers}
    missing = columns.missing_required(cleaned)
    if missing:
        raise FileProblem("missing_columns", keys=missing)
    with transaction.atomic():
        updated = SupplierList.objects.filter(
            pk=supplier_list.pk, status__in=[ListStatus.MAPPING, ListStatus.FAILED]
        ).update(mapping=cleaned, status=ListStatus.QUEUED, progress=0, errors=[])
        if updated:
            audit.record(user, "supplychain.map_columns", supplier_list, mapping=cleaned)
            _queue_import(supplier_list.pk)
    supplier_list.refresh_from_db()
    return supplier_list


def _queue_import(list_id: int) -> None:
    from . import tasks  # noqa: PLC0415  (tasks imports services)

    transaction.on_commit(lambda: tasks.import_list.enqueue(list_id=list_id))


def _progress(list_id: int, value: int) -> None:
    SupplierList.objects.filter(pk=list_id, status=ListStatus.IMPORTING).update(progress=value)


def _fail(list_id: int, problems: list[dict[str, Any]], count: int) -> str:
    SupplierList.objects.filter(pk=list_id, status=ListStatus.IMPORTING).update(
        status=ListStatus.FAILED, errors=problems, progress=100, row_count=0,
    )
    log.info("supplier list %s refused: %s problems", list_id, count)
    return "failed"


def run_import(list_id: int) -> str:
    """The task's work: read, check and write the list (see the module's docstring)."""
    claimed = SupplierList.objects.filter(
        pk=list_id, status__in=[ListStatus.QUEUED, ListStatus.IMPORTING]
    ).update(status=ListStatus.IMPORTING, progress=5)
    if not claimed:
        return "skipped"
    supplier_list = SupplierList.objects.get(pk=list_id)
    try:
        with supplier_list.upload.open("rb") as stored:
            data = stored.read()
        table = reading.read(data, supplier_list.file_format)
        if len(table.frame.index) > max_rows():
            raise FileProblem("too_many_rows", limit=f"{max_rows():,}")
        _progress(list_id, 30)
        checked = validation.validate(table, supplier_list.mapping)
    except FileProblem as problem:
        return _fail(list_id, [problem.as_dict()], 1)
    except OSError:
        log.exception("supplier list %s: stored file unreadable", list_id)
        return _fail(list_id, [FileProblem("empty").as_dict()], 1)
    if checked.problem_count:
        problems = checked.problems + ([{"row": None, "column": "", "code": "more", "count": checked.problem_count}]
                                       if checked.problem_count > len(checked.problems) else [])
        return _fail(list_id, problems, checked.problem_count)
    _progress(list_id, 60)
    result = analysis.analyse(checked.frame, validation.analysis_spend(checked), checked.currency)
    _progress(list_id, 70)
    with transaction.atomic():
        locked = SupplierList.objects.select_for_update().get(pk=list_id)
        if locked.status != ListStatus.IMPORTING:
            return "skipped"
        SupplierRow.objects.filter(supplier_list_id=list_id).delete()
        _write_rows(list_id, checked.frame)
        locked.status = ListStatus.READY
        locked.progress = 100
        locked.errors = []
        locked.row_count = len(checked.frame.index)
        locked.analysis = result
        locked.imported_at = timezone.now()
        locked.save(update_fields=["status", "progress", "errors", "row_count", "analysis", "imported_at", "updated_at"])
        audit.record(None, "supplychain.imported", locked, rows=locked.row_count)
    return "imported"


def _write_rows(list_id: int, frame: Any) -> None:
    def blank(value: Any) -> Any:
        return None if value is None or value != value else value  # NaN != NaN

    columns_ = ["row_number", "item", "hs_code", "supplier", "country", "spend", "currency", "spend_usd", "volume_share",
                "lead_time_days", "inventory_cover_days", "qualified_alternates"]
    records = frame[columns_].astype(object).where(frame[columns_].notna(), None).itertuples(index=False, name=None)
    batch: list[SupplierRow] = []
    for (row_number, item, hs_code, supplier, country, spend, currency, spend_usd, share, lead, cover, alternates) in records:
        batch.append(SupplierRow(
            supplier_list_id=list_id, row_number=int(row_number), item=item, hs_code=hs_code or "", supplier=supplier,
            country=country, spend=round(float(spend), 2), currency=currency,
            spend_usd=None if blank(spend_usd) is None else round(float(spend_usd), 2),
            volume_share=None if blank(share) is None else round(float(share), 2),
            lead_time_days=None if blank(lead) is None else int(lead),
            inventory_cover_days=None if blank(cover) is None else int(cover),
            qualified_alternates=None if blank(alternates) is None else int(alternates),
        ))
        if len(batch) >= BATCH:
            SupplierRow.objects.bulk_create(batch)
            batch = []
    if batch:
        SupplierRow.objects.bulk_create(batch)

