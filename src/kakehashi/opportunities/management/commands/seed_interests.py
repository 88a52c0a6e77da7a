"""`kakehashi seed_interests` (run by `kakehashi seed-demo` after the opportunities): demo
expressions of interest in every state, introductions with short conversations and
outcomes, spread over the last six months so the staff programme view has a history.

Fixture loading like `seed_accounts`: rows are written directly and no e-mail is sent.
Deterministic (the n-th live opportunity gets the n-th plan) and idempotent (an
organisation's interest in an opportunity is created once)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.models import ApprovalStatus, Membership, Organisation

from ...models import Interest, Introduction, IntroductionMessage, Opportunity, OutcomeRecord, live_q

# Said by any organisation of that country (a maker, a university, a fund, an authority …),
# so nothing here names a city or a kind of organisation.
MESSAGES = {
    "IN": [
        "We read your opportunity with interest and believe our team can contribute. Could you share your "
        "volumes, timeline and requirements, so that we can propose a first step?",
        "We have worked on similar projects with partners in India. Could we set up a video call to discuss "
        "your timeline and what a first joint project could look like?",
        "हमारी संस्था इस अवसर में गहरी रुचि रखती है। क्या हम अगले सप्ताह एक ऑनलाइन बैठक कर सकते हैं?",
    ],
    "JP": [
        "貴社の案件に大変関心があります。まずはオンラインで要件を伺えれば幸いです。",
        "We are looking for a long-term partner in India and would welcome a first meeting "
        "to exchange our capabilities and discuss a pilot.",
    ],
}
REPLIES = [
    "Thank you for your message. Next Tuesday at 10:00 IST (13:30 JST) works for us.",
    "ありがとうございます。資料を共有しますので、ご確認ください。",
    "We have shared the drawings. Please confirm you received them.",
]
DECLINE_REASONS = [
    "Thank you for your interest. We have already selected a partner for this project.",
    "ご関心ありがとうございます。今回は国内の協力先で進めることになりました。",
]
# (state, outcomes recorded after an introduction)
PLANS = [
    ("accepted", ["meeting_held", "nda_signed"]),
    ("pending", []),
    ("accepted", ["meeting_held"]),
    ("declined", []),
    ("accepted", ["meeting_held", "pilot_started"]),
    ("expired", []),
    ("accepted", []),
    ("withdrawn", []),
    ("accepted", ["no_fit"]),
    ("pending", []),
    ("accepted", ["meeting_held", "nda_signed", "partnership_formed"]),
    ("declined", []),
]
ROUNDS = 2  # each plan is used twice, on later opportunities


def _people(organisation: Organisation) -> list:
    return [
        m.user
        for m in organisation.memberships.filter(
            status=Membership.Status.ACTIVE, user__is_active=True, user__approval_status=ApprovalStatus.APPROVED
        ).select_related("user").order_by("pk")
    ]


class Command(BaseCommand):
    help = "Load demo expressions of interest, introductions, conversations and outcomes. Idempotent."

    def handle(self, *args, **options):
        opportunities = list(
            Opportunity.objects.filter(live_q()).select_related("organisation").order_by("published_at", "pk")
        )
        senders = {
            country: [o for o in Organisation.objects.filter(status=ApprovalStatus.APPROVED, country=country).order_by("slug") if _people(o)]
            for country in ("IN", "JP")
        }
        created = 0
        now = timezone.now()
        for index, opportunity in enumerate(opportunities[: len(PLANS) * ROUNDS]):
            country = "JP" if opportunity.organisation.country == "IN" else "IN"
            candidates = [o for o in senders[country] if o.pk != opportunity.organisation_id]
            owners = _people(opportunity.organisation)
            if not candidates or not owners:
                continue
            sender_org = candidates[index % len(candidates)]
            if Interest.objects.filter(opportunity=opportunity, organisation=sender_org).exists():
                continue
            state, outcomes = PLANS[index % len(PLANS)]
            # spread over the last six months, oldest first; pending ones are recent
            at = now - dt.timedelta(days=5 if state == "pending" else 180 - index * 7)
            with transaction.atomic():
                self._seed(opportunity, sender_org, owners[0], state, outcomes, at, index)
            created += 1
        self.stdout.write(f"interests: {created} created, {Interest.objects.count()} in all")

    def _seed(self, opportunity, sender_org, owner, state, outcomes, at, index) -> None:
        sender = _people(sender_org)[0]
        messages = MESSAGES[sender_org.country if sender_org.country in MESSAGES else "IN"]
        answered = at + dt.timedelta(days=3) if state != "pending" else None
        if state == "expired":
            answered = at + dt.timedelta(days=21)
        interest = Interest.objects.create(
            opportunity=opportunity, organisation=sender_org, sent_by=sender, message=messages[index % len(messages)],
            state=state, created_at=at, answered_at=answered,
            answered_by=owner if state in ("accepted", "declined") else (sender if state == "withdrawn" else None),
            decline_reason=DECLINE_REASONS[index % len(DECLINE_REASONS)] if state == "declined" else "",
        )
        if state != "accepted":
            return
        assert answered is not None  # an accepted interest was answered
        introduction = Introduction.objects.create(interest=interest, created_at=answered)
        for n, author in enumerate([owner, sender, owner][: 1 + index % 3]):
            IntroductionMessage.objects.create(
                introduction=introduction, author=author, body=REPLIES[(index + n) % len(REPLIES)],
                created_at=min(answered + dt.timedelta(days=1 + n), timezone.now()),
            )
        for n, outcome in enumerate(outcomes):
            OutcomeRecord.objects.create(
                introduction=introduction, organisation=sender_org if n % 2 == 0 else opportunity.organisation,
                recorded_by=sender if n % 2 == 0 else owner, outcome=outcome,
                created_at=min(answered + dt.timedelta(days=10 + 14 * n), timezone.now()),
            )
