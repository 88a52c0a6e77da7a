"""E-mails quoting words in another language carry the machine translation under the original."""

from django.test import TestCase

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.interest import services as interest_services
from kakehashi.opportunities.interest import translated_mail

from .servers import fake_translate
from .test_threads import INTEREST, REPLY


def express(world):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return interest_services.express_interest(world.reader, world.request, message=INTEREST)


def test_without_a_provider_the_mail_quotes_the_original_only(world):
    express(world)
    mail = OutboxMessage.objects.get(recipient=world.owner.email, template="opportunities/mail/interest_received")
    assert INTEREST in mail.body_text and "translation" not in mail.context


def test_the_owner_gets_the_interest_with_its_japanese_translation(world, libretranslate):
    express(world)
    mail = OutboxMessage.objects.get(recipient=world.owner.email, template="opportunities/mail/interest_received")
    assert mail.locale == "ja"
    assert INTEREST in mail.body_text and fake_translate(INTEREST, "ja") in mail.body_text
    assert "हिन्दीからの機械翻訳：" in mail.body_text
    assert fake_translate(INTEREST, "ja") in mail.body_html
    assert "インド" in mail.body_text  # the sender's country, named in Japanese


def test_a_thread_message_mail_carries_the_translation_and_a_rerun_sends_nothing_twice(world, libretranslate):
    with TestCase.captureOnCommitCallbacks(execute=True):
        interest = interest_services.express_interest(world.reader, world.request, message=INTEREST)
        introduction = interest_services.accept_interest(world.owner, interest)
        message = interest_services.post_message(world.owner, introduction, body=REPLY)
    mail = OutboxMessage.objects.get(recipient=world.reader.email, template="opportunities/mail/intro_message")
    assert REPLY in mail.body_text and fake_translate(REPLY, "hi") in mail.body_text
    context = {k: v for k, v in mail.context.items() if k not in ("name", "translation", "translated_from")}
    assert translated_mail.send_translated("intro_message", [world.reader.pk], context, REPLY, {}) == 0
    assert OutboxMessage.objects.filter(recipient=world.reader.email, template="opportunities/mail/intro_message").count() == 1
    assert message.pk


def test_a_provider_that_is_down_still_lets_the_mail_go_without_translation(world, libretranslate, settings):
    settings.TRANSLATION_RETRIES = 0
    libretranslate.stop()
    express(world)
    mail = OutboxMessage.objects.get(recipient=world.owner.email, template="opportunities/mail/interest_received")
    assert INTEREST in mail.body_text and "機械翻訳" not in mail.body_text


def _commented(world, body):
    """The Hindi reader follows a post; the Japanese owner comments on it (the fan-out task runs)."""
    from kakehashi.community import fanout
    from kakehashi.community.models import Comment, PostFollow

    from ..factories import PostFactory

    post = PostFactory(author=world.staff)
    PostFollow.objects.create(user=world.reader, post=post)
    comment = Comment.objects.create(post=post, author=world.owner, body=body, body_html=f"<p>{body}</p>")
    fanout.fan_out_comment(comment.pk)
    return OutboxMessage.objects.get(recipient=world.reader.email, template="community/mail/new_comment")


def test_a_comment_notification_carries_the_translation_into_the_readers_language(world, libretranslate):
    mail = _commented(world, REPLY)
    assert REPLY in mail.body_text and fake_translate(REPLY, "hi") in mail.body_text
    assert fake_translate(REPLY, "hi") in mail.body_html and 'class="translation"' in mail.body_html


def test_a_comment_notification_in_the_readers_language_or_without_a_provider_quotes_the_original_only(world, libretranslate, settings):
    assert "translation" not in _commented(world, "मुझे भी दिलचस्पी है").context
    OutboxMessage.objects.all().delete()
    settings.TRANSLATION_PROVIDER = ""
    from kakehashi.translations import providers
    providers._build.cache_clear()
    assert "translation" not in _commented(world, REPLY).context and not libretranslate.translations


def test_a_comment_notification_goes_without_translation_when_the_provider_is_down(world, libretranslate, settings):
    settings.TRANSLATION_RETRIES = 0
    libretranslate.stop()
    mail = _commented(world, REPLY)
    assert REPLY in mail.body_text and "translation" not in mail.context
