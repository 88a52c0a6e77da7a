"""Programme figures of talent (staff only): the Specified Skilled Worker fields in force
at the end of the range (today without one). They are rules, not people, so the country
filter does not apply. The SSW pipeline (jobs, candidates, applications) adds its tables here."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.figures import Filters, Row, Table, require_staff

from . import queries


def tables(viewer: Any, filters: Filters) -> list[Table]:
    require_staff(viewer)
    fields = queries.fields_on(filters.end or timezone.localdate())
    return [
        Table("ssw_fields", _("Specified Skilled Worker fields in force"), [
            Row("fields", _("Fields"), fields.count()),
            Row("ssw2", _("Fields with SSW (ii)"), fields.filter(has_ssw2=True).count()),
            Row("care_test", _("Fields that need the care test"), fields.filter(needs_care_test=True).count()),
        ]),
    ]
