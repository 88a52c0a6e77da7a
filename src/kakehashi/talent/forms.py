"""The "Am I eligible?" form. The page and the API both validate through it, so bad input
gets the same translated messages everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import eligibility, queries

JLPT_CHOICES = [("", _("none")), *[(str(n), f"N{n}") for n in range(1, 6)]]
JFT_CHOICES = [("", _("not taken")), ("A2", _("A2 or above (200+ of 250)")), ("A1", _("below A2"))]


class EligibilityForm(forms.Form):
    jlpt_level = forms.ChoiceField(label=_("JLPT level passed"), choices=JLPT_CHOICES, required=False)
    jlpt_date = forms.DateField(label=_("JLPT result date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    jft_level = forms.ChoiceField(label=_("JFT-Basic result"), choices=JFT_CHOICES, required=False)
    jft_date = forms.DateField(label=_("JFT-Basic test date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    care_test_date = forms.DateField(
        label=_("Care Japanese Evaluation Test passed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if you have not passed it."),
    )
    skills_ssw1 = forms.MultipleChoiceField(label=_("SSW (i) skills tests passed"), required=False, widget=forms.CheckboxSelectMultiple)
    skills_ssw2 = forms.MultipleChoiceField(label=_("SSW (ii) skills tests passed"), required=False, widget=forms.CheckboxSelectMultiple)
    titp2 = forms.MultipleChoiceField(
        label=_("Technical Intern Training (ii) completed in a job related to"), required=False, widget=forms.CheckboxSelectMultiple,
    )
    ssw1_months = forms.IntegerField(label=_("Months already spent in SSW (i)"), min_value=0, max_value=600, required=False, initial=0)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        fields = list(queries.fields_on(self.today))
        self.first = queries.first_test_dates(self.today)
        choices = [(f.code, f.name_in(language)) for f in fields]
        for name, options in (("skills_ssw1", choices), ("skills_ssw2", [(f.code, f.name_in(language)) for f in fields if f.has_ssw2]), ("titp2", choices)):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = options

    def _check_date(self, name: str, first: dt.date, test: Any) -> None:
        value = self.cleaned_data.get(name)
        if value is None:
            return
        if value > self.today:
            self.add_error(name, _("This date is in the future."))
        elif value < first:
            self.add_error(name, _("%(test)s did not exist before %(date)s.") % {"test": test, "date": first.isoformat()})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_date("jlpt_date", self.first["jlpt"], "JLPT")
        self._check_date("jft_date", self.first["jft"], "JFT-Basic")
        self._check_date("care_test_date", self.first["care"], _("The Care Japanese Evaluation Test"))
        if data.get("jlpt_level") and not data.get("jlpt_date") and "jlpt_date" not in self.errors:
            self.add_error("jlpt_date", _("Give the date of your JLPT result."))
        if data.get("jft_level") and not data.get("jft_date") and "jft_date" not in self.errors:
            self.add_error("jft_date", _("Give the date of your JFT-Basic test."))
        return data

    def candidate(self) -> eligibility.Candidate:
        data = self.cleaned_data
        skills = {(code, 1) for code in data.get("skills_ssw1") or []} | {(code, 2) for code in data.get("skills_ssw2") or []}
        return eligibility.Candidate(
            jlpt=int(data["jlpt_level"]) if data.get("jlpt_level") else None,
            jft_a2=data.get("jft_level") == "A2",
            care_test=data.get("care_test_date") is not None,
            skills=frozenset(skills),
            titp2=frozenset(data.get("titp2") or []),
            ssw1_months=data.get("ssw1_months") or 0,
        )
