from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import items
from .models import Agreement, Term


def sources_to_text(sources: list[dict[str, str]]) -> str:
    return "\n".join(f"{s['url']} {s.get('label', '')}".strip() for s in sources)


def text_to_sources(text: str) -> list[dict[str, str]]:
    """One source a line: its https:// address, then an optional label after a space."""
    sources = []
    for line in text.splitlines():
        url, _sep, label = line.strip().partition(" ")
        if url:
            sources.append({"url": url, "label": label.strip()})
    return sources


class AgreementForm(forms.ModelForm):
    sources_text = forms.CharField(
        label=_("Official sources"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: the https:// address of the official page, then an optional label."),
    )

    class Meta:
        model = Agreement
        fields = ["kind", "date", "signed", "parties", "title_en", "title_ja", "title_hi", "summary_en", "summary_ja", "summary_hi"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_ja": forms.Textarea(attrs={"rows": 3}),
            "summary_hi": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sources_text"].initial = sources_to_text(self.instance.sources)
        self._previous = {s["url"]: s.get("checked_on", "") for s in self.instance.sources or []}

    def service_kwargs(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        sources = text_to_sources(self.cleaned_data["sources_text"])
        for source in sources:  # an unchanged address keeps the date it was checked
            if self._previous.get(source["url"]):
                source["checked_on"] = self._previous[source["url"]]
        fields["sources"] = sources
        return fields


class TagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of item"), choices=items.choices)
    reference = forms.CharField(
        label=_("Item address"), max_length=100,
        help_text=_("The last part of the item's page address: a session's or post's slug, an opportunity's KK- reference."),
    )


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["en", "ja", "hi", "definition_en", "definition_ja", "definition_hi"]
        widgets = {f"definition_{c}": forms.Textarea(attrs={"rows": 2}) for c in ("en", "ja", "hi")}

    def _post_clean(self) -> None:
        # Only copy the values onto the term: the service validates it, refusing a term
        # already in the glossary (in any language) with its own message.
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GuideSearchForm(forms.Form):
    """The guides page's search box: any language; a NUL is dropped, never an error page."""

    q = forms.CharField(label=_("Search guides"), required=False, max_length=300)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", "").strip()
