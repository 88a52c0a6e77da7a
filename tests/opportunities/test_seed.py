"""`kakehashi seed_opportunities`: enough realistic opportunities for meaningful matches,
valid by the same rules as a member's, the same on every run."""

import collections
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kakehashi.core import registry
from kakehashi.core.language import detect_language
from kakehashi.opportunities import services
from kakehashi.opportunities.models import Kind, Opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_opportunities", stdout=io.StringIO())
    return Opportunity.objects.select_related("organisation").prefetch_related("sectors")


def test_seed_covers_every_kind_both_countries_three_languages_and_every_state(seeded):
    published = seeded.filter(status="published")
    by = lambda field, qs=seeded: collections.Counter(qs.values_list(field, flat=True))  # noqa: E731

    assert published.count() >= 300
    assert set(by("kind", published)) == set(Kind.values)
    assert {c for c, n in by("organisation__country", published).items() if n >= 100} == {"IN", "JP"}
    assert by("language")["en"] >= 100 and by("language")["ja"] >= 100 and by("language")["hi"] >= 20
    assert all(by("status")[state] >= 3 for state in ("draft", "submitted", "returned", "expired", "closed"))
    assert by("visibility")["anonymous"] >= 20
    assert set(seeded.values_list("organisation__status", flat=True)) == {"approved"}


def test_seed_is_idempotent(seeded):
    before = {o.reference: (o.title, o.summary, o.details, o.status) for o in seeded}

    call_command("seed_opportunities", stdout=io.StringIO())

    assert {o.reference: (o.title, o.summary, o.details, o.status) for o in Opportunity.objects.all()} == before


def test_seeded_texts_are_complete_valid_and_of_a_readable_length(seeded):
    today = timezone.localdate()
    problems = []
    for o in seeded:
        text = f"{o.summary} {o.details}"
        size = len(text) if o.language == "ja" else len(text.split())
        low, high = (80, 300) if o.language == "ja" else (40, 90)
        if not low <= size <= high:
            problems.append((o.reference, "length", size))
        if re.search(r"[{}]", o.title + text):
            problems.append((o.reference, "unfilled slot"))
        errors: dict = {}
        services._check_kind_fields(o, errors)
        if o.status == "published":
            services._check_complete(o, o.sectors.count(), today - dt.timedelta(days=1), errors)
        o.full_clean(exclude=["organisation", "created_by", "reference", "aim"])
        if errors:
            problems.append((o.reference, errors))
        if o.language != detect_language(o.title, o.summary, o.details):
            problems.append((o.reference, "language", o.language))

    assert problems == []


def test_seeded_anonymous_opportunities_do_not_name_their_organisation(seeded):
    named = [
        o.reference for o in seeded.filter(visibility="anonymous")
        if any(n and n.lower() in f"{o.title} {o.summary} {o.details}".lower()
               for n in (o.organisation.name, o.organisation.name_local, o.organisation.slug))
    ]

    assert named == []


def test_seed_has_the_matching_demo_pair_of_precision_auto_parts(seeded):
    request = seeded.get(reference="KK-A0000001")
    offer = seeded.get(reference="KK-A0000002")

    assert (request.kind, request.language, request.organisation.country, request.status, request.visibility) == (
        "sourcing_request", "ja", "JP", "published", "public"
    )
    assert "精密" in request.title and "自動車部品" in request.title
    assert (offer.kind, offer.language, offer.organisation.country, offer.status, offer.visibility) == (
        "manufacturing_offer", "en", "IN", "published", "public"
    )
    assert "precision auto parts" in offer.title.lower()
    assert offer.expires_on > timezone.localdate() and request.expires_on > timezone.localdate()


def test_seed_has_the_constraint_cases_of_eval_matches(seeded):
    fields = ("kind", "organisation__slug", "organisation__country", "target_countries", "trl", "ticket_min_usd",
              "ticket_max_usd", "status")
    rows = {r["reference"]: r for r in seeded.filter(reference__in=[f"KK-A000000{n}" for n in range(6, 10)])
            .values("reference", *fields)}

    assert [tuple(rows[f"KK-A000000{n}"][f] for f in fields) for n in range(6, 10)] == [
        ("investor_mandate", "meiko-monozukuri-capital", "JP", ["IN"], None, 300_000, 1_500_000, "published"),
        ("investor_mandate", "kizuna-frontier-capital", "JP", ["IN"], None, 5_000_000, 20_000_000, "published"),
        ("technology_request", "owari-electric-components", "JP", ["IN"], 7, None, None, "published"),
        ("technology_offer", "kaveri-institute-of-technology", "IN", ["JP"], 3, None, None, "published"),
    ]


def test_seed_demo_runs_the_opportunities_after_the_accounts():
    commands = [seeder.command for seeder in registry.seeders()]

    assert commands.index("seed_opportunities") == commands.index("seed_accounts") + 1


def test_voltkraft_reads_as_one_seed_stage_battery_startup(seeded):
    """Title, summary, stage, ticket and the organisation's own description agree."""
    investment = seeded.get(reference="KK-C0031A19")
    description = investment.organisation.descriptions.get(language="en").text

    assert (investment.company_stage, investment.ticket_min_usd, investment.ticket_max_usd) == ("seed", 250_000, 1_000_000)
    assert "lithium-ion battery packs" in investment.title and "lithium-ion battery packs" in investment.summary
    assert "seed round" in investment.summary and "seed round" in description
    assert "Series A" not in description
