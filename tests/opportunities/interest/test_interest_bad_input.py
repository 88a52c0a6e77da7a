"""The Big List of Naughty Strings through every text of interests and introductions: the
interest message, the reason for declining, thread messages and outcome notes are stored
exactly (trimmed), shown escaped, e-mailed, and never cause a 500. Every string goes through
the API's input schema or the form and the service; a few of every category (blns_sample)
through the whole requests."""

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape
from pydantic import ValidationError as SchemaError

from kakehashi.opportunities.interest import services
from kakehashi.opportunities.interest.api import InterestIn
from kakehashi.opportunities.interest.forms import DeclineForm, MessageForm, OutcomeForm
from kakehashi.opportunities.models import Interest, IntroductionMessage, OutcomeRecord
from tests.accounts.test_bad_input import NUL_STRINGS
from tests.corpora import blns, blns_sample

from ...api import JSON, bearer_client, session_client
from ...factories import OpportunityFactory
from .helpers import accept, express

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """These tests send hundreds of values as one member; the limits have their own tests."""
    settings.MEMBER_RATE_LIMITS = {}


def shown(value: str, html: str) -> bool:
    """The stored value appears escaped (line breaks become <br>, so skip those that have them)."""
    if any(c in value for c in "\r\n"):
        return True
    return escape(value) in html


def test_blns_every_interest_message_through_the_schema_and_the_service_is_stored_exactly(world):
    stored = 0

    for value in blns() + NUL_STRINGS:
        try:
            message = InterestIn.model_validate({"opportunity": world.opportunity.reference, "message": value}).message
        except SchemaError:
            assert "\x00" in value, value  # a 422
            continue
        try:
            interest = services.express_interest(world.sender, world.opportunity, message=message)
        except ValidationError:
            assert not value.strip(), value  # a 400
            continue
        assert interest.message == value.strip(), value
        services.withdraw_interest(world.sender, interest)
        stored += 1

    assert stored > 400


def test_blns_interest_messages_through_the_api_are_stored_exactly(world):
    client = bearer_client(world.sender)
    stored = 0

    for value in blns_sample() + NUL_STRINGS:
        response = client.post(
            "/api/v1/opportunities/interests",
            {"opportunity": world.opportunity.reference, "message": value},
            content_type=JSON,
        )

        assert response.status_code in (201, 400, 422), (value, response.content)
        if "\x00" in value:
            assert response.status_code == 422, value
        elif not value.strip():
            assert response.status_code == 400, value
        else:
            assert response.status_code == 201, value
            interest = Interest.objects.get(pk=response.json()["id"])
            assert interest.message == value.strip() == response.json()["message"], value
            services.withdraw_interest(world.sender, interest)
            stored += 1

    assert stored == len(blns_sample())


def test_blns_interest_messages_are_escaped_on_the_owners_pages(world):
    values = [v for v in blns() if v.strip()]
    opportunities = [OpportunityFactory(organisation=world.owner_org) for _ in range(1)]
    interests = []
    for value in values:
        interest = Interest.objects.create(
            opportunity=opportunities[0], organisation=world.sender_org, sent_by=world.sender, message=value.strip(),
            state="withdrawn",
        )
        interests.append(interest)
    client = session_client(world.owner)

    for interest in interests[::25]:
        response = client.get(f"/opportunities/interests/{interest.pk}/")
        assert response.status_code == 200
        assert shown(interest.message, response.content.decode()), interest.message
    page = client.get(f"/opportunities/{opportunities[0].reference}/").content.decode()

    assert "<script>alert(0)</script>" not in page
    assert escape("<script>alert(0)</script>") in page


def test_blns_every_decline_reason_through_the_form_and_the_service_is_stored(world):
    declined = 0

    for value in blns() + NUL_STRINGS:
        interest = Interest.objects.create(opportunity=world.opportunity, organisation=world.sender_org, message="Hello")
        form = DeclineForm({"reason": value})
        if form.is_valid():
            with contextlib.suppress(ValidationError):  # a 400 through the form
                services.decline_interest(world.owner, interest, reason=form.cleaned_data["reason"])
        interest.refresh_from_db()
        if interest.state == "declined":
            assert interest.decline_reason == value.strip(), value
            declined += 1
        else:
            assert interest.state == "pending" and ("\x00" in value or not value.strip()), value
            interest.delete()

    assert declined > 400


def test_blns_decline_reasons_through_the_form(world):
    client = session_client(world.owner)
    opportunity = world.opportunity
    declined = 0

    for value in blns_sample() + NUL_STRINGS:
        interest = Interest.objects.create(opportunity=opportunity, organisation=world.sender_org, message="Hello")
        response = client.post(f"/opportunities/interests/{interest.pk}/decline/", {"reason": value})

        assert response.status_code in (302, 400), value
        interest.refresh_from_db()
        if response.status_code == 302:
            assert (interest.state, interest.decline_reason) == ("declined", value.strip()), value
            declined += 1
        else:
            assert interest.state == "pending" and ("\x00" in value or not value.strip()), value
            interest.delete()

    assert declined == len(blns_sample())
    sample = Interest.objects.filter(decline_reason="<script>alert(0)</script>").get()
    html = session_client(world.sender).get(f"/opportunities/interests/{sample.pk}/").content.decode()
    assert escape("<script>alert(0)</script>") in html and "<script>alert(0)" not in html


def test_blns_thread_messages_and_outcome_notes_through_the_forms(world):
    introduction = accept(world, express(world))
    world.owner.__class__.objects.filter(pk__in=[world.owner.pk, world.owner_colleague.pk]).update(email_notifications=False)
    client = session_client(world.sender)
    values = blns() + NUL_STRINGS
    through_the_page = set(blns_sample() + NUL_STRINGS)

    for value in values:
        ok = bool(value.strip()) and "\x00" not in value
        if value in through_the_page:
            posted = client.post(f"/opportunities/introductions/{introduction.pk}/messages/", {"body": value})
            noted = client.post(
                f"/opportunities/introductions/{introduction.pk}/outcome/", {"outcome": "meeting_held", "note": value[:2000]}
            )
            assert posted.status_code == (302 if ok else 400), value
            assert noted.status_code == (400 if "\x00" in value else 302), value
            continue
        message_form = MessageForm({"body": value})
        outcome_form = OutcomeForm({"outcome": "meeting_held", "note": value[:2000]})
        assert (message_form.is_valid(), outcome_form.is_valid()) == (ok, "\x00" not in value), value
        if ok:
            services.post_message(world.sender, introduction, body=message_form.cleaned_data["body"])
        if outcome_form.is_valid():
            services.record_outcome(world.sender, introduction, **outcome_form.cleaned_data)

    bodies = list(IntroductionMessage.objects.values_list("body", flat=True))
    notes = list(OutcomeRecord.objects.values_list("note", flat=True))
    expected = [v.strip() for v in values if v.strip() and "\x00" not in v]
    assert bodies == expected
    assert notes == [v[:2000].strip() for v in values if "\x00" not in v]
    response = session_client(world.owner).get(f"/opportunities/introductions/{introduction.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(0)</script>" not in html
    for value in expected:
        assert shown(value, html), value


def test_blns_in_an_e_mailed_message_is_escaped_in_the_html_part(world):
    introduction = accept(world, express(world))
    from kakehashi.mail.models import OutboxMessage

    OutboxMessage.objects.all().delete()

    services.post_message(world.sender, introduction, body="<img src=x onerror=alert(1)> & “quotes”")

    mail = OutboxMessage.objects.filter(recipient="haruka@tokai.example.jp").get()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; “quotes”" in mail.body_html
    assert "<img src=x onerror=alert(1)> & “quotes”" in mail.body_text
