"""`{% opportunity_matches opportunity user as result %}`: the explained matches a viewer may
see, with what the owning organisation did about each (saved, dismissed, interest sent)."""

from typing import Any

from django import template

from kakehashi.accounts import people
from kakehashi.core import fragments
from kakehashi.translations import queries as translations

from ..matches import queries
from ..translation import MATCH_PASSAGES

register = template.Library()


@register.simple_tag(takes_context=True)
def opportunity_matches(context: template.Context, opportunity, user, limit=10) -> dict[str, Any]:
    """{"matches": [...], "hidden": [...] (dismissed), "pending": bool (the engine has not
    embedded it yet), "computing": the progress of a reindex still under way (or None), "can_act": bool (the viewer acts for its organisation), "undo": the
    match just dismissed (`?undo=<reference>`), or None}."""
    matches = queries.matches_for(opportunity, user, limit=limit)
    hidden = queries.matches_for(opportunity, user, limit=100, dismissed=True)
    interests = queries.open_interests(opportunity.organisation_id, [m.other for m in matches + hidden])
    for m in matches + hidden:
        m.interest = interests.get(m.other.pk)
    request = context.get("request")
    shown = translations.shown_for(request, "match", matches) if matches else {}
    for m in matches:  # the other side's passages in the reader's language when translated
        m.passages_shown = shown[m.pk]  # type: ignore[attr-defined]
        fields = m.passages_shown.fields  # type: ignore[attr-defined]
        m.passage_pairs = [  # type: ignore[attr-defined]
            {"mine": p.get("mine", ""), "theirs": fields.get(name, p.get("theirs", ""))}
            for name, p in zip(MATCH_PASSAGES, m.signals.get("passages") or [], strict=False)
        ]
    undo_reference = request.GET.get("undo", "") if request is not None else ""
    pending = opportunity.is_live and not queries.is_embedded(opportunity)
    computing = None if pending else queries.still_computing()
    if pending or computing:  # the next reload shows more: a cached section would hide it
        fragments.volatile(request)
    return {
        "matches": matches,
        "hidden": hidden,
        "pending": pending,
        "computing": computing,
        "can_act": people.acts_for(user, opportunity.organisation_id),
        "undo": next((m for m in hidden if m.other.reference == undo_reference), None),
    }
