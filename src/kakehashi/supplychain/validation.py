"""Checking the rows of a supplier file, column by column (pandas, vectorised).

`validate(table, mapping)` gives the clean frame (typed columns under the canonical keys)
and the problems, each with the row's number in the file. Values are checked once per
distinct value where that is what costs (country names, currencies), so a million rows with
fifty countries resolve fifty names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from . import countries
from .columns import KEYS, missing_required
from .problems import FileProblem
from .reading import Table

MAX_PROBLEMS = 200  # listed; the count covers them all
TEXT_LIMIT = 200
NUMERIC = ("spend", "spend_usd", "volume_share")
WHOLE = ("lead_time_days", "inventory_cover_days", "qualified_alternates")
_HS = re.compile(r"^\d{2,6}$")


@dataclass
class Checked:
    frame: pd.DataFrame
    problems: list[dict[str, Any]] = field(default_factory=list)
    problem_count: int = 0
    currency: str = ""  # the analysis currency: the list's one currency, or USD from spend_usd

    def add(self, mask: Any, rows: Any, code: str, column: str, values: Any = None, **params: Any) -> None:
        """Record `code` for the rows where `mask` is true (the first MAX_PROBLEMS of them)."""
        positions = np.flatnonzero(np.asarray(mask))
        self.problem_count += len(positions)
        room = MAX_PROBLEMS - len(self.problems)
        for position in positions[: max(room, 0)]:
            problem = {"row": int(rows[position]), "column": column, "code": code, **params}
            if values is not None:
                problem["value"] = str(values[position])[:80]
            self.problems.append(problem)


_NOISE = re.compile(r"[,\s%¥₹$€£]")


def _stripped(column: pd.Series) -> pd.Series:
    """The column's values without surrounding spaces. Done once per distinct value and put
    back by code (pandas' str methods without pyarrow loop in Python over every row)."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    clean = np.array([str(u).strip() for u in uniques], dtype=object)
    return pd.Series(clean[codes] if len(codes) else np.array([], dtype=object), index=column.index, dtype=object)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        try:
            return float(_NOISE.sub("", unicodedata.normalize("NFKC", text)))
        except ValueError:
            return np.nan


def _numbers(text: pd.Series) -> pd.Series:
    """Numbers, also written with thousands separators, spaces, full-width digits, %, currency
    signs; parsed once per distinct value."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object))
    parsed = np.array([_number(u) if u else np.nan for u in uniques], dtype=np.float64)
    return pd.Series(parsed[codes] if len(codes) else np.array([], dtype=np.float64), index=text.index)


def _folded(values: pd.Series) -> pd.Series:
    """Case-folded, once per distinct value."""
    return values.map({v: v.casefold() for v in pd.unique(values)})


def validate(table: Table, mapping: dict[str, str]) -> Checked:
    missing = missing_required(mapping)
    if missing:
        raise FileProblem("missing_columns", keys=missing)
    if table.frame.empty:
        raise FileProblem("empty")
    rows = table.row_numbers
    source = table.frame
    text = {key: (_stripped(source[mapping[key]]) if mapping.get(key) else None) for key in KEYS}
    out = pd.DataFrame(index=source.index)
    checked = Checked(out)

    for key in ("item", "supplier"):
        values = text[key]
        assert values is not None
        checked.add(values == "", rows, "required", key)
        too_long = values.map(len) > TEXT_LIMIT
        checked.add(too_long, rows, "too_long", key, limit=TEXT_LIMIT)
        out[key] = values.where(~too_long, values[too_long].map(lambda v: v[:TEXT_LIMIT]))

    # Countries: resolve each distinct name once.
    names = text["country"]
    assert names is not None
    distinct = pd.unique(names)
    resolved = {name: countries.resolve(name) for name in distinct}
    codes = names.map(resolved)
    checked.add(names == "", rows, "required", "country")
    unknown = codes.isna() & (names != "")
    if unknown.any():
        suggested = {name: countries.suggestions(name) for name in pd.unique(names[unknown])}
        for position in np.flatnonzero(unknown.to_numpy())[: max(MAX_PROBLEMS - len(checked.problems), 0)]:
            name = names.iat[position]
            checked.problems.append({
                "row": int(rows[position]), "column": "country", "code": "unknown_country",
                "value": name[:80], "suggestions": suggested[name],
            })
        checked.problem_count += int(unknown.sum())
    out["country"] = codes.fillna("")

    # Currencies
    currency = text["currency"]
    assert currency is not None
    currency = currency.map({c: c.upper() for c in pd.unique(currency)})
    known = {c: pycountry.currencies.get(alpha_3=c) is not None for c in pd.unique(currency) if c}
    checked.add(currency == "", rows, "required", "currency")
    bad = currency.map({c: c != "" and not known.get(c, False) for c in pd.unique(currency)}).astype(bool)
    checked.add(bad, rows, "bad_currency", "currency", currency.to_numpy())
    out["currency"] = currency

    for key in NUMERIC:
        values = text[key]
        if values is None:
            out[key] = np.nan
            continue
        numbers = _numbers(values)
        given = values != ""
        if key == "spend":
            checked.add(~given, rows, "required", key)
        checked.add(given & numbers.isna(), rows, "not_a_number", key, values.to_numpy())
        if key == "volume_share":
            checked.add(given & ((numbers < 0) | (numbers > 100)), rows, "share_range", key, values.to_numpy())
        else:
            checked.add(given & (numbers < 0), rows, "negative", key, values.to_numpy())
        out[key] = numbers.astype("float64")

    for key in WHOLE:
        values = text[key]
        if values is None:
            out[key] = pd.array([pd.NA] * len(source), dtype="Int64")
            continue
        numbers = _numbers(values)
        given = values != ""
        bad_whole = given & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0))
        checked.add(bad_whole, rows, "not_whole_days", key, values.to_numpy())
        out[key] = numbers.where(given & ~bad_whole).round().astype("Int64")

    hs = text["hs_code"]
    if hs is None:
        out["hs_code"] = ""
    else:
        cleaned = hs.map({v: re.sub(r"[.\s-]", "", v) for v in pd.unique(hs)})
        valid = {v: bool(_HS.match(v)) for v in pd.unique(cleaned)}
        checked.add((cleaned != "") & ~cleaned.map(valid).astype(bool), rows, "bad_hs_code", "hs_code", hs.to_numpy())
        out["hs_code"] = cleaned

    # Duplicates: the same item, supplier and country (case and spacing ignored).
    key_frame = pd.DataFrame({
        "item": _folded(out["item"]), "supplier": _folded(out["supplier"]), "country": out["country"],
    })
    repeated = key_frame.duplicated(keep="first").to_numpy()
    if repeated.any():
        first_row = pd.Series(rows, index=key_frame.index).groupby([key_frame["item"], key_frame["supplier"], key_frame["country"]]).transform("first")
        positions = np.flatnonzero(repeated)
        checked.problem_count += len(positions)
        for position in positions[: max(MAX_PROBLEMS - len(checked.problems), 0)]:
            checked.problems.append({"row": int(rows[position]), "column": "", "code": "duplicate", "first": int(first_row.iat[position])})

    # Volume shares of one item must not add up to more than 100 % (half a point of rounding allowed).
    if text["volume_share"] is not None:
        totals = out.groupby(key_frame["item"])["volume_share"].transform("sum")
        over = (totals > 100.5).to_numpy()
        if over.any():
            seen: set[str] = set()
            for position in np.flatnonzero(over):
                item = out["item"].iat[position]
                if item.casefold() in seen:
                    continue
                seen.add(item.casefold())
                checked.problem_count += 1
                if len(checked.problems) < MAX_PROBLEMS:
                    checked.problems.append({
                        "row": int(rows[position]), "column": "volume_share", "code": "shares_over_100",
                        "item": item[:80], "total": f"{totals.iat[position]:.1f}",
                    })

    currencies = sorted(c for c in pd.unique(currency) if c and known.get(c))
    if len(currencies) > 1 and (text["spend_usd"] is None or out["spend_usd"].isna().any()):
        raise FileProblem("mixed_currencies", currencies=", ".join(currencies[:8]))
    checked.currency = "USD" if text["spend_usd"] is not None and len(currencies) > 1 else (currencies[0] if currencies else "")
    out["row_number"] = rows
    checked.problems.sort(key=lambda p: (p["row"] or 0))
    return checked


def analysis_spend(checked: Checked) -> pd.Series:
    """The spend the analysis adds up: in USD when the list mixes currencies, else as given."""
    frame = checked.frame
    if len(pd.unique(frame["currency"])) > 1:
        return frame["spend_usd"]
    return frame["spend"]
