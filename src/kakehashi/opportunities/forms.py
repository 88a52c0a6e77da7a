"""Web input for opportunities. Forms check the shape of the input; the rules of the
review workflow (what a kind needs, expiry window, transitions) live in `services`, whose
errors the views attach to these forms."""

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.forms import SectorChoiceField
from kakehashi.core.countries import country_name, other_country_choices
from kakehashi.core.models import Sector
from kakehashi.core.validation import without_nul
from kakehashi.core.widgets import LongSelectMultiple, picker_attrs

from .models import AIM_OF_KIND, INVESTMENT_KINDS, TRL_KINDS, Aim, CompanyStage, Kind, Language, Opportunity, Outcome
from .services import DETAILS_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEFAULT_DAYS = 180

# The fields that apply to some kinds only (services._check_kind_fields says the same).
KIND_FIELDS: dict[str, frozenset[str]] = {
    "trl": frozenset(TRL_KINDS),
    "company_stage": frozenset(INVESTMENT_KINDS),
    "ticket_min_usd": frozenset(INVESTMENT_KINDS),
    "ticket_max_usd": frozenset(INVESTMENT_KINDS),
}


def kinds_by_aim() -> "list[tuple[StrOrPromise, list[tuple[str, StrOrPromise]]]]":
    """The kinds grouped under their aim, for an <optgroup> menu."""
    return [(aim_label, [(k, label) for k, label in Kind.choices if AIM_OF_KIND[k] == aim]) for aim, aim_label in Aim.choices]


def country_choices() -> list[tuple[str, str]]:
    """India and Japan first, then every other country, in the active language."""
    return [("IN", country_name("IN")), ("JP", country_name("JP")), *other_country_choices()]
# Optional in a draft, needed to submit (for the kinds they apply to).
NEEDED_TO_SUBMIT = ("sectors", "trl", "ticket_min_usd", "ticket_max_usd")


class OpportunityForm(forms.ModelForm):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    sectors = SectorChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.filter(level=Sector.Level.DIVISION),
        required=False,
        help_text=_("ISIC Rev.4 divisions; choose up to five."),
        widget=forms.SelectMultiple(attrs=picker_attrs(size=8)),
    )
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"),
        required=False,
        choices=country_choices,
        widget=LongSelectMultiple(attrs=picker_attrs(size=6)),
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
        }
        help_texts = {
            "summary": _("Two or three sentences shown in search results."),
            "trl": _("1 (basic research) to 9 (proven in operation). Needed to submit a technology, joint R&D or pilot-project opportunity."),
            "company_stage": _("The stage of the company that seeks or receives investment. Needed to submit “Investment sought”."),
            "ticket_min_usd": _("Needed to submit an investment opportunity."),
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
        trl = self.fields["trl"]
        trl.min_value, trl.max_value = 1, 9
        trl.validators = [v for v in trl.validators if not hasattr(v, "limit_value")]
        trl.validators += [MinValueValidator(1, _("Enter a level from 1 to 9.")), MaxValueValidator(9, _("Enter a level from 1 to 9."))]
        trl.widget.attrs.update(min=1, max=9)  # the model field's own bounds (0…32767) were set on it
        for name, kinds in KIND_FIELDS.items():  # shown only for their kinds (opportunities/kind-fields.js)
            self.fields[name].widget.attrs["data-kinds"] = " ".join(sorted(kinds))
        for name in NEEDED_TO_SUBMIT:  # marked "needed to submit" instead of "optional" (core/_field.html)
            self.fields[name].needed_to_submit = True

    def clean(self):
        """Fields that do not apply to the chosen kind are emptied, not refused: a member who
        filled in a TRL and then switched the kind to "Business partnership offer" has nothing
        to correct (the page hides those fields with JavaScript; without it they stay visible)."""
        data = super().clean()
        kind = data.get("kind")
        if kind:
            for name, kinds in KIND_FIELDS.items():
                if kind not in kinds and name in data:
                    data[name] = "" if name == "company_stage" else None
        return data

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
