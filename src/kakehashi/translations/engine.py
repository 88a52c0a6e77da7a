"""Translating one text with a provider: split, batch, retry, reassemble.

A text is cut into *units*, the content of each line, and the literal parts between them
(line breaks, blank lines, indentation, Markdown list and heading markers, quote marks).
Only units are sent, so paragraphs, line breaks and Markdown structure come back exactly as
written whatever the provider does with whitespace. A line longer than the provider's
request size is cut after a sentence (or, failing that, at the limit). Units are sent in
batches of at most `max_chars` characters; a transient failure is retried with exponential
back-off (`Retry-After` honoured, up to 30 s), a refusal is not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from django.conf import settings

from .providers import Provider, Unavailable

LINE = re.compile(r"^(?P<lead>[ \t]*(?:(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)[ \t]+)*)(?P<body>.*?)(?P<trail>[ \t]*)$")
SENTENCE_END = re.compile(r"(?<=[.!?。！？।])\s+|(?<=[。！？।])")
MAX_RETRY_AFTER = 30.0


def split(text: str, max_chars: int) -> tuple[list[str], list[str]]:
    """(`literals`, `units`) with text == literals[0] + units[0] + literals[1] + … + literals[-1]."""
    literals: list[str] = []
    units: list[str] = []
    pending = ""
    for index, line in enumerate(text.split("\n")):
        if index:
            pending += "\n"
        match = LINE.match(line)
        assert match is not None  # the pattern matches every line
        body = match["body"]
        if not body.strip():
            pending += line
            continue
        pending += match["lead"]
        for separator, piece in _cut(body, max_chars):
            literals.append(pending + separator)  # the whitespace between cut sentences
            units.append(piece)
            pending = ""
        pending += match["trail"]
    literals.append(pending)
    return literals, units


def _cut(body: str, max_chars: int) -> list[tuple[str, str]]:
    """(separator, piece) pairs, each piece at most max_chars, cut after a sentence if possible."""
    pieces: list[tuple[str, str]] = []
    separator = ""
    start = 0
    while len(body) - start > max_chars:
        cut = (start + max_chars, start + max_chars)
        for match in SENTENCE_END.finditer(body, start):
            if match.start() - start > max_chars:
                break
            if match.start() > start:
                cut = (match.start(), match.end())
        pieces.append((separator, body[start : cut[0]]))
        separator, start = body[cut[0] : cut[1]], cut[1]
    pieces.append((separator, body[start:]))
    return pieces


def join(literals: list[str], translated: list[str]) -> str:
    out = [literals[0]]
    for unit, literal in zip(translated, literals[1:], strict=True):
        out.append(unit)
        out.append(literal)
    return "".join(out)


def batches(units: list[str], max_chars: int) -> list[list[int]]:
    """Indexes of units grouped so that each group's characters stay within max_chars."""
    groups: list[list[int]] = []
    size = 0
    for index, unit in enumerate(units):
        if not groups or size + len(unit) > max_chars:
            groups.append([])
            size = 0
        groups[-1].append(index)
        size += len(unit)
    return groups


def with_retries(call: Callable[[], list[str]], *, sleep: Callable[[float], None] = time.sleep) -> list[str]:
    retries = max(0, int(settings.TRANSLATION_RETRIES))
    base = float(settings.TRANSLATION_BACKOFF_SECONDS)
    for attempt in range(retries + 1):
        try:
            return call()
        except Unavailable as failure:
            if attempt == retries:
                raise
            wait = base * (2**attempt)
            if failure.retry_after is not None:
                wait = max(wait, min(failure.retry_after, MAX_RETRY_AFTER))
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def translate_text(provider: Provider, text: str, source: str, target: str) -> str:
    """`text` in `target`, keeping its line structure; raises the provider's errors."""
    limit = int(settings.TRANSLATION_MAX_CHARS) or provider.max_chars
    literals, units = split(text, limit)
    translated = list(units)
    for group in batches(units, limit):
        texts = [units[i] for i in group]
        answers = with_retries(lambda texts=texts: provider.translate(texts, source, target))  # type: ignore[misc]
        for index, answer in zip(group, answers, strict=True):
            translated[index] = answer.strip("\n")
    return join(literals, translated)
