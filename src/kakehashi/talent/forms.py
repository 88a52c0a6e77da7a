"""Forms of talent. The "Am I eligible?" form: the page and the API both validate through it,
so bad input gets the same translated messages everywhere. The job and profile forms parse
input; the services validate it completely (the API goes through the same services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.regions import region_choices

from . import eligibility, queries
from .models import CandidateDocument, CandidateProfile, Job

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


# --- Jobs and candidate profiles (validated completely by the services) -------------------

LEVEL_CHOICES = [(1, _("SSW (i)")), (2, _("SSW (ii)"))]
DATE = {"type": "date"}


def _field_choices(language: str) -> list[tuple[str, str]]:
    return [(f.code, f.name_in(language)) for f in queries.fields_on()]


def _prefecture_choices() -> list[tuple[str, str]]:
    return region_choices("JP")


class EmployerRequestForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    note = forms.CharField(label=_("About your SSW hiring"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = organisations


class JobForm(forms.ModelForm):
    field_code = forms.ChoiceField(label=_("SSW field"))
    category = forms.ChoiceField(label=_("Job category with its own language rule"), required=False,
                                 choices=[("", _("none")), ("bus_taxi", _("bus and taxi driving"))])
    prefecture = forms.ChoiceField(label=_("Prefecture"))
    required_jlpt = forms.TypedChoiceField(label=_("JLPT level the employer asks for"), coerce=int, empty_value=None,
                                           required=False, choices=JLPT_CHOICES)

    class Meta:
        model = Job
        fields = ["field_code", "level", "category", "title_en", "title_ja", "duties_en", "duties_ja", "prefecture", "city",
                  "monthly_wage_jpy", "hours_per_week", "hours_note", "housing", "housing_note", "support_organisation",
                  "support_registration", "required_jlpt", "required_tests", "openings", "start_date", "interview_mode"]
        widgets = {"start_date": forms.DateInput(attrs=DATE), "duties_en": forms.Textarea(attrs={"rows": 5}),
                   "duties_ja": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_code"].choices = _field_choices(language)  # type: ignore[attr-defined]
        self.fields["prefecture"].choices = _prefecture_choices()  # type: ignore[attr-defined]


class JobFilterForm(forms.Form):
    field = forms.ChoiceField(label=_("SSW field"), required=False)
    prefecture = forms.ChoiceField(label=_("Prefecture"), required=False)
    min_wage = forms.IntegerField(label=_("Monthly wage from (JPY)"), min_value=0, max_value=2_000_000, required=False)
    start_from = forms.DateField(label=_("Starting from"), required=False, widget=forms.DateInput(attrs=DATE))
    start_by = forms.DateField(label=_("Starting by"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("any")), *_field_choices(language)]  # type: ignore[attr-defined]
        self.fields["prefecture"].choices = [("", _("any")), *_prefecture_choices()]  # type: ignore[attr-defined]

    def filters(self) -> queries.JobFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return queries.JobFilters(field=data.get("field") or "", prefecture=data.get("prefecture") or "",
                                  min_wage=data.get("min_wage"), start_from=data.get("start_from"), start_by=data.get("start_by"))


class ProfileForm(forms.ModelForm):
    fields_of_interest = forms.MultipleChoiceField(label=_("Fields of interest"), required=False, widget=forms.CheckboxSelectMultiple)
    preferred_prefectures = forms.MultipleChoiceField(label=_("Preferred prefectures"), required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    jlpt_level = forms.TypedChoiceField(label=_("JLPT level passed"), coerce=int, empty_value=None, required=False, choices=JLPT_CHOICES)

    class Meta:
        model = CandidateProfile
        fields = ["fields_of_interest", "jlpt_level", "jlpt_date", "jft_score", "jft_date", "care_test_date", "ssw1_months",
                  "work_experience", "education", "languages", "preferred_prefectures", "available_from", "expected_wage_jpy",
                  "discoverable"]
        widgets = {name: forms.DateInput(attrs=DATE) for name in ("jlpt_date", "jft_date", "care_test_date", "available_from")}

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_of_interest"].choices = _field_choices(language)  # type: ignore[attr-defined]
        self.fields["preferred_prefectures"].choices = _prefecture_choices()  # type: ignore[attr-defined]


class SkillsTestForm(forms.Form):
    field_code = forms.ChoiceField(label=_("SSW field"))
    level = forms.TypedChoiceField(label=_("SSW level"), coerce=int, choices=LEVEL_CHOICES)
    passed_on = forms.DateField(label=_("Passed on"), widget=forms.DateInput(attrs=DATE))
    score = forms.IntegerField(label=_("Score (%)"), required=False)
    certificate = forms.FileField(label=_("Certificate (PDF, JPEG or PNG, at most 5 MB)"), required=False)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_code"].choices = _field_choices(language)  # type: ignore[attr-defined]


class TitpForm(forms.Form):
    field_code = forms.ChoiceField(label=_("Related SSW field"))
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, choices=[(1, _("TITP (i)")), (2, _("TITP (ii)")), (3, _("TITP (iii)"))])
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=forms.DateInput(attrs=DATE),
                                   help_text=_("Empty while in progress."))

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_code"].choices = _field_choices(language)  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CandidateDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 5 MB)"))
