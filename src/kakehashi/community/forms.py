from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import people

from .models import Comment, Flag, NotificationSettings, Post, TagFollow


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, *italic*, lists and links. Write @handle to notify a member."),
    )
    parent = forms.ModelChoiceField(queryset=Comment.objects.all(), required=False, widget=forms.HiddenInput)


class PostForm(forms.ModelForm):
    """Staff write and schedule posts. Times are in the writer's time zone."""

    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas, e.g. startups, ai.")
    )
    published_at = forms.DateTimeField(
        label=_("Publish at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: keep it a draft. A future time schedules it. In your time zone."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=people.approved_organisations()
    )

    class Meta:
        model = Post
        fields = ["title", "body", "language", "kind", "topic", "visibility", "organisation", "published_at", "pinned", "comments_closed"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["tags"] = [t for t in self.cleaned_data["tags_text"].split(",") if t.strip()]
        return data


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why?"), choices=Flag.Reason.choices)
    note = forms.CharField(label=_("Note for staff"), required=False, max_length=500)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("keep", "hide", "delete", "warn", "suspend")])
    note = forms.CharField(required=False, max_length=500)


class TagFollowForm(forms.Form):
    level = forms.ChoiceField(label=_("E-mail me about this tag"), choices=TagFollow.Level.choices)


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["replies", "mentions"]
        labels = {"replies": _("Notify me of replies to my comments"), "mentions": _("Notify me when someone mentions my @handle")}


class SearchForm(forms.Form):
    """The post list's search box: any language; a NUL is dropped, never an error page."""

    q = forms.CharField(label=_("Search posts"), required=False, max_length=300)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "").strip()
