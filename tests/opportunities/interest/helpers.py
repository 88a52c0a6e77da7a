"""Helpers of the interest tests (plain functions; the fixtures are in conftest.py): the two
organisations' names, expressing and accepting interest, and reading the outbox."""

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.interest import services

OWNER_ORG = "Tokai Seiki Kogyo"
SENDER_ORG = "Sundaram Precision Works"


def express(world, opportunity=None, message="We machine aluminium housings for Tier-1 suppliers."):
    return services.express_interest(world.sender, opportunity or world.opportunity, message=message)


def accept(world, interest):
    return services.accept_interest(world.owner, interest)


def outbox(template: str | None = None) -> list[tuple[str, str, str]]:
    """(recipient, locale, template) of queued mail, in order."""
    qs = OutboxMessage.objects.order_by("created_at")
    if template:
        qs = qs.filter(template=f"opportunities/mail/{template}")
    return [(m.recipient, m.locale, m.template.rsplit("/", 1)[1]) for m in qs]


def mails_to(email: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient=email).order_by("created_at"))
