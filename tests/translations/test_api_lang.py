"""`?lang=` on every API read that returns member text: sessions, organisations, comments,
expressions of interest and thread messages (opportunities and posts: test_api.py)."""

from django.test import TestCase

from kakehashi.accounts.models import OrganisationDescription
from kakehashi.community.models import Comment
from kakehashi.core.markdown import render_markdown
from kakehashi.translations import services

from ..api import NOT_FOUND, api_url, bearer_client
from ..factories import EventSessionFactory, PostFactory
from .servers import fake_translate
from .test_community_events import BODY_JA
from .test_threads import INTEREST, REPLY, thread  # noqa: F401  (the fixture)


def machine(viewer, source, pk, lang):
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.request_translation(viewer, source, pk, lang) == "pending"


def test_lang_on_a_session_returns_the_best_version(world):
    session = EventSessionFactory(title="デジタル・パートナーシップ", abstract=BODY_JA)
    # staff organise every series: their version is the author's
    services.save_version(world.staff, "session", session.pk, "en", {"title": "The digital partnership", "abstract": "## Key points"})
    url = api_url(f"events/sessions/{session.slug}")
    english = bearer_client(world.reader).get(url + "?lang=en").json()
    assert (english["title"], english["shown_language"], english["translated_by"]) == ("The digital partnership", "en", "author")
    assert english["abstract_html"] == render_markdown("## Key points")
    hindi = bearer_client(None).get(url + "?lang=hi").json()
    assert (hindi["title"], hindi["shown_language"], hindi["translated_by"]) == ("デジタル・パートナーシップ", "ja", "original")
    assert bearer_client(None).get(url).json()["title"] == "デジタル・パートナーシップ"


def test_lang_on_comments_returns_cached_machine_translations_and_leaves_removed_ones_empty(world, libretranslate):
    post = PostFactory(author=world.staff)
    said = Comment.objects.create(post=post, author=world.owner, body="良い話でした", body_html="<p>良い話でした</p>")
    Comment.objects.create(post=post, author=world.owner, body="消しました", body_html="<p>消しました</p>", hidden_at=said.created_at)
    machine(world.reader, "comment", said.pk, "hi")
    listed = bearer_client(None).get(api_url(f"community/posts/{post.slug}/comments") + "?lang=hi").json()
    assert [(c["body_html"], c["shown_language"], c["translated_by"]) for c in listed] == [
        (render_markdown(fake_translate("良い話でした", "hi")), "hi", "machine"), ("", "", "original"),
    ]


def test_lang_on_an_interest_and_its_thread_gives_each_reader_their_language(thread, world, libretranslate):  # noqa: F811
    interest, introduction, message = thread
    machine(world.owner, "interest", interest.pk, "ja")
    machine(world.reader, "intro_message", message.pk, "hi")
    one = bearer_client(world.owner).get(api_url(f"opportunities/interests/{interest.pk}") + "?lang=ja").json()
    assert (one["message"], one["shown_language"], one["translated_by"]) == (fake_translate(INTEREST, "ja"), "ja", "machine")
    received = bearer_client(world.owner).get(api_url("opportunities/interests") + "?box=received&lang=ja").json()
    assert [i["message"] for i in received] == [fake_translate(INTEREST, "ja")]
    assert bearer_client(world.owner).get(api_url(f"opportunities/interests/{interest.pk}")).json()["message"] == INTEREST
    messages = bearer_client(world.reader).get(api_url(f"opportunities/introductions/{introduction.pk}/messages") + "?lang=hi").json()
    assert [(m["body"], m["translated_by"]) for m in messages] == [(fake_translate(REPLY, "hi"), "machine")]
    outsider = bearer_client(world.outsider).get(api_url(f"opportunities/introductions/{introduction.pk}/messages") + "?lang=hi")
    assert outsider.status_code == 404 and outsider.json() == NOT_FOUND


def test_lang_on_an_organisation_gives_its_own_description_else_the_best_version(world):
    OrganisationDescription.objects.filter(organisation=world.tokai).update(language="ja", text="愛知の部品メーカー")
    services.save_version(world.staff, "organisation", world.tokai.pk, "hi", {"description": "आइची की पुर्जा निर्माता"})
    url = api_url(f"organisations/{world.tokai.slug}")
    hindi = bearer_client(None).get(url + "?lang=hi").json()
    assert (hindi["description"], hindi["shown_language"], hindi["translated_by"]) == ("आइची की पुर्जा निर्माता", "hi", "secretariat")
    own = bearer_client(None).get(url + "?lang=ja").json()
    assert (own["description"], own["shown_language"], own["translated_by"]) == ("愛知の部品メーカー", "ja", "original")
    english = bearer_client(None).get(url + "?lang=en").json()
    assert (english["description"], english["shown_language"], english["translated_by"]) == ("愛知の部品メーカー", "ja", "original")
    assert bearer_client(None).get(url + "?lang=xx").status_code == 422  # as every other bad query parameter
