"""Expressions of interest through to introductions, threads and outcomes: the state machine
and the e-mails each step sends (exactly once, in each recipient's language)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from kakehashi.core.models import AuditEntry
from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import Interest, Introduction, IntroductionMessage, OutcomeRecord

from ...factories import MembershipFactory, OpportunityFactory, OrganisationFactory
from .helpers import OWNER_ORG, SENDER_ORG, accept, express, mails_to, outbox

pytestmark = pytest.mark.django_db

ALREADY = "Your organisation has already expressed interest in this opportunity."
OWN = "You cannot express interest in your own organisation's opportunity."
NOT_OPEN = "This opportunity is not open for expressions of interest."


def messages_of(exc_info) -> list[str]:
    return exc_info.value.messages


# --- expressing interest -----------------------------------------------------------------------


def test_express_interest_stores_a_pending_interest_and_mails_the_owner_side(world):
    interest = express(world)

    assert (interest.state, interest.organisation, interest.sent_by, interest.message) == (
        "pending", world.sender_org, world.sender, "We machine aluminium housings for Tier-1 suppliers."
    )
    # the quiet colleague switched activity e-mails off; the sender's side is not mailed
    assert outbox() == [
        ("haruka@tokai.example.jp", "ja", "interest_received"),
        ("kenji@tokai.example.jp", "ja", "interest_received"),
    ]
    mail = mails_to("haruka@tokai.example.jp")[0]
    assert SENDER_ORG in mail.subject
    assert "Asha Rao" in mail.body_text and "インド" in mail.body_text
    assert "We machine aluminium housings for Tier-1 suppliers." in mail.body_text
    assert f"{settings.SITE_URL}/opportunities/interests/{interest.pk}/" in mail.body_text
    assert AuditEntry.objects.filter(action="interest.expressed", target_id=str(interest.pk)).count() == 1


def test_the_member_who_published_is_told_even_with_activity_mails_off(world):
    opportunity = OpportunityFactory(organisation=world.owner_org, created_by=world.quiet_owner)

    express(world, opportunity)

    assert [r for r, _l, _t in outbox()] == ["haruka@tokai.example.jp", "kenji@tokai.example.jp", "quiet@tokai.example.jp"]


def test_second_interest_of_the_same_organisation_is_refused(world):
    express(world)

    with pytest.raises(ValidationError) as exc:
        services.express_interest(world.sender_colleague, world.opportunity, message="Us again")

    assert messages_of(exc) == [ALREADY]
    assert Interest.objects.count() == 1


def test_a_new_interest_may_follow_a_declined_one(world):
    services.decline_interest(world.owner, express(world), reason="Not now")

    again = express(world, message="Our capacity doubled since.")

    assert list(Interest.objects.order_by("pk").values_list("state", flat=True)) == ["declined", "pending"]
    assert again.state == "pending"


def test_cannot_express_interest_in_your_own_organisations_opportunity(world):
    with pytest.raises(ValidationError) as exc:
        services.express_interest(world.owner_colleague, world.opportunity, message="Hello")

    assert messages_of(exc) == [OWN]


def test_cannot_write_for_the_owner_organisation_even_when_member_of_both(world):
    MembershipFactory(user=world.sender, organisation=world.owner_org)

    with pytest.raises(ValidationError) as exc:
        services.express_interest(world.sender, world.opportunity, message="Hello", organisation=world.owner_org)

    assert messages_of(exc) == [OWN]


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "draft", "published_at": None},
        {"status": "submitted"},
        {"status": "closed"},
        {"status": "expired"},
        {"expires_on": dt.date(2020, 1, 1)},
    ],
    ids=["draft", "submitted", "closed", "expired", "past-expiry-date"],
)
def test_cannot_express_interest_in_an_opportunity_that_is_not_live(world, changes):
    opportunity = OpportunityFactory(organisation=world.owner_org, **changes)

    with pytest.raises(ValidationError) as exc:
        services.express_interest(world.sender, opportunity, message="Hello")

    assert messages_of(exc) == [NOT_OPEN]
    assert Interest.objects.count() == 0


def test_unapproved_account_may_not_express_interest(world):
    MembershipFactory(user=world.unapproved)

    with pytest.raises(PermissionDenied):
        services.express_interest(world.unapproved, world.opportunity, message="Hello")


def test_member_of_an_unapproved_organisation_may_not_express_interest(world):
    member = MembershipFactory(organisation=OrganisationFactory(status="pending")).user

    with pytest.raises(ValidationError) as exc:
        services.express_interest(member, world.opportunity, message="Hello")

    assert messages_of(exc) == ["You need to belong to an approved organisation to express interest."]


def test_member_of_two_organisations_chooses_which_one_writes(world):
    MembershipFactory(user=world.sender, organisation=world.third_org)

    with pytest.raises(ValidationError) as exc:
        services.express_interest(world.sender, world.opportunity, message="Hello")
    interest = services.express_interest(world.sender, world.opportunity, message="Hello", organisation=world.third_org)

    assert exc.value.message_dict == {"organisation": ["Choose the organisation you write for."]}
    assert interest.organisation == world.third_org


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "This field is required."),
        ("  \n\t ", "This field is required."),
        ("a\x00b", "Null characters are not allowed."),
        ("x" * 4001, "Write at most 4000 characters (you wrote 4001)."),
    ],
    ids=["empty", "whitespace", "nul", "too-long"],
)
def test_bad_messages_are_refused_with_a_field_error(world, message, error):
    with pytest.raises(ValidationError) as exc:
        express(world, message=message)

    assert exc.value.message_dict == {"message": [error]}
    assert (Interest.objects.count(), outbox()) == (0, [])


def test_a_message_of_exactly_4000_characters_is_kept_whole(world):
    assert len(express(world, message="あ" * 4000).message) == 4000


# --- answering ---------------------------------------------------------------------------------


def test_accept_introduces_both_sides_with_each_others_contact_details(world):
    interest = express(world)
    before = len(outbox())

    introduction = accept(world, interest)

    interest.refresh_from_db()
    assert (interest.state, interest.answered_by, introduction.interest) == ("accepted", world.owner, interest)
    assert outbox("intro_made") == [
        ("asha@sundaram.example.in", "hi", "intro_made"),
        ("vikram@sundaram.example.in", "en", "intro_made"),
        ("haruka@tokai.example.jp", "ja", "intro_made"),
        ("kenji@tokai.example.jp", "ja", "intro_made"),
    ]
    assert len(outbox()) == before + 4
    to_sender = mails_to("asha@sundaram.example.in")[0]
    for expected in (OWNER_ORG, "https://tokai-seiki.example.jp/", "जापान", "Sato Haruka", "haruka@tokai.example.jp"):
        assert expected in to_sender.body_text, expected
    assert f"/opportunities/introductions/{introduction.pk}/" in to_sender.body_text
    to_owner = mails_to("haruka@tokai.example.jp")[-1]
    for expected in (SENDER_ORG, "https://sundaram.example.in/", "インド", "Asha Rao", "asha@sundaram.example.in"):
        assert expected in to_owner.body_text, expected
    assert OWNER_ORG in to_sender.subject and SENDER_ORG in to_owner.subject


def test_cannot_accept_twice(world):
    interest = express(world)
    accept(world, interest)

    with pytest.raises(ValidationError) as exc:
        services.accept_interest(world.owner_colleague, Interest.objects.get(pk=interest.pk))

    assert messages_of(exc) == ["This expression of interest is no longer waiting for an answer (it is now: Accepted)."]
    assert Introduction.objects.count() == 1
    assert len(outbox("intro_made")) == 4


def test_cannot_decline_an_accepted_interest(world):
    interest = express(world)
    accept(world, interest)

    with pytest.raises(ValidationError):
        services.decline_interest(world.owner, Interest.objects.get(pk=interest.pk), reason="Changed our mind")

    assert Interest.objects.get().state == "accepted"


@pytest.mark.parametrize("reason", ["", "   "])
def test_cannot_decline_without_a_reason(world, reason):
    interest = express(world)

    with pytest.raises(ValidationError) as exc:
        services.decline_interest(world.owner, interest, reason=reason)

    assert exc.value.message_dict == {"reason": ["This field is required."]}
    assert Interest.objects.get().state == "pending"


def test_decline_mails_the_senders_side_the_reason(world):
    interest = express(world)

    services.decline_interest(world.owner, interest, reason="We already have two suppliers.")

    assert outbox("interest_declined") == [
        ("asha@sundaram.example.in", "hi", "interest_declined"),
        ("vikram@sundaram.example.in", "en", "interest_declined"),
    ]
    mail = mails_to("vikram@sundaram.example.in")[0]
    assert "We already have two suppliers." in mail.body_text
    assert mail.subject == "Your interest in “Precision auto parts sourcing” was declined"
    assert Interest.objects.get().decline_reason == "We already have two suppliers."


def test_the_sender_cannot_answer_and_the_owner_cannot_withdraw(world):
    interest = express(world)

    with pytest.raises(PermissionDenied):
        services.accept_interest(world.sender, interest)
    with pytest.raises(PermissionDenied):
        services.decline_interest(world.sender_colleague, interest, reason="no")
    with pytest.raises(PermissionDenied):
        services.withdraw_interest(world.owner, interest)
    with pytest.raises(PermissionDenied):
        services.accept_interest(world.staff, interest)

    assert Interest.objects.get().state == "pending"


def test_withdrawn_interest_cannot_be_accepted(world):
    interest = express(world)
    services.withdraw_interest(world.sender_colleague, interest)

    with pytest.raises(ValidationError) as exc:
        accept(world, Interest.objects.get(pk=interest.pk))

    assert messages_of(exc) == ["This expression of interest is no longer waiting for an answer (it is now: Withdrawn)."]
    assert Introduction.objects.count() == 0


# --- thread and outcomes -----------------------------------------------------------------------


@pytest.fixture
def introduction(world):
    introduction = accept(world, express(world))
    from kakehashi.mail.models import OutboxMessage

    OutboxMessage.objects.all().delete()
    return introduction


def test_a_message_mails_the_other_side_only_and_respects_their_setting(world, introduction):
    message = services.post_message(world.sender, introduction, body="When could we visit Nagoya?")

    assert IntroductionMessage.objects.get() == message
    assert outbox() == [("haruka@tokai.example.jp", "ja", "intro_message"), ("kenji@tokai.example.jp", "ja", "intro_message")]
    mail = mails_to("kenji@tokai.example.jp")[0]
    assert "When could we visit Nagoya?" in mail.body_text and "Asha Rao" in mail.body_text
    assert f"/opportunities/introductions/{introduction.pk}/#message-{message.pk}" in mail.body_text


def test_a_staff_message_mails_both_sides(world, introduction):
    services.post_message(world.staff, introduction, body="The desk can host the meeting.")

    assert [r for r, _l, _t in outbox()] == [
        "haruka@tokai.example.jp", "kenji@tokai.example.jp", "asha@sundaram.example.in", "vikram@sundaram.example.in",
    ]


def test_strangers_cannot_write_in_a_thread(world, introduction):
    for stranger in (world.third, world.unapproved):
        with pytest.raises(PermissionDenied):
            services.post_message(stranger, introduction, body="Hi")

    assert IntroductionMessage.objects.count() == 0


def test_either_side_records_outcomes_kept_as_history(world, introduction):
    services.record_outcome(world.sender, introduction, outcome="meeting_held", note="Met in Nagoya")
    services.record_outcome(world.owner, introduction, outcome="nda_signed")

    assert list(OutcomeRecord.objects.values_list("organisation__name", "recorded_by__email", "outcome", "note")) == [
        (SENDER_ORG, "asha@sundaram.example.in", "meeting_held", "Met in Nagoya"),
        (OWNER_ORG, "haruka@tokai.example.jp", "nda_signed", ""),
    ]


def test_outcomes_are_refused_to_staff_strangers_and_unknown_values(world, introduction):
    for person in (world.staff, world.third):
        with pytest.raises(PermissionDenied):
            services.record_outcome(person, introduction, outcome="no_fit")
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(world.owner, introduction, outcome="married")

    assert exc.value.message_dict == {"outcome": ["Choose one of the outcomes."]}
    assert OutcomeRecord.objects.count() == 0


def test_member_leaving_the_organisation_is_no_longer_mailed(world):
    world.owner_colleague.memberships.update(status="declined")

    express(world)

    assert [r for r, _l, _t in outbox()] == ["haruka@tokai.example.jp"]

