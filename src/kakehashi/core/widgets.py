"""Form widgets.

`LongSelect` renders long lists in Python; `picker_attrs()` marks a <select> for the
searchable picker (static/kakehashi/site.js): without JavaScript it stays the native
<select>, with it a search box filters the options (a multiple choice becomes a filterable
list of check boxes with the chosen ones shown above it).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


def picker_attrs(**extra: object) -> dict[str, object]:
    """The attributes that turn a <select> into a searchable picker, with its strings translated."""
    return {
        "data-picker": "",
        "data-picker-filter": _("Type to filter"),
        "data-picker-none": _("Nothing matches."),
        "data-picker-remove": _("Remove"),
        **extra,
    }


class LongSelect(forms.Select):
    """A <select> for long lists (≈ 600 time zones), rendered in Python; options may be
    grouped ((group label, [(value, label), …]) → <optgroup>).

    Django renders one template per <option>: ≈ 38 ms for the time-zone list, most of the
    settings page. The output is the same markup, escaped the same way.
    """

    def _options(self, choices, selected: set[str]):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in selected else "", label) for key, label in choices),
        )

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        parts = []
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', key, self._options(label, selected)))
            else:
                parts.append(self._options([(key, label)], selected))
        return format_html("<select{}>{}</select>", flatatt(final), format_html_join("", "{}", ((p,) for p in parts)))


class LongSelectMultiple(LongSelect):
    """`LongSelect` (options rendered in Python) for a multiple choice."""

    allow_multiple_selected = True

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "multiple": True}

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False
