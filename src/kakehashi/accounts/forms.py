from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.core.countries import other_country_choices
from kakehashi.core.languages import CODES, LANGUAGES
from kakehashi.core.models import Sector
from kakehashi.core.timezones import all_zones, zone_choices
from kakehashi.core.widgets import LongSelect, picker_attrs
from kakehashi.notices import queries as notice_queries
from kakehashi.notices.kinds import SWITCHES

from .models import Membership, Organisation, User, validate_handle
from .regions import is_region_of, region_choices
from .services import suggest_handle

DESCRIPTION_MAX = 5000


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(label=_("Your name"), max_length=120)

    field_order = ["display_name", "email", "password1", "password2"]


class SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return f"{obj.code} · {obj.name}"


class OrganisationForm(forms.ModelForm):
    """Create or edit an organisation. Descriptions: one field per language, at least one."""

    sectors = SectorChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.filter(level=Sector.Level.DIVISION),
        help_text=_("ISIC Rev.4 divisions; choose up to five."),
        widget=forms.SelectMultiple(attrs=picker_attrs(size=8)),
    )
    website = forms.URLField(
        label=_("website"), max_length=300, required=False, assume_scheme="https",
        help_text=_("https:// is added when you leave it out."),
    )
    description_en = forms.CharField(label=_("Description in English"), required=False, max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    description_ja = forms.CharField(label=_("Description in Japanese"), required=False, max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 5, "lang": "ja"}))
    description_hi = forms.CharField(label=_("Description in Hindi"), required=False, max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 5, "lang": "hi"}))

    class Meta:
        model = Organisation
        fields = ["name", "name_local", "country", "other_country", "org_type", "size_band", "region_code", "city", "website", "sectors"]
        widgets = {"region_code": forms.Select(attrs=picker_attrs()), "other_country": forms.Select(attrs=picker_attrs())}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for code, label in region_choices("IN"):
            grouped.setdefault(str(_("India")), []).append((code, label))
        for code, label in region_choices("JP"):
            grouped.setdefault(str(_("Japan")), []).append((code, label))
        self.fields["region_code"].widget.choices = [("", "—"), *grouped.items()]
        self.fields["other_country"].widget.choices = [("", "—"), *other_country_choices()]
        if self.instance.pk:
            for d in self.instance.descriptions.all():
                self.fields[f"description_{d.language}"].initial = d.text

    def clean_sectors(self):
        sectors = self.cleaned_data["sectors"]
        if len(sectors) > 5:
            raise forms.ValidationError(_("Choose at most five sectors."))
        return sectors

    def clean(self):
        data = super().clean()
        country = data.get("country")
        region = data.get("region_code")
        if country in ("IN", "JP"):
            if region and not is_region_of(region, country):
                self.add_error("region_code", _("Choose a state or prefecture of the country you selected."))
            data["other_country"] = ""
        elif country == Organisation.Country.OTHER:
            if not data.get("other_country"):
                self.add_error("other_country", _("Say which country the organisation is in."))
            elif data["other_country"] not in dict(other_country_choices()):
                self.add_error("other_country", _("Unknown country."))
            data["region_code"] = ""
        if not any((data.get(f"description_{lang}") or "").strip() for lang in CODES):
            self.add_error("description_en", _("Describe the organisation in at least one language."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "sectors"}
        return {
            "sectors": list(data["sectors"]),
            "descriptions": {lang: data.get(f"description_{lang}", "") for lang in CODES},
            **fields,
        }


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(status="approved").order_by("name"),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    message = forms.CharField(
        label=_("Message to the organisation"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProfileForm(forms.ModelForm):
    handle = forms.CharField(
        label=_("Handle"), required=False, max_length=31,  # 30, or 31 with a leading @
        help_text=User._meta.get_field("handle").help_text,
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices, widget=LongSelect(attrs=picker_attrs()))
    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGES)

    class Meta:
        model = User
        fields = ["display_name", "handle", "job_title", "bio", "language", "timezone"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handle"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})
        if self.instance.pk and not self.instance.handle:
            self.initial["handle"] = suggest_handle(self.instance)

    def clean_handle(self):
        """Lower case; blank keeps the current handle (it cannot be removed once set)."""
        value = (self.cleaned_data.get("handle") or "").strip().lstrip("@").lower()
        if not value:
            return self.instance.handle
        validate_handle(value)
        if User.objects.filter(handle__iexact=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This handle is taken."))
        return value

    def clean_timezone(self):
        value = self.cleaned_data["timezone"]
        if value not in all_zones():
            raise forms.ValidationError(_("Unknown time zone."))
        return value


class NotificationPreferencesForm(forms.ModelForm):
    """The e-mail switches: activity in general, the digest, and one per kind of notice
    that comes with an e-mail (`notices.kinds.SWITCHES`; cleaned into `email_switches`)."""

    class Meta:
        model = User
        fields = ["email_notifications", "digest"]
        widgets = {"digest": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = notice_queries.email_switches(self.instance) if self.instance.pk else {}
        # Present when the page showed the switches: a client that posts only the fields
        # above leaves the switches as they are (an absent checkbox would read as "off").
        self.fields["email_switches_shown"] = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)
        for kind in SWITCHES:
            self.fields[f"email_{kind.key}"] = forms.BooleanField(
                label=str(kind.switch), required=False, initial=current.get(kind.key, True),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        switches = {kind.key: bool(data.pop(f"email_{kind.key}", False)) for kind in SWITCHES}
        if data.pop("email_switches_shown", False):
            data["email_switches"] = switches
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label=_("Type your e-mail address to confirm"), max_length=254)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().lower()
        if value != self.user.email.lower():
            raise forms.ValidationError(_("That is not the e-mail address of this account."))
        return value


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("For example the script or laptop that uses it."))
