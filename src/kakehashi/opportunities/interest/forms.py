"""Web input for interests, answers, thread messages and outcomes; services validate again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Outcome
from .services import MESSAGE_MAX, NOTE_MAX


class InterestForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    message = forms.CharField(
        label=_("Your message to the owner"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say who you are, what you offer or need, and why this opportunity fits. Plain text."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:  # nothing to choose: the service takes the only one
            self.fields["organisation"].initial = organisations.first()
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].required = False


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The sender's organisation is e-mailed this reason."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text. Both organisations can read it."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))
