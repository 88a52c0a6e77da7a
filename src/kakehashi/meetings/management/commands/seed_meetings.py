"""`kakehashi seed_meetings` (run by `kakehashi seed-demo` after the events): the EV matchmaking
session ("EV components: Indian suppliers meet Japanese OEMs") gets 44 participants (22
Indian suppliers selling, 22 Japanese OEMs and Tier-1s buying), a grid of two blocks of
fifteen-minute meetings at 12 tables, requests in every state, availability, and a schedule
computed by the real solver and published. The organisations and people are invented.

Data set-up, not rules: rows are written directly, and the agenda e-mails of the published
schedule are marked as sent. Running it twice changes nothing.
"""

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.models import ApprovalStatus, Membership, Organisation, OrganisationDescription, User
from kakehashi.core.models import Sector
from kakehashi.events.models import Registration, Session

from ... import runs
from ...models import Block, Grid, Meeting, MeetingRequest, Participant, ScheduleRun, Slot, Unavailability
from ...services import apply_schedule, slot_times

TITLE = "EV components: Indian suppliers meet Japanese OEMs"
PASSWORD = "kakehashi-demo"
INDIAN = [
    "Coimbatore Motor Windings", "Pune Harness Works", "Chennai Cell Packs", "Hosur Die Castings", "Sriperumbudur Connectors",
    "Ahmedabad Power Electronics", "Gurugram Thermal Systems", "Nashik Busbars", "Bengaluru BMS Labs", "Rajkot Precision Gears",
    "Aurangabad Stampings", "Faridabad Cable Assemblies", "Mysuru Magnetics", "Vadodara Insulation", "Noida Charger Modules",
    "Hyderabad Sensor Systems", "Madurai Rubber Seals", "Jamshedpur Steel Frames", "Kochi Coolant Pumps", "Indore Fasteners",
    "Ludhiana Forgings", "Chakan EV Lighting",
]
JAPANESE = [
    "Aichi Mobility", "Hamamatsu Motors", "Kariya Drive Systems", "Toyota-shi Tier One", "Yokohama EV Platforms",
    "Hiroshima Powertrain", "Saitama Electric Axles", "Gunma Battery Systems", "Shizuoka Harness Buyers", "Kobe Charging",
    "Osaka Thermal", "Nagoya Body Works", "Sendai Cells", "Kyoto Inverters", "Fukuoka Assembly", "Tochigi Chassis",
    "Mie Electronics", "Gifu Castings", "Niigata Motors", "Kanagawa Sensors", "Chiba Connectors", "Okayama Drivetrain",
]
JP_NAMES = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida"]
IN_NAMES = ["Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Kavya", "Arjun", "Divya", "Karthik", "Meera", "Sanjay"]


class Command(BaseCommand):
    help = "Load the demo matchmaking: participants, requests and a published schedule (idempotent)."

    def handle(self, *args, **options):
        session = Session.objects.filter(title__startswith=TITLE, kind=Session.Kind.MATCHMAKING).first()
        if session is None:
            self.stdout.write("Meetings demo needs the events demo data (seed_events).")
            return
        if Participant.objects.filter(session=session).exists():
            self.stdout.write("Meetings demo data already loaded.")
            return
        with transaction.atomic():
            sellers, buyers = self._people(session)
            grid = self._grid(session)
            self._requests(session, sellers, buyers, grid)
            run = ScheduleRun.objects.create(session=session, time_limit=10)
        runs.execute(run.pk)  # the real solver, outside the set-up transaction
        with transaction.atomic():
            run.refresh_from_db()
            apply_schedule(run)
            Meeting.objects.filter(request__session=session).update(notified_sequence=0)
            now = timezone.now()
            ScheduleRun.objects.filter(pk=run.pk).update(published_at=now)
            Grid.objects.filter(pk=grid.pk).update(published_run=run, published_at=now)
        self.stdout.write(
            f"Meetings: {Participant.objects.filter(session=session).count()} participants, "
            f"{MeetingRequest.objects.filter(session=session).count()} requests, "
            f"{Meeting.objects.filter(request__session=session).count()} meetings published "
            f"(weight {run.weight} of bound {run.bound})."
        )

    def _people(self, session: Session) -> tuple[list[Participant], list[Participant]]:
        password = make_password(PASSWORD)
        sector = Sector.objects.filter(code="29").first()
        sellers: list[Participant] = []
        buyers: list[Participant] = []
        for index, (name, country) in enumerate([(n, "IN") for n in INDIAN] + [(n, "JP") for n in JAPANESE]):
            india = country == "IN"
            slug = "ev-" + name.lower().replace(" ", "-")
            org = Organisation.objects.create(
                name=name, slug=slug, country=country, org_type=Organisation.Type.SME, size_band=Organisation.SizeBand.MEDIUM,
                region_code="IN-TN" if india else "JP-23", city="Chennai" if india else "Nagoya", status=ApprovalStatus.APPROVED,
            )
            if sector is not None:
                org.sectors.set([sector])
            OrganisationDescription.objects.create(
                organisation=org, language="en" if india else "ja",
                text="EV component maker looking for Japanese customers." if india else "EV部品のインドのサプライヤーを探しています。",
            )
            person = (IN_NAMES if india else JP_NAMES)[index % 11]
            user = User.objects.create(
                email=f"{slug}@demo.example", display_name=f"{person} ({name})", password=password,
                language="en" if india else "ja", timezone="Asia/Kolkata" if india else "Asia/Tokyo",
                approval_status=ApprovalStatus.APPROVED,
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            Membership.objects.create(user=user, organisation=org, role=Membership.Role.OWNER, status=Membership.Status.ACTIVE)
            Registration.objects.create(
                session=session, user=user, email=user.email, name=user.display_name, language=user.language,
                timezone=user.timezone, status=Registration.Status.CONFIRMED, confirmed_at=timezone.now(),
            )
            participant = Participant.objects.create(
                session=session, user=user, organisation=org, role=Participant.Role.SELLER if india else Participant.Role.BUYER,
            )
            (sellers if india else buyers).append(participant)
        return sellers, buyers

    def _grid(self, session: Session) -> Grid:
        grid = Grid.objects.create(
            session=session, slot_minutes=15, break_minutes=5, place=Grid.Place.TABLES, capacity=12, cap=6,
            mode=Grid.Mode.BUYER_SELLER, requests_close_at=session.starts_at - dt.timedelta(days=2), remind_hours=48,
        )
        blocks = [
            (session.starts_at, session.starts_at + dt.timedelta(hours=2)),
            (session.starts_at + dt.timedelta(hours=2, minutes=40), session.ends_at),
        ]
        Block.objects.bulk_create([Block(grid=grid, starts_at=s, ends_at=e) for s, e in blocks])
        Slot.objects.bulk_create([Slot(grid=grid, starts_at=s, ends_at=e) for s, e in slot_times(blocks, 15, 5)])
        return grid

    def _requests(self, session: Session, sellers: list[Participant], buyers: list[Participant], grid: Grid) -> None:
        rng = random.Random(13)
        states = ["accepted"] * 7 + ["pending", "declined", "expired", "cancelled"]
        pairs = set()
        for seller in sellers:
            for buyer in rng.sample(buyers, 5):
                pairs.add((seller, buyer) if rng.random() < 0.7 else (buyer, seller))
        rows = []
        for index, (a, b) in enumerate(sorted(pairs, key=lambda p: (p[0].pk, p[1].pk))):
            state = states[index % len(states)] if index >= len(states) else states[index]
            rows.append(MeetingRequest(
                session=session, requester=a, receiver=b, state=state,
                priority=MeetingRequest.Priority.MUST if index % 5 == 0 else MeetingRequest.Priority.LIKE,
                message="We supply harnesses to two Indian OEMs; could we show you samples?" if a.role == "seller" else "",
                fit=round(rng.random(), 2), answered_at=None if state == "pending" else timezone.now(),
            ))
        MeetingRequest.objects.bulk_create(rows)
        slots = list(Slot.objects.filter(grid=grid).order_by("starts_at"))
        Unavailability.objects.bulk_create(
            [Unavailability(participant=p, slot=s) for p in sellers + buyers for s in rng.sample(slots, len(slots) // 4)]
        )
