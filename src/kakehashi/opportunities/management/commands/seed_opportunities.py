"""`kakehashi seed_opportunities` (run by `kakehashi seed-demo` after `seed_accounts`): several
hundred partnership opportunities of the demo organisations, in English, Japanese and some
Hindi, in every kind, mostly published, a few in each other state, some anonymous.

The texts are built from opportunities/data/demo_opportunities.json: each demo organisation
works in one to three themes (auto parts, EV batteries, semiconductors …); each kind of
opportunity has a few text templates per language, written natively in that language; a
theme fills the templates' slots ({product}, {item0}, {process0}, {place} …) with phrases
of its own language. Which template, which items and which language are chosen by a hash of
the organisation, kind and theme, so the result is the same on every run; only the dates
follow the day the command runs (published in the past weeks, expiring in the coming
months). A few hand-written opportunities are loaded as they are, among them the two the
matching demo starts from (KK-A0000001, a Japanese sourcing request for precision auto
parts; KK-A0000002, an Indian offer of machining capacity for them) and the constraint cases
of `kakehashi eval-matches` (KK-A0000006/7, Japanese investors in Indian EV batteries with
tickets that do / do not overlap VoltKraft's; KK-A0000008, a Japanese request for SiC module
thermal management; KK-A0000009, an Indian TRL 3 lab result too early for it). Where a
template reads oddly for one organisation, `overrides` replaces that generated text (by
reference) and keeps everything else of it (VoltKraft's seed round, KK-C0031A19).

Fixture loading like `seed_accounts`: rows are written directly, no e-mail is sent and no
embedding is computed (`kakehashi reindex` does that). Running it twice changes nothing.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from kakehashi.accounts.models import ApprovalStatus, Membership, Organisation
from kakehashi.accounts.regions import region_name
from kakehashi.core.models import Sector

from ...models import INVESTMENT_KINDS, TRL_KINDS, Kind, Opportunity, Outcome, Status, Visibility

DATA = Path(__file__).resolve().parents[2] / "data" / "demo_opportunities.json"
SLOT = re.compile(r"\{(\w+)\}")
OTHER_STATES = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.EXPIRED, Status.CLOSED]
OUTCOMES = [Outcome.PARTNERSHIP_FORMED, Outcome.MEETING_HELD, Outcome.NDA_SIGNED, Outcome.NO_FIT, Outcome.PILOT_STARTED]


def digest(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def reference_for(*parts: object) -> str:
    return "KK-" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8].upper()


def fill(template: str, slots: dict[str, str]) -> str:
    """Replace {name} by its slot; {Name} gives the slot with a capital first letter."""

    def one(match: re.Match) -> str:
        name = match.group(1)
        value = slots[name[0].lower() + name[1:]]
        return value[:1].upper() + value[1:] if name[0].isupper() else value

    return SLOT.sub(one, template)


@dataclass
class Plan:
    reference: str
    organisation: Organisation
    kind: str
    language: str
    title: str
    summary: str
    details: str
    sectors: list[str]
    target_countries: list[str]
    visibility: str
    seed: int
    trl: int | None = None
    company_stage: str = ""
    ticket: tuple[int, int] | None = None
    status: str = Status.PUBLISHED
    extra: dict = field(default_factory=dict)


class Command(BaseCommand):
    help = "Load the demo partnership opportunities (idempotent; needs seed_accounts first)."

    def handle(self, *args, **options):
        data = json.loads(DATA.read_text(encoding="utf-8"))
        organisations = {
            o.slug: o for o in Organisation.objects.filter(status=ApprovalStatus.APPROVED, slug__in=data["organisation_themes"])
        }
        plans = [self.fixed(entry, organisations) for entry in data["fixed"] if entry["organisation"] in organisations]
        plans += self.generated(data, organisations)
        for plan in plans:  # hand-written texts for a few generated ones; the rest of the plan stays
            for name, text in data.get("overrides", {}).get(plan.reference, {}).items():
                setattr(plan, name, text)
        created = self.write(plans, data)
        counts = {state: Opportunity.objects.filter(status=state).count() for state in Status.values}
        self.stdout.write(
            f"Demo opportunities: {created} new, {Opportunity.objects.count()} in all "
            f"({counts['published']} published, {counts['draft']} drafts, {counts['submitted']} submitted, "
            f"{counts['returned']} returned, {counts['expired']} expired, {counts['closed']} closed)."
        )

    # --- planning --------------------------------------------------------------------------

    def fixed(self, entry: dict, organisations: dict[str, Organisation]) -> Plan:
        ticket = (entry["ticket_min_usd"], entry["ticket_max_usd"]) if "ticket_min_usd" in entry else None
        return Plan(
            reference=entry["reference"], organisation=organisations[entry["organisation"]], kind=entry["kind"],
            language=entry["language"], title=entry["title"], summary=entry["summary"], details=entry["details"],
            sectors=entry["sectors"], target_countries=entry["target_countries"], visibility=entry["visibility"],
            seed=digest(entry["reference"]), trl=entry.get("trl"), company_stage=entry.get("company_stage", ""), ticket=ticket,
        )

    def generated(self, data: dict, organisations: dict[str, Organisation]) -> list[Plan]:
        plans = []
        for slug in sorted(organisations):
            org = organisations[slug]
            themes = data["organisation_themes"][slug]
            for index, kind in enumerate(data["kinds_by_type"].get(org.org_type, [])):
                theme = themes[index % len(themes)]
                plan = self.plan(data, org, kind, theme, index)
                if plan is not None:
                    plans.append(plan)
        for n, plan in enumerate(plans):  # a few in every other state, spread over kinds and organisations
            if n % 12 == 5:
                plan.status = OTHER_STATES[(n // 12) % len(OTHER_STATES)]
        return plans

    def plan(self, data: dict, org: Organisation, kind: str, theme_name: str, index: int) -> Plan | None:
        seed = digest(org.slug, kind, theme_name, index)
        theme = data["themes"][theme_name]
        language = self.language_for(data, org, kind, theme, seed)
        variants = self.variants(data, kind, language, theme)
        if not variants and language != "en":
            language, variants = "en", self.variants(data, kind, "en", theme)
        if not variants:
            return None  # e.g. a manufacturing offer of a services theme
        template = variants[seed % len(variants)]
        partner = self.partner(org, seed)
        visibility = [Visibility.ANONYMOUS, *[Visibility.MEMBERS] * 3, *[Visibility.PUBLIC] * 6][seed % 10]
        stage = ["seed", "early", "growth"][seed % 3] if kind in INVESTMENT_KINDS else ""
        ticket = None
        if kind in INVESTMENT_KINDS:
            ticket = data["tickets"][{"seed": 0, "early": 2, "growth": 3}[stage] if kind == Kind.INVESTMENT_SOUGHT else seed % 4]
        trl = 4 + seed % 5 if kind in TRL_KINDS else None
        slots = self.slots(data, theme, language, org, partner, visibility, seed)
        slots.update(trl=str(trl or ""), ticket=ticket[language] if ticket else "")
        if stage:
            slots.update(data["stages"][stage].get(language, data["stages"][stage]["en"]))
        return Plan(
            reference=reference_for(org.slug, kind, theme_name, index), organisation=org, kind=kind, language=language,
            title=fill(template["title"], slots), summary=fill(template["summary"], slots),
            details=fill(template["details"], slots), sectors=theme["sectors"], target_countries=[partner],
            visibility=visibility, seed=seed, trl=trl, company_stage=stage,
            ticket=(ticket["min"], ticket["max"]) if ticket else None,
        )

    @staticmethod
    def variants(data: dict, kind: str, language: str, theme: dict) -> list[dict]:
        if language not in theme:
            return []
        return [v for v in data["kinds"][kind].get(language, []) if theme["goods"] or not v.get("goods")]

    @staticmethod
    def language_for(data: dict, org: Organisation, kind: str, theme: dict, seed: int) -> str:
        """Japanese organisations write mostly in Japanese, Indian ones mostly in English and
        sometimes in Hindi, the others in English."""
        if org.country == "JP":
            return "ja" if seed % 4 else "en"
        if org.country == "IN" and "hi" in theme and data["kinds"][kind].get("hi") and seed % 3 == 1:
            return "hi"
        return "en"

    @staticmethod
    def partner(org: Organisation, seed: int) -> str:
        if org.country in ("IN", "JP"):
            return "JP" if org.country == "IN" else "IN"
        return ["IN", "JP"][seed % 2]

    @staticmethod
    def slots(data: dict, theme: dict, language: str, org: Organisation, partner: str, visibility: str, seed: int) -> dict:
        words = theme[language]
        home = org.country if org.country in ("IN", "JP") else org.other_country

        def turn(values: list[str], by: int) -> list[str]:
            return values[by % len(values):] + values[: by % len(values)]

        items, processes = turn(words["items"], seed), turn(words["process"], seed // 7)
        techs, topics = turn(words["tech"], seed // 3), turn(words["topic"], seed // 5)
        if visibility == Visibility.ANONYMOUS and org.region_code:
            with translation.override(language):  # a region, not the city: one more step from the organisation
                place = region_name(org.region_code)
        else:
            place = data["places"].get(language, {}).get(org.city, org.city)
        countries = data["countries"]
        return {
            **{k: v for k, v in words.items() if isinstance(v, str)},
            **{f"item{i}": v for i, v in enumerate(items)}, **{f"process{i}": v for i, v in enumerate(processes)},
            **{f"tech{i}": v for i, v in enumerate(techs)}, **{f"topic{i}": v for i, v in enumerate(topics)},
            "place": place or countries[home]["en"],
            "partner": countries[partner].get(language, countries[partner]["en"]),
            "home": countries.get(home, {}).get(language) or countries.get(home, {}).get("en", home),
        }

    # --- writing -------------------------------------------------------------------------------

    @transaction.atomic
    def write(self, plans: list[Plan], data: dict) -> int:
        existing = set(Opportunity.objects.filter(reference__in=[p.reference for p in plans]).values_list("reference", flat=True))
        owners = {
            m.organisation_id: m.user
            for m in Membership.objects.filter(role=Membership.Role.OWNER, status=Membership.Status.ACTIVE)
            .select_related("user").order_by("-created_at")
        }
        sectors = {s.code: s for s in Sector.objects.filter(level=Sector.Level.DIVISION)}
        today = timezone.localdate()
        base = dt.datetime.combine(today, dt.time(3, 0), tzinfo=dt.UTC)
        created = 0
        for plan in plans:
            if plan.reference in existing:
                continue
            opportunity = Opportunity(
                reference=plan.reference, organisation=plan.organisation, created_by=owners.get(plan.organisation.pk),
                kind=plan.kind, title=plan.title, summary=plan.summary, details=plan.details, language=plan.language,
                target_countries=plan.target_countries, trl=plan.trl, company_stage=plan.company_stage,
                ticket_min_usd=plan.ticket[0] if plan.ticket else None, ticket_max_usd=plan.ticket[1] if plan.ticket else None,
                visibility=plan.visibility, status=plan.status, **self.dates(plan, base, today, data),
            )
            opportunity.save()
            opportunity.sectors.set([sectors[code] for code in plan.sectors if code in sectors])
            created += 1
        return created

    @staticmethod
    def dates(plan: Plan, base: dt.datetime, today: dt.date, data: dict) -> dict:
        """Published some days ago and open for one to eleven more months; the other states
        get the dates and notes that state implies."""
        seed = plan.seed
        created_at = base - dt.timedelta(days=20 + seed % 70, hours=seed % 24)
        if plan.status == Status.EXPIRED:  # published months ago, past its date now
            created_at -= dt.timedelta(days=180)
        fields: dict[str, Any] = {
            "created_at": created_at, "expires_on": today + dt.timedelta(days=30 + seed % 300),
            "submitted_at": created_at + dt.timedelta(days=1), "published_at": created_at + dt.timedelta(days=3),
        }
        if plan.status in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED):
            fields["published_at"] = None
        if plan.status == Status.DRAFT:
            fields["submitted_at"] = None
        if plan.status == Status.SUBMITTED:
            fields["submitted_at"] = base - dt.timedelta(hours=2 + seed % 70)
        if plan.status == Status.RETURNED:
            fields["review_comment"] = data["review_comments"][plan.language]
        if plan.status == Status.EXPIRED:
            fields["expires_on"] = today - dt.timedelta(days=1 + seed % 30)
        if plan.status == Status.CLOSED:
            fields["closed_at"] = base - dt.timedelta(days=seed % 15)
            fields["outcome"] = OUTCOMES[seed % len(OUTCOMES)]
        return fields
