"""Where matching fails, as the organisations tell it: of the matches shown to them, how many
they dismissed as not relevant, overall and by strength label, by language (same or across
languages, and each pair) and by kind pair (the opportunity's kind → the match's).

"Shown" counts every current match plus every dismissed pair whose match has since gone (it
was shown when it was dismissed); a dismissal's strength is the label of its score when it
was dismissed. Two aggregate queries whatever the number of matches."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kakehashi.core.languages import NATIVE_NAMES

from ..matches import ranking
from ..models import Kind, Match, MatchFeedback

DISMISSED = MatchFeedback.Verdict.DISMISSED
KEYS = ("kind_a", "kind_b", "lang_a", "lang_b", "strength")
STRENGTH_LABELS = {"strong": _("Strong match"), "good": _("Good match"), "possible": _("Possible match")}


@dataclass
class Rate:
    key: str
    label: str
    shown: int = 0
    dismissed: int = 0

    @property
    def percent(self) -> int | None:
        """Dismissed per hundred shown, rounded; None when nothing was shown."""
        return round(100 * self.dismissed / self.shown) if self.shown else None


@dataclass
class DismissalRates:
    overall: Rate
    by_strength: list[Rate] = field(default_factory=list)
    by_language: list[Rate] = field(default_factory=list)  # same language, across languages
    by_language_pair: list[Rate] = field(default_factory=list)
    by_kind_pair: list[Rate] = field(default_factory=list)


def _strength(score: str) -> Case:
    """`ranking.strength` as SQL: the label of the first floor the score reaches."""
    *better, (last, _floor) = ranking.STRENGTHS
    whens = [When(**{f"{score}__gte": floor}, then=Value(label)) for label, floor in better]
    return Case(*whens, default=Value(last), output_field=CharField())


def _pair(prefix: str = "") -> dict[str, Any]:
    return {"kind_a": F(f"{prefix}opportunity__kind"), "kind_b": F(f"{prefix}other__kind"),
            "lang_a": F(f"{prefix}opportunity__language"), "lang_b": F(f"{prefix}other__language")}


def _groups() -> dict[tuple[str, ...], list[int]]:
    """{(kind_a, kind_b, lang_a, lang_b, strength): [shown, dismissed]}."""
    dismissed = MatchFeedback.objects.filter(opportunity=OuterRef("opportunity"), other=OuterRef("other"), verdict=DISMISSED)
    current = (
        Match.objects.annotate(**_pair(), strength=_strength("score"), is_dismissed=Exists(dismissed))
        .values(*KEYS)
        .annotate(shown=Count("pk"), dismissed=Count("pk", filter=Q(is_dismissed=True)))
        .order_by()
    )
    gone = (
        MatchFeedback.objects.filter(verdict=DISMISSED)
        .exclude(Exists(Match.objects.filter(opportunity=OuterRef("opportunity"), other=OuterRef("other"))))
        .annotate(**_pair(), known_score=Coalesce("score", 0.0))
        .annotate(strength=_strength("known_score"))
        .values(*KEYS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    for row in current:
        counts = groups[tuple(row[k] for k in KEYS)]
        counts[0] += row["shown"]
        counts[1] += row["dismissed"]
    for row in gone:
        counts = groups[tuple(row[k] for k in KEYS)]
        counts[0] += row["n"]
        counts[1] += row["n"]
    return groups


def _kind_label(code: str) -> str:
    return str(Kind(code).label) if code in Kind.values else code


def _rollup(groups: dict[tuple[str, ...], list[int]], key, label) -> list[Rate]:
    rates: dict[Any, Rate] = {}
    for group, (shown, dismissed) in groups.items():
        values = dict(zip(KEYS, group, strict=True))
        k = key(values)
        rate = rates.setdefault(k, Rate(key="-".join(k) if isinstance(k, tuple) else k, label=label(values)))
        rate.shown += shown
        rate.dismissed += dismissed
    return list(rates.values())


def dismissal_rates() -> DismissalRates:
    """The dismissal rates of every match, overall and by strength, language and kind pair."""
    groups = _groups()
    strengths = {r.key: r for r in _rollup(groups, lambda v: v["strength"], lambda v: str(STRENGTH_LABELS.get(v["strength"], v["strength"])))}
    languages = {r.key: r for r in _rollup(
        groups, lambda v: "cross" if v["lang_a"] != v["lang_b"] else "same",
        lambda v: str(_("Across languages") if v["lang_a"] != v["lang_b"] else _("Same language")),
    )}
    by_size = lambda rates: sorted(rates, key=lambda r: (-r.shown, r.label))  # noqa: E731
    return DismissalRates(
        overall=Rate("all", str(_("All matches")), sum(c[0] for c in groups.values()), sum(c[1] for c in groups.values())),
        by_strength=[strengths.get(label) or Rate(label, str(STRENGTH_LABELS.get(label, label)))
                     for label, _floor in ranking.STRENGTHS],
        by_language=[languages.get(k) or Rate(k, str(label)) for k, label in
                     (("same", _("Same language")), ("cross", _("Across languages")))],
        by_language_pair=by_size(_rollup(
            groups, lambda v: (v["lang_a"], v["lang_b"]),
            lambda v: f"{NATIVE_NAMES.get(v['lang_a'], v['lang_a'])} → {NATIVE_NAMES.get(v['lang_b'], v['lang_b'])}",
        )),
        by_kind_pair=by_size(_rollup(
            groups, lambda v: (v["kind_a"], v["kind_b"]), lambda v: f"{_kind_label(v['kind_a'])} → {_kind_label(v['kind_b'])}",
        )),
    )
