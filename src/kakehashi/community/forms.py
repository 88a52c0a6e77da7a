from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )
    parent = forms.ModelChoiceField(queryset=Comment.objects.all(), required=False, widget=forms.HiddenInput)
