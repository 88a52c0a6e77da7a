"""Web input for opportunities. Forms check the shape of the input; the rules of the
review workflow (what a kind needs, expiry window, transitions) live in `services`, whose
errors the views attach to these forms."""

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.forms import SectorChoiceField
from kakehashi.core.countries import country_name, other_country_choices
from kakehashi.core.models import Sector
from kakehashi.core.validation import without_nul
from kakehashi.core.widgets import LongSelect

from .models import AIM_OF_KIND, Aim, CompanyStage, Kind, Language, Opportunity, Outcome
from .services import DETAILS_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_DAYS = 180


class LongSelectMultiple(LongSelect):
    """`LongSelect` (options rendered in Python) for a multiple choice."""

    allow_multiple_selected = True

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "multiple": True}

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False


def kinds_by_aim() -> "list[tuple[StrOrPromise, list[tuple[str, StrOrPromise]]]]":
    """The kinds grouped under their aim, for an <optgroup> menu."""
    return [(aim_label, [(k, label) for k, label in Kind.choices if AIM_OF_KIND[k] == aim]) for aim, aim_label in Aim.choices]


def country_choices() -> list[tuple[str, str]]:
    """India and Japan first, then every other country, in the active language."""
    return [("IN", country_name("IN")), ("JP", country_name("JP")), *other_country_choices()]


class OpportunityForm(forms.ModelForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    sectors = SectorChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.filter(level=Sector.Level.DIVISION),
        required=False,
        help_text=_("ISIC Rev.4 divisions; choose up to five."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"),
        required=False,
        choices=country_choices,
        widget=LongSelectMultiple(attrs={"size": 6}),
        help_text=_("Where you look for partners. Leave empty for any country."),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        choices=[("", _("Detect from the text")), *Language.choices],
        help_text=_("Detected from the text when you save; change it if the guess is wrong."),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you offer or need, requirements, timeline. Plain text, up to 10,000 characters."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most twelve months ahead. You can renew it later."),
    )

    class Meta:
        model = Opportunity
        fields = [
            "organisation", "kind", "title", "summary", "details", "language", "sectors", "target_countries",
            "trl", "company_stage", "ticket_min_usd", "ticket_max_usd", "visibility", "expires_on", "notify_matches",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "trl": forms.NumberInput(attrs={"min": 1, "max": 9}),
        }
        help_texts = {
            "summary": _("Two or three sentences shown in search results."),
            "trl": _("Technology, joint R&D and pilot-project opportunities: 1 (basic research) to 9 (proven in operation)."),
            "company_stage": _("Investment opportunities: the stage of the company that seeks or receives investment."),
            "ticket_min_usd": _("Investment opportunities only."),
            "visibility": _("Anonymous: members see a reference code instead of your organisation until you accept their interest."),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if self.instance.pk:
            del self.fields["organisation"]  # an opportunity stays with its organisation
        else:
            self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS)
        self.fields["kind"].choices = [("", "—"), *kinds_by_aim()]
        self.fields["company_stage"].choices = [("", "—"), *CompanyStage.choices]
        self.fields["title"].widget.attrs["maxlength"] = 200
        self.fields["summary"].widget.attrs["maxlength"] = 600

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data.pop("organisation", None)
        data["sectors"] = list(data["sectors"])
        data["company_stage"] = data["company_stage"] or ""
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments for the owner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent by e-mail in the owner's language; write what should change."),
    )


class RenewForm(forms.Form):
    expires_on = forms.DateField(
        label=_("New expiry date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most twelve months ahead."),
    )


class CloseForm(forms.Form):
    # No outcome is preselected: closing with "Meeting held" by accident would misreport it.
    outcome = forms.ChoiceField(label=_("What came of it?"), choices=[("", _("Choose an outcome")), *Outcome.choices])


PARAMS = ("q", "kind", "aim", "sector", "country", "target_country", "stage")


def search_params(get) -> dict[str, str]:
    """The search page's query string, cleaned: unknown values are dropped, never an error."""
    params = {key: without_nul(get.get(key, "")).strip()[:300 if key == "q" else 40] for key in PARAMS}
    allowed = {
        "kind": Kind.values, "aim": Aim.values, "country": ["IN", "JP"], "stage": CompanyStage.values,
        "target_country": [code for code, _name in country_choices()],
    }
    for key, values in allowed.items():
        if params[key] not in values:
            params[key] = ""
    if params["sector"] and not params["sector"].isalnum():
        params["sector"] = ""
    return params
