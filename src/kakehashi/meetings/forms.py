"""Forms of the meetings pages. Writes go through services; these only read input."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kakehashi.core.timezones import all_zones, zone_choices

from .models import Grid, Meeting, MeetingRequest, Participant

BLOCK_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$")
MAX_BLOCK_TEXT = 2000


def parse_blocks(text: str, zone: str) -> list[tuple[dt.datetime, dt.datetime]]:
    """Lines "2027-01-11 10:00–12:00" in `zone` → (start, end) in UTC."""
    tz = zoneinfo.ZoneInfo(zone)
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = BLOCK_LINE.match(line)
        if found is None:
            raise ValidationError(_("Line %(n)d: write a block as “2027-01-11 10:00–12:00”.") % {"n": number})
        day, start, end = found.groups()
        try:
            begins = dt.datetime.fromisoformat(f"{day}T{int(start[:-3]):02d}:{start[-2:]}").replace(tzinfo=tz)
            ends = dt.datetime.fromisoformat(f"{day}T{int(end[:-3]):02d}:{end[-2:]}").replace(tzinfo=tz)
        except ValueError:
            raise ValidationError(_("Line %(n)d: that is not a real date and time.") % {"n": number}) from None
        out.append((begins.astimezone(dt.UTC), ends.astimezone(dt.UTC)))
    return out


def blocks_text(blocks: list[tuple[dt.datetime, dt.datetime]], zone: str) -> str:
    tz = zoneinfo.ZoneInfo(zone)
    return "\n".join(f"{s.astimezone(tz):%Y-%m-%d %H:%M}–{e.astimezone(tz):%H:%M}" for s, e in blocks)


class GridForm(forms.ModelForm):
    zone = forms.ChoiceField(label=_("Times below are in"), choices=zone_choices)
    blocks = forms.CharField(
        label=_("Blocks of meeting time"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_BLOCK_TEXT,
        help_text=_("One block a line, e.g. 2027-01-11 10:00–12:00"),
    )
    close_local = forms.DateTimeField(
        label=_("Requests close"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the zone above. Unanswered requests expire then. Empty: when the session starts."),
    )

    class Meta:
        model = Grid
        fields = ["slot_minutes", "break_minutes", "place", "capacity", "cap", "mode", "room_url_template", "remind_hours"]

    def clean_zone(self) -> str:
        zone = self.cleaned_data["zone"]
        if zone not in all_zones():
            raise ValidationError(_("Choose a time zone from the list."))
        return zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("zone")
        if zone and "blocks" in data:
            data["block_times"] = parse_blocks(data["blocks"], zone)
        close = data.get("close_local")
        if zone and close is not None:
            data["requests_close_at"] = close.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
        else:
            data["requests_close_at"] = None
        return data

    def service_kwargs(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["room_url_template"] = (fields["room_url_template"] or "").strip()
        return {"blocks": self.cleaned_data["block_times"], "requests_close_at": self.cleaned_data["requests_close_at"], **fields}


class JoinForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(label=_("I take part for"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("My role"), choices=Participant.Role.choices, initial=Participant.Role.OTHER)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    receiver = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    priority = forms.ChoiceField(label=_("Priority"), choices=MeetingRequest.Priority.choices, initial=MeetingRequest.Priority.LIKE)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class FilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any")), ("IN", _("India")), ("JP", _("Japan"))])
    sector = forms.CharField(label=_("Sector code"), required=False, max_length=10)
    kind = forms.CharField(label=_("Kind of opportunity"), required=False, max_length=32)


class RunForm(forms.Form):
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=30)
    lock_published = forms.BooleanField(label=_("Keep every published meeting where it is"), required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Meeting.Outcome.choices)
