"""Upload and column-mapping forms; the page and the API check through the same services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import columns, countrydata, scoring, simulation
from .models import ScenarioKind


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


MOVE_ROWS = 3


class WeightsForm(forms.Form):
    """One weight per criterion and an investment-strategy rating per country shown."""

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.countries = countries
        for criterion in scoring.CRITERIA:
            self.fields[f"weight_{criterion.key}"] = forms.FloatField(
                label=criterion.label, min_value=0, max_value=scoring.MAX_WEIGHT,
                initial=criterion.default_weight,
            )
        for iso3 in countries:
            self.fields[f"rating_{iso3}"] = forms.FloatField(
                label=countrydata.countries()[iso3].name, min_value=0, max_value=10, required=False,
                help_text=_("Your investment-strategy rating, 0–10 (existing plants, incentives you value); blank if none."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = {c.key: data.get(f"weight_{c.key}") for c in scoring.CRITERIA}
        if all(v is not None for v in weights.values()) and not any(weights.values()):
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return data

    def weights(self) -> dict[str, float]:
        return {c.key: float(self.cleaned_data[f"weight_{c.key}"]) for c in scoring.CRITERIA}

    def ratings(self) -> dict[str, float | None]:
        return {iso3: self.cleaned_data.get(f"rating_{iso3}") for iso3 in self.countries}


class SimulationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Scenario"), choices=ScenarioKind.choices, initial=ScenarioKind.CLOSURE)
    weeks = forms.IntegerField(label=_("Weeks (N)"), min_value=1, max_value=simulation.MAX_WEEKS, initial=4)
    countries = forms.CharField(
        label=_("Countries closed"), required=False, max_length=200,
        help_text=_("ISO codes separated by commas, e.g. CN, VN (closure scenario)."),
    )
    suppliers = forms.MultipleChoiceField(label=_("Suppliers closed"), required=False, choices=())
    draws = forms.IntegerField(label=_("Draws"), min_value=1, max_value=simulation.MAX_DRAWS, initial=1000)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=1)
    hazard_rate = forms.FloatField(
        label=_("Hazard rate"), min_value=0, max_value=1, initial=0.25,
        help_text=_("Chance of an N-week disruption in a country whose INFORM hazard and exposure is 10."),
    )

    def __init__(self, *args: Any, suppliers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suppliers"].choices = [(name, name) for name in suppliers]  # type: ignore[attr-defined]
        for n in range(1, MOVE_ROWS + 1):
            self.fields[f"move{n}_from_country"] = forms.CharField(label=_("From country"), required=False, max_length=3)
            self.fields[f"move{n}_from_supplier"] = forms.ChoiceField(
                label=_("or from supplier"), required=False, choices=[("", "—"), *self.fields["suppliers"].choices],  # type: ignore[attr-defined]
            )
            self.fields[f"move{n}_to_country"] = forms.CharField(label=_("To country"), required=False, max_length=3)
            self.fields[f"move{n}_percent"] = forms.FloatField(
                label=_("Share moved (%)"), required=False, min_value=0, max_value=100,
            )

    def scenario_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kind", "weeks", "countries", "suppliers", "draws", "seed", "hazard_rate")]

    def move_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"move{n}_{part}"] for part in ("from_country", "from_supplier", "to_country", "percent")]
                for n in range(1, MOVE_ROWS + 1)]

    def clean_countries(self) -> list[str]:
        codes = [c.strip() for c in self.cleaned_data["countries"].replace("、", ",").split(",") if c.strip()]
        result = []
        for code in codes:
            iso3 = countrydata.resolve(code)
            if iso3 is None:
                raise forms.ValidationError(_("Unknown country code: %(code)s."), params={"code": code[:10]})
            result.append(iso3)
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ScenarioKind.CLOSURE and not (data.get("countries") or data.get("suppliers")):
            raise forms.ValidationError(_("Choose a country or a supplier to close."))
        try:
            self.cleaned_moves = simulation.validated_moves(self._moves(data))
        except simulation.SimulationInputError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    def _moves(self, data: dict[str, Any]) -> list[simulation.Move]:
        moves = []
        for n in range(1, MOVE_ROWS + 1):
            parts = [data.get(f"move{n}_{p}") for p in ("from_country", "from_supplier", "to_country", "percent")]
            if not any(p not in (None, "") for p in parts):
                continue
            if parts[3] is None:
                raise simulation.SimulationInputError(_("Give the share to move, 0–100 %."))
            moves.append(simulation.Move(parts[2] or "", float(parts[3]) / 100, parts[0] or "", parts[1] or ""))
        return moves

    def scenario(self) -> simulation.Scenario:
        d = self.cleaned_data
        return simulation.Scenario(
            d["kind"], d["weeks"], tuple(d["countries"]) if d["kind"] == ScenarioKind.CLOSURE else (),
            tuple(d["suppliers"]) if d["kind"] == ScenarioKind.CLOSURE else (), d["draws"], d["seed"], d["hazard_rate"],
        )
