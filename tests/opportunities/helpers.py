"""Helpers of the opportunity tests (plain functions; the fixtures are in conftest.py).

Actors, all relative to organisation A ("Sundaram Precision", approved, India):
visitor, unapproved (signed in, waiting for approval), other_org_member (approved owner of
"Tokyo Other", Japan), member (approved member of A, role "member"), staff.
"""

import datetime as dt

from django.test import Client
from django.utils import timezone

from kakehashi.opportunities import services

ACTORS = ["visitor", "unapproved", "other_org_member", "member", "staff"]
ORG_NAME = "Sundaram Precision"


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def draft_fields(**overrides) -> dict:
    """A complete manufacturing offer, ready to submit."""
    fields = {
        "kind": "manufacturing_offer",
        "title": "Precision machining capacity in Chennai",
        "summary": "CNC turning and milling of transmission shafts and gear blanks for car makers.",
        "details": "IATF 16949 certified. 40 machining centres, 50,000 parts a month.",
        "sectors": ["29"],
        "target_countries": ["JP"],
        "visibility": "public",
        "expires_on": in_days(120),
    }
    fields.update(overrides)
    return fields


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def new_draft(member, org, **overrides):
    return services.create_draft(member, org, **draft_fields(**overrides))
