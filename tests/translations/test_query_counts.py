"""Query-count guards: the desk, and a thread whose messages are shown translated."""

from django.test import TestCase
from django.urls import reverse

from kakehashi.opportunities.interest import services as interest_services
from kakehashi.translations import services

from ..factories import OpportunityFactory
from ..querycount import assert_flat
from .helpers import client_for


def test_the_desk_queries_do_not_grow_with_items(  # per source and language, never per item
world, django_assert_max_num_queries):
    def add(n):
        ids = [f'data-id="{OpportunityFactory(organisation=world.sundaram, title=f"Offer {i}").pk}"' for i in range(n)]
        services.refresh_desk()
        return ids

    assert_flat(client_for(world.staff), reverse("translations:desk") + "?lang=ja", add, 9, django_assert_max_num_queries)


def test_a_translated_thread_queries_do_not_grow_with_messages(world, libretranslate, django_assert_max_num_queries):
    with TestCase.captureOnCommitCallbacks(execute=True):
        interest = interest_services.express_interest(world.reader, world.request, message="नमस्ते")
        introduction = interest_services.accept_interest(world.owner, interest)
    counter = iter(range(1000))

    def add(n):
        texts = []
        with TestCase.captureOnCommitCallbacks(execute=True):
            for _ in range(n):
                body = f"メッセージ {next(counter)} です"
                message = interest_services.post_message(world.owner, introduction, body=body)
                interest_services_translate(world, message.pk)
                texts.append(f'id="message-{message.pk}"')
        return texts

    assert_flat(client_for(world.reader), reverse("opportunities:intro_thread", args=[introduction.pk]), add, 10,
                django_assert_max_num_queries)


def interest_services_translate(world, message_pk):
    from kakehashi.translations import services

    services.request_translation(world.reader, "intro_message", message_pk, "hi")
