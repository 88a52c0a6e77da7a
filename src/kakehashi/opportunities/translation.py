"""The opportunity app's translatable texts, registered with `kakehashi.translations`.

| source | fields | who may read it | versions by people |
|---|---|---|---|
| `opportunity` | title, summary, details | `queries.visible_to` | its organisation's members (the author), the secretariat |
| `interest` | message | the interest's two sides and staff (`interest.queries.interest_for`) | none: machine only |
| `intro_message` | body | the introduction's two sides and staff | none: machine only |
| `organisation` | description: its English one, else the one it wrote | everyone (approved organisations; staff: all) | the secretariat, in languages the organisation did not write itself (its own descriptions in other languages are the author's versions) |
| `match` | passage_1, passage_2: the matched passages of the other opportunity | whoever sees the opportunity's matches (its organisation, staff) while the other stays visible | none: machine only |

Organisations belong to `accounts`, which sits below `translations`, so their profile text
is registered here. Interests and thread messages carry no language field: it is read from the script
(`core.language.detect_language`). The desk offers live opportunities, ranked for a
language by their matches written in it (plus one when they look for partners in a country
speaking it).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import people
from kakehashi.accounts.queries import organisations_visible_to
from kakehashi.core.language import detect_language
from kakehashi.translations.sources import Source, register

from . import queries
from .interest import queries as interest_queries
from .matches.services import opportunity_changed
from .models import IntroductionMessage, Match, Opportunity, live_q

COUNTRY_LANGUAGES = {"JP": "ja", "IN": "hi"}


def _opportunity_texts(o: Opportunity) -> tuple[str, dict[str, str]]:
    return o.language, {"title": o.title, "summary": o.summary, "details": o.details}


def _readable_opportunity(viewer: Any, pk: int) -> Opportunity | None:
    return queries.visible_to(viewer).filter(pk=pk).first()


def _desk() -> Any:
    return Opportunity.objects.filter(live_q()).order_by("-published_at")


def _reach(ids: list[int], language: str) -> dict[int, int]:
    matched = dict(
        Match.objects.filter(opportunity_id__in=ids, other__language=language)
        .values_list("opportunity_id").annotate(n=Count("id")).values_list("opportunity_id", "n")
    )
    reach = {pk: matched.get(pk, 0) for pk in ids}
    for pk, targets in Opportunity.objects.filter(pk__in=ids).values_list("pk", "target_countries"):
        if any(COUNTRY_LANGUAGES.get(code) == language for code in targets or []) or (language == "en" and not targets):
            reach[pk] += 1
    return reach


def _interest_readable(viewer: Any, pk: int) -> Any:
    try:
        return interest_queries.interest_for(viewer, pk)
    except Http404:
        return None


def _message_readable(viewer: Any, pk: int) -> IntroductionMessage | None:
    message = IntroductionMessage.objects.filter(pk=pk).first()
    if message is None:
        return None
    try:
        interest_queries.introduction_for(viewer, message.introduction_id)
    except Http404:
        return None
    return message


MATCH_PASSAGES = ("passage_1", "passage_2")


def match_texts(match: Any) -> tuple[str, dict[str, str]]:
    """The other opportunity's side of the matched passages (a `Match` or a `ShownMatch`):
    the reader's own side is their organisation's text."""
    signals = match.signals or {}
    languages = signals.get("languages") or []
    language = languages[1] if len(languages) > 1 and languages[1] else match.other.language
    passages = [str(p.get("theirs") or "") for p in (signals.get("passages") or [])][: len(MATCH_PASSAGES)]
    return language, dict(zip(MATCH_PASSAGES, passages, strict=False))


def _readable_match(viewer: Any, pk: int) -> Match | None:
    """The match if the viewer sees the opportunity's matches (`_matches_slot.html`: those who
    manage it, and staff) and may still read the other opportunity."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    match = Match.objects.select_related("opportunity", "other").filter(pk=pk).first()
    if match is None or not (viewer.is_staff or queries.can_manage(viewer, match.opportunity)):
        return None
    visible = queries.visible_to(viewer)
    if not (visible.filter(pk=match.opportunity_id).exists() and visible.filter(live_q(), pk=match.other_id).exists()):
        return None
    return match


def organisation_texts(org: Any) -> tuple[str, dict[str, str]]:
    """The description readers of a language the organisation did not write in start from."""
    described = org.description_for("en")
    if described is None:
        return "en", {"description": ""}
    return described.language[:2], {"description": described.text}


def _readable_organisation(viewer: Any, pk: int) -> Any:
    """The rule of the organisation's own page (`accounts.queries.organisation_for`)."""
    return organisations_visible_to(viewer).prefetch_related("descriptions").filter(pk=pk).first()


def _organisation_reach(ids: list[int], language: str) -> dict[int, int]:
    """Readers of `language` an organisation's profile would reach: its opportunities' matches
    written in that language."""
    matched = dict(
        Match.objects.filter(other__organisation_id__in=ids, opportunity__language=language)
        .values_list("other__organisation_id").annotate(n=Count("id")).values_list("other__organisation_id", "n")
    )
    return {pk: matched.get(pk, 0) for pk in ids}


def register_sources() -> None:
    register(Source(
        name="organisation", label=_("Organisation"), fields=("description",), multiline=("description",),
        texts=organisation_texts, readable=_readable_organisation,
        url=lambda org: org.get_absolute_url(),
        can_author=lambda user, org: False,  # the organisation writes its languages in its profile form
        written_in=lambda org: {d.language[:2] for d in org.descriptions.all()},
        desk=lambda: people.approved_organisations().filter(descriptions__isnull=False).distinct()
        .prefetch_related("descriptions").order_by("-created_at"),
        reach=_organisation_reach, desk_key=lambda org: (0, org.created_at), lookup=people.organisation_by_slug,
    ))
    register(Source(
        name="opportunity", label=_("Opportunity"), fields=("title", "summary", "details"), multiline=("summary", "details"),
        texts=_opportunity_texts, readable=_readable_opportunity,
        url=lambda o: reverse("opportunities:detail", args=[o.reference]),
        can_author=lambda user, o: queries.can_manage(user, o),
        desk=_desk, reach=_reach, desk_key=lambda o: (0, o.published_at), lookup=lambda reference: Opportunity.objects.filter(reference=reference).first(),
        on_version=opportunity_changed,
    ))
    register(Source(
        name="interest", label=_("Expression of interest"), fields=("message",),
        texts=lambda i: (detect_language(i.message), {"message": i.message}),
        readable=_interest_readable, url=lambda i: reverse("opportunities:interest_detail", args=[i.pk]),
    ))
    register(Source(
        name="intro_message", label=_("Message"), fields=("body",),
        texts=lambda m: (detect_language(m.body), {"body": m.body}),
        readable=_message_readable,
        url=lambda m: reverse("opportunities:intro_thread", args=[m.introduction_id]) + f"#message-{m.pk}",
    ))
    register(Source(
        name="match", label=_("Passages that matched"), fields=MATCH_PASSAGES,
        texts=match_texts, readable=_readable_match,
        url=lambda m: reverse("opportunities:detail", args=[m.opportunity.reference]) + f"#match-{m.other.reference}",
    ))
