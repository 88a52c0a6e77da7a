"""Web forms of events. Each hands clean data to a service (`service_kwargs()`)."""

import datetime as dt
import zoneinfo
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.community.models import Post
from kakehashi.core.languages import LANGUAGES
from kakehashi.core.timezones import zone_choices
from kakehashi.core.widgets import LongSelect, picker_attrs

from . import queries
from .models import MAX_REMINDER_MINUTES, MAX_REMINDERS, Question, Series, Session, Speaker

MAX_PHOTO_BYTES = 2 * 1024 * 1024


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time without a zone (the session's zone is chosen beside it)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> dt.datetime | None:
        with timezone.override(dt.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "description", "language", "organisation"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = queries.organiser_organisations(user).order_by("name")
        field.required = not user.is_staff
        if user.is_staff:
            field.help_text = _("Empty: the series is run by the staff of this platform.")

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "title", "affiliation", "bio", "photo"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is too large (at most 2 MB)."))
        return photo

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def parse_hours(text: str) -> list[int]:
    """'24, 1' → [1440, 60] (minutes). Raises ValidationError on anything else."""
    minutes = []
    for part in text.replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            hours = float(part)
        except ValueError:
            raise forms.ValidationError(_("Write hours as numbers separated by commas, e.g. 24, 1.")) from None
        value = round(hours * 60)
        if not 1 <= value <= MAX_REMINDER_MINUTES:
            raise forms.ValidationError(_("Each reminder must be between 1 minute and 30 days before the start."))
        minutes.append(value)
    if len(set(minutes)) > MAX_REMINDERS:
        raise forms.ValidationError(_("Give at most %(n)d reminders.") % {"n": MAX_REMINDERS})
    return sorted(set(minutes), reverse=True)


def _hours_text(minutes: list[int]) -> str:
    return ", ".join(f"{m / 60:g}" for m in minutes)


class SessionForm(forms.ModelForm):
    """Start and end are entered in the session's own zone and stored in UTC."""

    starts_at = LocalDateTimeField(label=_("Starts"), help_text=_("In the session's time zone."))
    ends_at = LocalDateTimeField(label=_("Ends"), help_text=_("In the session's time zone."))
    timezone = forms.ChoiceField(label=_("Time zone of the session"), choices=zone_choices, widget=LongSelect(attrs=picker_attrs()), initial="Asia/Kolkata")
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False)
    reminder_hours = forms.CharField(
        label=_("Reminders (hours before the start)"), max_length=60, required=False, initial="24, 1",
        help_text=_("Separate with commas, e.g. 24, 1. Empty: no reminders."),
    )
    speakers = forms.ModelMultipleChoiceField(label=_("Speakers"), queryset=Speaker.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    writeup_post = forms.ModelChoiceField(label=_("Write-up post"), queryset=Post.objects.none(), required=False)

    class Meta:
        model = Session
        fields = [
            "title", "abstract", "kind", "languages", "timezone", "starts_at", "ends_at", "format", "online_url", "venue",
            "capacity", "visitors_may_register", "published", "recorded", "recording_url", "writeup_post", "feedback_survey",
        ]
        widgets = {"abstract": forms.Textarea(attrs={"rows": 8}), "venue": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, series: Series, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["speakers"]).queryset = series.speakers.all()
        cast(forms.ModelChoiceField, self.fields["writeup_post"]).queryset = Post.objects.filter(published_at__isnull=False, hidden_at=None).order_by("-published_at")
        instance = self.instance
        if instance.pk:
            zone = instance.zone
            self.initial["starts_at"] = instance.starts_at.astimezone(zone).replace(tzinfo=None)
            self.initial["ends_at"] = instance.ends_at.astimezone(zone).replace(tzinfo=None)
            self.initial["reminder_hours"] = _hours_text(instance.reminder_offsets)
            self.initial["speakers"] = list(instance.speakers.all())

    def clean_reminder_hours(self) -> list[int]:
        return parse_hours(self.cleaned_data.get("reminder_hours", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        zone_name = data.get("timezone")
        for name in ("starts_at", "ends_at"):
            if data.get(name) is None:
                continue
            if zone_name:  # a wall-clock time in the session's zone
                data[name] = data[name].replace(tzinfo=zoneinfo.ZoneInfo(zone_name))
            else:  # no valid zone: its field has the error; keep the model from seeing a naive time
                data[name] = data[name].replace(tzinfo=dt.UTC)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["capacity"] = data["capacity"] if data["capacity"] is not None else None
        data["reminder_offsets"] = self.cleaned_data["reminder_hours"]
        data["speakers"] = list(self.cleaned_data["speakers"])
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "required"]


class RegistrationForm(forms.Form):
    """One field per registration question; a visitor also gives a name and an address."""

    def __init__(self, *args: Any, session: Session, visitor: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if visitor:
            self.fields["name"] = forms.CharField(label=_("Your name"), max_length=200)
            self.fields["email"] = forms.EmailField(
                label=_("Your e-mail address"), max_length=254,
                help_text=_("We send a link to confirm it; your place is held once you confirm."),
            )
        self.questions = list(session.questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text, required=question.required, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}", "") for q in self.questions}


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    include_waitlist = forms.BooleanField(label=_("Also send to the waiting list"), required=False)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns “email” and “attended” (yes or no). The exported CSV works."),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the session? (5 = very useful)"), coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
