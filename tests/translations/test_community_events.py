"""Posts, comments and sessions: versions and machine translations, rendered like the original."""


from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from kakehashi.community.models import Comment
from kakehashi.core.markdown import render_markdown
from kakehashi.translations import services

from ..factories import EventSessionFactory, PostFactory
from .helpers import client_for, page
from .servers import fake_translate

BODY_JA = "## セッションの要点\n\n- 日印デジタル・パートナーシップ\n- **共創**と共同生産"


def press(user, source, pk, lang, next_url):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_for(user).post(reverse("translations:translate", args=[source, pk]), {"lang": lang, "next": next_url})


def test_a_post_version_is_rendered_from_markdown_and_sanitised(world):
    post = PostFactory(author=world.staff, title="Session write-up", body="Some **text**.")
    body = "## सत्र\n\n<script>alert(1)</script> **मुख्य** बातें"
    services.save_version(world.staff, "post", post.pk, "hi", {"title": "सत्र का सार", "body": body})
    html = page(world.reader, post.get_absolute_url())
    assert "<h1>सत्र का सार</h1>" in html
    assert render_markdown(body) in html and "<script>alert(1)" not in html
    assert 'class="translation-note"' in html


def test_a_comment_is_translated_on_demand_and_rendered_inert(world, libretranslate):
    post = PostFactory(author=world.staff)
    comment = Comment.objects.create(post=post, author=world.owner, body="良い話でした", body_html="<p>良い話でした</p>")
    libretranslate.answer = "<script>alert(2)</script> अच्छी बात"
    url = post.get_absolute_url()
    assert 'translate-button' in page(world.reader, url)
    press(world.reader, "comment", comment.pk, "hi", url)
    html = page(world.reader, url)
    assert "<script>alert(2)" not in html and "अच्छी बात" in html


def test_a_deleted_comment_cannot_be_translated(world, libretranslate):
    post = PostFactory(author=world.staff)
    comment = Comment.objects.create(post=post, author=world.owner, body="消しました", body_html="<p>消しました</p>",
                                     deleted_at=timezone.now())
    assert press(world.reader, "comment", comment.pk, "hi", "/").status_code == 404


def test_a_members_only_post_is_not_translated_for_a_visitor_or_stranger(world, libretranslate):
    post = PostFactory(author=world.staff, visibility="members")
    assert client_for(None).get(reverse("translations:status", args=["post", post.pk])).status_code == 302
    assert press(world.unapproved, "post", post.pk, "hi", "/").status_code == 302


def test_a_session_organiser_writes_a_version_of_the_session(world, libretranslate):
    session = EventSessionFactory(title="デジタル・パートナーシップ", abstract=BODY_JA,
                                  )
    services.save_version(world.staff, "session", session.pk, "en", {"title": "The digital partnership", "abstract": "## Key points"})
    world.reader.language = "en"
    world.reader.save()
    html = page(world.reader, session.get_absolute_url())
    assert '<h1 lang="en">The digital partnership</h1>' in html and "<h3>Key points</h3>" in html
    press(world.outsider, "session", session.pk, "hi", "/")
    html = page(world.outsider, session.get_absolute_url())
    assert fake_translate("デジタル・パートナーシップ", "hi") in html
