"""Upload and column-mapping forms; the page and the API check through the same services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import columns


class UploadForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    name = forms.CharField(
        label=_("List name"), max_length=120,
        help_text=_("Upload again under the same name to make a new version; the previous analysis is kept for comparison."),
    )
    file = forms.FileField(label=_("Supplier file (CSV or XLSX)"))

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(o.pk, o.name) for o in organisations]


class MappingForm(forms.Form):
    """One menu per column: which header of the file holds it."""

    def __init__(self, *args: Any, headers: list[str], initial_mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —")), *[(h, h) for h in headers]]
        for column in columns.COLUMNS:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label, choices=choices, required=column.required, initial=initial_mapping.get(column.key, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [h for h in data.values() if h]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Each column of the file can be used once."))
        return data

    def mapping(self) -> dict[str, str]:
        return {key: header for key, header in self.cleaned_data.items() if header}
