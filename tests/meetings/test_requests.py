"""Meeting requests: sending, answering, withdrawing, and the bad input they refuse."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kakehashi.mail.models import OutboxMessage
from kakehashi.meetings import services
from kakehashi.meetings.models import MeetingRequest, Participant

from ..factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def messages(error):
    return " ".join(error.value.messages)


def test_request_sent_is_pending_and_mails_the_receiver_in_their_language(world):
    request = services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk, message="Harness samples?", priority="must")
    assert (request.state, request.priority, request.requester, request.receiver) == ("pending", "must", world.seller, world.buyer)
    mail = OutboxMessage.objects.get(template="meetings/mail/request_received")
    assert (mail.recipient, mail.locale) == ("buyer@example.jp", "ja")
    assert "Chennai Harness" in mail.subject


def test_request_to_oneself_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.send_request(world.seller.user, world.session, receiver_id=world.seller.pk)
    assert messages(error) == "You cannot request a meeting with yourself."


def test_request_to_a_colleague_of_the_same_organisation_is_refused(world):
    colleague = ParticipantFactory(session=world.session, organisation=world.seller.organisation)
    with pytest.raises(ValidationError) as error:
        services.send_request(world.seller.user, world.session, receiver_id=colleague.pk)
    assert messages(error) == "You cannot request a meeting with your own organisation."


def test_duplicate_request_in_either_direction_is_refused(world):
    services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk)
    with pytest.raises(ValidationError) as error:
        services.send_request(world.buyer.user, world.session, receiver_id=world.seller.pk)
    assert messages(error) == "There is already an open meeting request between you two."
    assert MeetingRequest.objects.count() == 1


def test_request_to_a_non_participant_is_refused_without_saying_who_exists(world):
    outsider = ParticipantFactory(session=world.session, active=False)
    for receiver_id in (outsider.pk, 999_999):
        with pytest.raises(ValidationError) as error:
            services.send_request(world.seller.user, world.session, receiver_id=receiver_id)
        assert messages(error) == "That person does not take part in this session's matchmaking."


def test_request_from_a_non_participant_is_forbidden(world):
    with pytest.raises(PermissionDenied):
        services.send_request(world.actors["other_org_member"], world.session, receiver_id=world.buyer.pk)


def test_buyer_to_buyer_is_refused_in_buyer_seller_mode(world):
    from .helpers import set_grid

    set_grid(world.actors["staff"], world.session, mode="buyer_seller")
    other_buyer = ParticipantFactory(session=world.session, role=Participant.Role.BUYER)
    with pytest.raises(ValidationError) as error:
        services.send_request(world.buyer.user, world.session, receiver_id=other_buyer.pk)
    assert messages(error) == "In this session buyers meet sellers: choose someone on the other side."


def test_bad_priority_and_overlong_message_are_refused(world):
    with pytest.raises(ValidationError) as error:
        services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk, priority="urgent")
    assert messages(error) == "Choose “must meet” or “would like to meet”."
    with pytest.raises(ValidationError) as error:
        services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk, message="x" * 2001)
    assert messages(error) == "Keep the message under 2000 characters."


def test_only_the_receiver_answers_and_only_once(world):
    request = services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk)
    with pytest.raises(PermissionDenied):
        services.answer_request(world.seller.user, request, accept=True)
    services.answer_request(world.buyer.user, request, accept=True)
    with pytest.raises(ValidationError) as error:
        services.answer_request(world.buyer.user, request, accept=False)
    assert messages(error) == "This request has already been answered, withdrawn or has expired."
    request.refresh_from_db()
    assert request.state == "accepted"
    answered = OutboxMessage.objects.get(template="meetings/mail/request_answered")
    assert (answered.recipient, answered.locale) == ("seller@example.in", "en")


def test_a_declined_pair_may_ask_again(world):
    first = services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk)
    services.answer_request(world.buyer.user, first, accept=False)
    second = services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk)
    assert second.state == "pending"


def test_withdrawing_is_for_the_two_sides_only(world):
    request = services.send_request(world.seller.user, world.session, receiver_id=world.buyer.pk)
    with pytest.raises(PermissionDenied):
        services.cancel_request(world.actors["other_org_member"], request)
    services.cancel_request(world.buyer.user, request)
    request.refresh_from_db()
    assert request.state == "cancelled"
