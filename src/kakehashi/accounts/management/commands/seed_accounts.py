"""`kakehashi seed_accounts` (run by `kakehashi seed-demo`): the demo organisations, members and
staff, deterministically.

Loads accounts/data/demo_organisations.json (fictional organisations from India, Japan and
elsewhere, with descriptions in English, Japanese and some Hindi). Like pretalx's
`create_test_event`, this is fixture loading: it writes rows directly and sends no e-mail.
Running it twice changes nothing.
"""

import datetime as dt
import itertools
import json
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from kakehashi.core.models import Sector
from kakehashi.core.timezones import default_zone_for_country

from ...models import ApprovalStatus, Membership, Organisation, OrganisationDescription, User
from ...services import ensure_handle

DATA = Path(__file__).resolve().parents[2] / "data" / "demo_organisations.json"
DEMO_PASSWORD = "kakehashi-demo"
EPOCH = dt.datetime(2026, 1, 5, 3, 0, tzinfo=dt.UTC)

STAFF = [
    {"email": "admin@kakehashi.example", "name": "Kakehashi Admin", "language": "en", "timezone": "UTC", "superuser": True},
    {"email": "secretariat@kakehashi.example", "name": "Sato Haruka", "language": "ja", "timezone": "Asia/Tokyo"},
    {"email": "desk@kakehashi.example", "name": "Ananya Iyer", "language": "hi", "timezone": "Asia/Kolkata"},
]
# People who signed up and asked to join an approved organisation; staff have not decided yet.
APPLICANTS = [
    {"email": "kenji.mori@applicant.example", "name": "Mori Kenji", "language": "ja", "country": "JP"},
    {"email": "rohit.verma@applicant.example", "name": "Rohit Verma", "language": "hi", "country": "IN"},
    {"email": "meera.nair@applicant.example", "name": "Meera Nair", "language": "en", "country": "IN"},
]


def _joining_order(entries: list[dict]) -> dict[str, int]:
    """Each organisation's place in the order they joined: those from neither country first,
    then Indian and Japanese ones alternately, so "Recently joined" shows both countries."""
    others = [e["slug"] for e in entries if e["country"] not in ("IN", "JP")]
    indian = [e["slug"] for e in entries if e["country"] == "IN"]
    japanese = [e["slug"] for e in entries if e["country"] == "JP"]
    alternating = [slug for pair in itertools.zip_longest(indian, japanese) for slug in pair if slug]
    return {slug: place for place, slug in enumerate(others + alternating)}


def is_seeded() -> bool:
    """`kakehashi run` loads the demo only into an empty database: one without organisations."""
    return Organisation.objects.exists()


class Command(BaseCommand):
    help = "Load the demo organisations, members and staff (idempotent). Password of every demo account: " + DEMO_PASSWORD

    @transaction.atomic
    def handle(self, *args, **options):
        password = make_password(DEMO_PASSWORD)  # hashed once; argon2 is slow on purpose
        sectors = {s.code: s for s in Sector.objects.all()}
        entries = json.loads(DATA.read_text(encoding="utf-8"))
        minute = 0

        def person(email: str, name: str, language: str, zone: str, status: str) -> User:
            nonlocal minute
            minute += 7
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "display_name": name,
                    "language": language,
                    "timezone": zone,
                    "approval_status": status,
                    "password": password,
                    "date_joined": EPOCH + dt.timedelta(minutes=minute),
                },
            )
            if created:
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            ensure_handle(user)  # @handle from the name, so demo members can be mentioned
            return user

        for spec in STAFF:
            user = person(spec["email"], spec["name"], spec["language"], spec["timezone"], ApprovalStatus.APPROVED)
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=spec.get("superuser", False))

        joined = _joining_order(entries)
        for entry in entries:
            status = entry["status"]
            org, created = Organisation.objects.get_or_create(
                slug=entry["slug"],
                defaults={
                    "name": entry["name"],
                    "name_local": entry.get("name_local", ""),
                    "country": entry["country"] if entry["country"] in ("IN", "JP") else "XX",
                    "other_country": "" if entry["country"] in ("IN", "JP") else entry["country"],
                    "org_type": entry["org_type"],
                    "size_band": entry["size_band"],
                    "region_code": entry.get("region_code", ""),
                    "city": entry.get("city", ""),
                    "website": entry.get("website", ""),
                    "status": status,
                    "status_note": "Outside the scope of this programme." if status == "declined" else "",
                    "created_at": EPOCH + dt.timedelta(hours=7 * joined[entry["slug"]]),
                },
            )
            if not created:
                continue
            org.sectors.set([sectors[code] for code in entry["sectors"] if code in sectors])
            OrganisationDescription.objects.bulk_create(
                OrganisationDescription(organisation=org, language=lang, text=text)
                for lang, text in entry["descriptions"].items()
            )
            for member in entry["members"]:
                member_status = ApprovalStatus.APPROVED if status == "approved" else status
                user = person(
                    member["email"],
                    member["name"],
                    member.get("language", "en"),
                    default_zone_for_country(entry["country"]),
                    member_status,
                )
                Membership.objects.get_or_create(
                    user=user,
                    organisation=org,
                    defaults={"role": member["role"], "status": Membership.Status.ACTIVE},
                )
            if org.created_by_id is None:
                Organisation.objects.filter(pk=org.pk).update(created_by=org.memberships.get(role="owner").user)

        approved = list(Organisation.objects.filter(status="approved").order_by("slug"))
        for i, spec in enumerate(APPLICANTS):
            user = person(spec["email"], spec["name"], spec["language"], default_zone_for_country(spec["country"]), ApprovalStatus.PENDING)
            target = next((o for o in approved[i * 7 :] if o.country == spec["country"]), approved[0])
            Membership.objects.get_or_create(
                user=user, organisation=target, defaults={"status": Membership.Status.REQUESTED, "message": "Hello!"}
            )

        counts = {
            "organisations": Organisation.objects.count(),
            "india": Organisation.objects.filter(country="IN").count(),
            "japan": Organisation.objects.filter(country="JP").count(),
            "pending": Organisation.objects.filter(status="pending").count(),
            "members": User.objects.count(),
        }
        self.stdout.write(
            "Demo data: {organisations} organisations ({india} India, {japan} Japan, {pending} pending), "
            "{members} accounts.".format(**counts)
        )
        self.stdout.write(f"Sign in as admin@kakehashi.example (staff) with the password {DEMO_PASSWORD!r}.")
