"""The events' translatable texts, registered with `kakehashi.translations`.

| source | fields | who may read it | versions by people |
|---|---|---|---|
| `session` | title, abstract (Markdown) | `queries.sessions_visible_to` | its organisers (the author), the secretariat |

A session has no language of its own (it lists the languages spoken): the text's language
is read from its script. The desk offers published sessions, ranked for a language by their
active registrants who read in it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kakehashi.core.language import detect_language
from kakehashi.core.markdown import render_markdown
from kakehashi.translations import queries as translations
from kakehashi.translations.sources import Source, register

from . import queries
from .models import Registration, Session


def _reach(ids: list[int], language: str) -> dict[int, int]:
    counted = dict(
        Registration.objects.filter(session_id__in=ids, status=Registration.Status.CONFIRMED, user__language=language)
        .values_list("session_id").annotate(n=Count("id")).values_list("session_id", "n")
    )
    return {pk: counted.get(pk, 0) for pk in ids}


def register_sources() -> None:
    register(Source(
        name="session", label=_("Session"), fields=("title", "abstract"), multiline=("abstract",),
        texts=lambda s: (detect_language(s.title, s.abstract), {"title": s.title, "abstract": s.abstract}),
        readable=lambda viewer, pk: queries.sessions_visible_to(viewer).filter(pk=pk).first(),
        url=lambda s: s.get_absolute_url(),
        can_author=lambda user, s: queries.can_organise(user, s.series),
        desk=lambda: Session.objects.filter(published=True).select_related("series").order_by("-starts_at"),
        reach=_reach, desk_key=lambda s: (0, s.starts_at), lookup=lambda slug: Session.objects.filter(slug=slug).first(),
    ))


def for_session_page(request: Any, session: Session) -> dict[str, Any]:
    shown = translations.shown_one(request, "session", session)
    return {"shown": shown, "shown_abstract_html": render_markdown(shown["abstract"]) if shown.translated else session.abstract_html}
