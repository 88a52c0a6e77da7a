"""Forms of the pipeline pages: apply, a move with its reason, the interview, a note."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.core.timezones import zone_choices
from kakehashi.core.widgets import LongSelect, picker_attrs
from kakehashi.events.forms import LocalDateTimeField

from .models import MESSAGE_MAX, NOTE_MAX, REASON_MAX


class ApplyForm(forms.Form):
    message = forms.CharField(label=_("A message to the employer (optional)"), max_length=MESSAGE_MAX, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class MoveForm(forms.Form):
    target = forms.CharField(max_length=20, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InterviewForm(forms.Form):
    """The interview time is entered as a wall-clock time in a chosen zone, stored in UTC."""

    starts_at = LocalDateTimeField(label=_("Interview time"))
    timezone = forms.ChoiceField(label=_("Time zone of that time"), choices=zone_choices, widget=LongSelect(attrs=picker_attrs()))
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=480, initial=30)
    where = forms.CharField(label=_("Where or how"), max_length=300, required=False,
                            help_text=_("A video link, a telephone call or an address."))

    def interview_at(self) -> dt.datetime:
        data: dict[str, Any] = self.cleaned_data
        return data["starts_at"].replace(tzinfo=zoneinfo.ZoneInfo(data["timezone"]))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Private note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only people of your organisation see notes; the candidate never does."))


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand: my candidate profile, documents and the personal data of my applications are deleted for good."))
