"""E-mails that quote a member's words carry a machine translation under the original.

When a provider is configured and a recipient reads another language than the quoted text
(an interest's message, a thread message), the e-mail adds the translation into the
recipient's language below the original. A translation already in the cache goes into the
e-mail at once; otherwise that recipient's e-mail is queued by a task after commit, which
translates first (the request never waits for the provider) and sends the e-mail either
way: with the translation, or without it when the provider is down. The task checks the
outbox before queueing, so running it twice sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import translation

from kakehashi.accounts import people
from kakehashi.core.language import detect_language
from kakehashi.core.languages import CODES, NATIVE_NAMES
from kakehashi.mail.services import queue_mail, was_queued
from kakehashi.translations import providers
from kakehashi.translations import services as translations

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

TEMPLATES = "opportunities/mail/"


def _translation_context(quote: str, language: str, translated: str | None) -> dict[str, str]:
    if not translated:
        return {}
    return {"translation": translated, "translated_from": NATIVE_NAMES.get(language, language)}


def in_every_language(name: Callable[[], str]) -> dict[str, str]:
    """`name()` in each language (e.g. a country), so a task can name it in the reader's."""
    names = {}
    for code in CODES:
        with translation.override(code):
            names[code] = name()
    return names


def mail(users: list[User], template: str, *, quote: str, countries: dict[str, str] | None = None, **context: Any) -> None:
    """Queue `template` to each user, quoting `quote`; `countries` (by language) gives the
    context's `sender_country` in the recipient's language."""
    language = detect_language(quote)
    waiting: list[int] = []
    for user in users:
        extra: dict[str, str] = {}
        if providers.configured() and user.language != language:
            cached = translations.translate_for_mail(quote, language, user.language)
            if cached is None:
                waiting.append(user.pk)
                continue
            extra = _translation_context(quote, language, cached)
        _queue(user, template, context, extra, countries)
    if waiting:
        transaction.on_commit(lambda: _enqueue(template, waiting, context, quote, countries))


def _queue(user: User, template: str, context: dict[str, Any], extra: dict[str, str], countries: dict[str, str] | None) -> None:
    localised = {"sender_country": countries.get(user.language, countries.get("en", ""))} if countries else {}
    queue_mail(
        to=user.email, user=user, template=TEMPLATES + template,
        context={"name": user.get_short_name(), **context, **localised, **extra}, locale=user.language,
    )


def _enqueue(template: str, user_ids: list[int], context: dict[str, Any], quote: str, countries: dict[str, str] | None) -> None:
    from .tasks import mail_translated  # noqa: PLC0415  (circular: tasks import this module)

    mail_translated.enqueue(template=template, user_ids=user_ids, context=context, quote=quote, countries=countries or {})


def send_translated(template: str, user_ids: list[int], context: dict[str, Any], quote: str, countries: dict[str, str]) -> int:
    """The task's work: translate the quote into each recipient's language, then queue the e-mails."""
    language = detect_language(quote)
    users = list(people.users_by_ids(user_ids).order_by("pk"))
    translated = {lang: translations.translate_now(quote, language, lang) for lang in {u.language for u in users}}
    sent = 0
    with transaction.atomic():
        for user in users:
            if was_queued(user_id=user.pk, template=TEMPLATES + template, url=str(context.get("url", ""))):
                continue
            _queue(user, template, context, _translation_context(quote, language, translated.get(user.language)), countries)
            sent += 1
    return sent
