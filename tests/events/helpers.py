"""Helpers of the events tests (plain functions; the fixtures are in conftest.py)."""

from kakehashi.mail.models import OutboxMessage

from ..factories import UserFactory

# The actors of the permission matrices (conftest.world), relative to the Indo-Nippon
# Business Council (INBC).
ACTORS = ["visitor", "unapproved", "member", "other_org_member", "org_admin", "staff"]


def members(n: int, **kwargs) -> list:
    return [UserFactory(**kwargs) for _ in range(n)]


def outbox(template: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(template=f"events/mail/{template}").order_by("created_at"))
