"""The version form: one field per field of the source's text."""

from __future__ import annotations

from typing import Any

from django import forms

from .services import MAX_FIELD_CHARS
from .sources import Source


class VersionForm(forms.Form):
    def __init__(self, *args: Any, source: Source, original: dict[str, str], labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in source.fields:
            widget = forms.Textarea(attrs={"rows": 8 if name == "details" else 4}) if name in source.multiline or len(
                original.get(name, "")) > 200 else forms.TextInput()
            self.fields[name] = forms.CharField(
                label=labels.get(name, name), required=bool(original.get(name, "").strip()), max_length=MAX_FIELD_CHARS,
                widget=widget, strip=True,
            )
