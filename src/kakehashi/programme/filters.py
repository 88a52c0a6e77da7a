"""The dashboard's filters from a query string: a date range (UTC days, both included) and an
organisation country. Bad values are form errors in the viewer's language, never a 500."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.people import OrganisationCountry
from kakehashi.core.figures import Filters

EARLIEST = dt.date(2000, 1, 1)


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    country = forms.ChoiceField(
        label=_("Organisation country"), required=False,
        choices=[("", _("All countries")), *OrganisationCountry.choices],
    )

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day is not None and not EARLIEST <= day <= dt.date(2100, 12, 31):
                self.add_error(name, _("Choose a date between 2000 and 2100."))
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        """The valid filters (call after is_valid(); an invalid field is left out)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Filters(
            start=data.get("start") if "start" not in self.errors else None,
            end=data.get("end") if "end" not in self.errors else None,
            country=data.get("country") or "" if "country" not in self.errors else "",
        )


def from_query(query: QueryDict) -> FilterForm:
    form = FilterForm(query if any(k in query for k in ("start", "end", "country")) else None)
    form.is_valid()
    return form


def as_query(filters: Filters) -> str:
    """The query string that selects `filters` (for chart and export links)."""
    params = {"start": filters.start.isoformat() if filters.start else "",
              "end": filters.end.isoformat() if filters.end else "", "country": filters.country}
    return urlencode({k: v for k, v in params.items() if v})
