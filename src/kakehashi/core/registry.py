"""What each app plugs into the process: periodic jobs, start-up warm-ups, demo seeders,
the panels of the member's dashboard, and the reader's-language text of an app below
`translations` (`texts_in_language`: an organisation profile's `?lang=` in the API).

`core` knows no domain app. An app registers its own work in `AppConfig.ready()`:

    registry.periodic("kakehashi.mail.services.deliver_due", every="MAIL_SWEEP_SECONDS")
    registry.warm_up("kakehashi.matching.apps.reindex_if_needed")
    registry.seeder(10, "seed_accounts", is_seeded="kakehashi.accounts.…seed_accounts.is_seeded")
    registry.dashboard_panel(20, "opportunities/_dashboard.html", "kakehashi.opportunities.…dashboard_panel")
    registry.item_aside("knowledge/_part_of.html", "kakehashi.knowledge.queries.part_of")
    registry.upload_limit(r"^/supply-chain/upload/$", "SUPPLYCHAIN_UPLOAD_MAX_BYTES")
    registry.member_page_state("kakehashi.notices.queries.page_state")

and `kakehashi worker` / `kakehashi run` (`core/periodic.py`) and `kakehashi seed-demo` iterate
what was registered. Jobs and hooks are dotted paths (imported when first run, so registering
imports no models) or callables. A job's interval is the named setting (read from the
environment in settings.py), looked up each time it is due, so tests may override it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

Target = str | Callable[..., Any]


def _resolve(target: Target) -> Callable[..., Any]:
    return import_string(target) if isinstance(target, str) else target


def _name(target: Target) -> str:
    return target if isinstance(target, str) else f"{target.__module__}.{target.__qualname__}"


@dataclass(frozen=True)
class PeriodicJob:
    target: Target
    setting: str

    @property
    def name(self) -> str:
        return _name(self.target)

    @property
    def interval(self) -> int:
        try:
            return int(getattr(settings, self.setting))
        except AttributeError:
            raise ImproperlyConfigured(f"periodic job {self.name}: setting {self.setting} is not defined") from None

    def __call__(self) -> object:
        return _resolve(self.target)()


@dataclass(frozen=True)
class Seeder:
    order: int
    command: str  # a management command that loads the demo data; idempotent
    is_seeded: Target | None = None  # answers "is this data already there?"


@dataclass(frozen=True)
class DashboardPanel:
    order: int
    template: str  # rendered with `panel` = what `context(user)` returned
    context: Target  # (user) -> dict, or None to leave the panel out; reads only what `user` may see

    def data(self, user: Any) -> dict[str, Any] | None:
        return _resolve(self.context)(user)


@dataclass(frozen=True)
class OrganisationPanel:
    order: int
    template: str  # rendered with `panel` = what `context(user, organisation)` returned
    context: Target  # (user, organisation) -> dict, or None; reads only what `user` may see

    def data(self, user: Any, organisation: Any) -> dict[str, Any] | None:
        return _resolve(self.context)(user, organisation)


@dataclass(frozen=True)
class ItemAside:
    template: str  # rendered with `aside` = what `context(kind, item, user)` returned
    context: Target  # (kind, item, user) -> dict, or None to show nothing for this item

    def data(self, kind: str, item: Any, user: Any) -> dict[str, Any] | None:
        return _resolve(self.context)(kind, item, user)


_periodic: list[PeriodicJob] = []
_warm_ups: list[Target] = []
_seeders: list[Seeder] = []
_panels: list[DashboardPanel] = []
_organisation_panels: list[OrganisationPanel] = []
_asides: list[ItemAside] = []
_annotators: list[Target] = []


def periodic(job: Target, *, every: str) -> None:
    """Run `job()` every `settings.<every>` seconds in `kakehashi worker` and `kakehashi run`.
    The job must be safe to run in several processes at once (claim rows before acting)."""
    if not any(j.name == _name(job) for j in _periodic):
        _periodic.append(PeriodicJob(job, every))


def warm_up(hook: Target) -> None:
    """Call `hook()` once when `kakehashi run` starts with its in-process task worker (e.g. to
    enqueue a rebuild of derived data). A hook returns a line to print, or None."""
    if _name(hook) not in {_name(h) for h in _warm_ups}:
        _warm_ups.append(hook)


def seeder(order: int, command: str, *, is_seeded: Target | None = None) -> None:
    """`kakehashi seed-demo` runs the seeders' commands by ascending `order`; `kakehashi run`
    seeds an empty database: one where no seeder's `is_seeded()` is true."""
    if not any(s.command == command for s in _seeders):
        _seeders.append(Seeder(order, command, is_seeded))


def dashboard_panel(order: int, template: str, context: Target) -> None:
    """A panel of the signed-in member's dashboard ("what needs me now"), by ascending
    `order`: `context(user)` returns the template's `panel` (None: nothing to show). The
    dashboard is cached per member (core/pagecache.py): a panel shows only content, the
    member's notices and lists that change with time, and then says when it next changes by
    itself in `panel["changes_at"]` (a datetime, or None)."""
    if not any(p.template == template for p in _panels):
        _panels.append(DashboardPanel(order, template, context))


_in_language: list[Target] = []


def texts_in_language(hook: Target) -> None:
    """`hook(source_name, objects, language)` → {pk: shown} (`translations.queries.in_language`):
    how an app below `translations` asks for its texts in a reader's language."""
    _in_language[:] = [hook]


def in_language(source_name: str, objects: list[Any], language: str) -> dict[int, Any]:
    """Each object's text in `language` as readers see it (a version, a cached machine
    translation, else the original); {} when no translation app is installed."""
    return _resolve(_in_language[0])(source_name, objects, language) if _in_language and objects else {}


def item_aside(template: str, context: Target) -> None:
    """A box on an item's page (`{% item_asides "session" session %}`), added by an app that
    annotates other apps' items without their importing it: `context(kind, item, user)`
    returns the template's `aside` (None: nothing to show)."""
    if not any(a.template == template for a in _asides):
        _asides.append(ItemAside(template, context))


def item_asides() -> list[ItemAside]:
    return list(_asides)


def text_annotator(annotator: Target) -> None:
    """`{{ text|annotated }}` (core's `kk` filters) calls `annotator(text, language)`, which
    returns the text as safe HTML (escaped, with its own markup, e.g. glossary terms in
    <abbr>). One annotator: the first registered; without one the text is only escaped."""
    if _name(annotator) not in {_name(a) for a in _annotators}:
        _annotators.append(annotator)


def annotator() -> Callable[[str, str], Any] | None:
    return _resolve(_annotators[0]) if _annotators else None


_member_states: list[Target] = []


def member_page_state(hook: Target) -> None:
    """`hook(user)` returns what every signed-in page shows of the member that no content write
    changes (e.g. the header's count of unread notices): part of the key of a member's cached
    page (core/pagecache.py `member_cache`)."""
    if _name(hook) not in {_name(h) for h in _member_states}:
        _member_states.append(hook)


def member_page_states(user: Any) -> list[str]:
    return [str(_resolve(hook)(user)) for hook in _member_states]


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_panels, key=lambda p: p.order)


def organisation_panel(order: int, template: str, context: Target) -> None:
    """A panel of an organisation's public page (e.g. its open opportunities), by ascending
    `order`: `context(user, organisation)` returns the template's `panel` (None: leave it out)."""
    if not any(p.template == template for p in _organisation_panels):
        _organisation_panels.append(OrganisationPanel(order, template, context))


def organisation_panels() -> list[OrganisationPanel]:
    return sorted(_organisation_panels, key=lambda p: p.order)


def periodic_jobs() -> list[PeriodicJob]:
    return list(_periodic)


def warm_ups() -> list[Callable[[], str | None]]:
    return [_resolve(hook) for hook in _warm_ups]


def seeders() -> list[Seeder]:
    return sorted(_seeders, key=lambda s: s.order)


_upload_limits: list[tuple[re.Pattern[str], str]] = []


def upload_limit(path: str, setting: str) -> None:
    """Let requests whose path matches the regular expression `path` carry bodies up to the
    named setting (bytes) instead of `UPLOAD_MAX_BYTES`; core's request-size middleware
    reads it. For a few upload addresses only: every other request keeps the default."""
    _upload_limits.append((re.compile(path), setting))


def upload_limit_for(path: str) -> int | None:
    """The larger body size a request to `path` may have, or None for the default."""
    for pattern, setting in _upload_limits:
        if pattern.match(path):
            return int(getattr(settings, setting))
    return None


def has_upload_limits() -> bool:
    return bool(_upload_limits)


def demo_data_present() -> bool:
    return any(_resolve(s.is_seeded)() for s in seeders() if s.is_seeded is not None)
