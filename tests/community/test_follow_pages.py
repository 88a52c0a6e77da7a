"""Pages: following a tag, the notification settings page, member pages, unsubscribe links."""

import pytest
from django.test import Client

from kakehashi.community import services, tokens
from kakehashi.community.models import NotificationSettings, PostFollow, Tag, TagFollow

from ..factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ai():
    return Tag.objects.create(slug="ai", name="AI")


def test_tag_page_shows_the_level_and_saves_a_new_one(client, ai):
    user = UserFactory()
    client.force_login(user)

    before = client.get("/community/tags/ai/")
    response = client.post("/community/tags/ai/follow/", {"level": "new_posts"})
    after = client.get("/community/tags/ai/")

    assert before.context["level"] == "off"
    assert (response.status_code, response["Location"]) == (302, "/community/tags/ai/")
    assert list(TagFollow.objects.values_list("user", "level")) == [(user.pk, "new_posts")]
    assert '<option value="new_posts" selected>New posts only</option>' in after.content.decode()
    assert "You will get an e-mail about new posts tagged “AI”." in after.content.decode()


@pytest.mark.parametrize("level", ["", "sometimes", "all\x00", "x" * 1000])
def test_tag_follow_with_a_bad_level_says_so_and_changes_nothing(client, ai, level):
    user = UserFactory()
    TagFollow.objects.create(user=user, tag=ai, level="all")
    client.force_login(user)

    response = client.post("/community/tags/ai/follow/", {"level": level}, follow=True)

    assert response.status_code == 200
    assert "Choose every post and comment, new posts only, or off." in response.content.decode()
    assert list(TagFollow.objects.values_list("level", flat=True)) == ["all"]


def test_visitor_on_a_tag_page_is_asked_to_sign_in(client, ai):
    html = client.get("/community/tags/ai/").content.decode()

    assert "Sign in to follow this tag." in html and 'name="level"' not in html


def test_settings_page_lists_post_and_tag_follows(client, ai):
    user = UserFactory()
    followed = PostFactory(title="Perspectives")
    hidden_from_user = PostFactory(title="Members' secret", visibility="members")
    switched_off = PostFactory(title="Old news")
    PostFollow.objects.create(user=user, post=followed)
    PostFollow.objects.create(user=user, post=hidden_from_user)
    PostFollow.objects.create(user=user, post=switched_off, active=False)
    TagFollow.objects.create(user=user, tag=ai, level="all")
    type(user).objects.filter(pk=user.pk).update(approval_status="pending")  # can no longer read members-only posts
    client.force_login(user)

    response = client.get("/community/notifications/settings/")

    assert [f.post.title for f in response.context["post_follows"]] == ["Perspectives"]
    assert [(f.tag.slug, f.level) for f in response.context["tag_follows"]] == [("ai", "all")]
    assert (response.context["switches"]["replies"].value(), response.context["switches"]["mentions"].value()) == (True, True)


def test_settings_page_switches_replies_and_mentions(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/community/notifications/settings/", {"form": "switches", "replies": "on"})

    assert (response.status_code, response["Location"]) == (302, "/community/notifications/settings/")
    assert list(NotificationSettings.objects.values_list("user", "replies", "mentions")) == [(user.pk, True, False)]


def test_settings_page_changes_a_tag_level_and_stops_a_post(client, ai):
    user = UserFactory()
    post = PostFactory(slug="perspectives")
    PostFollow.objects.create(user=user, post=post)
    TagFollow.objects.create(user=user, tag=ai, level="all")
    client.force_login(user)

    client.post("/community/notifications/settings/", {"form": "tag", "tag": "ai", "level": "off"})
    client.post("/community/notifications/settings/", {"form": "post", "post": "perspectives"})

    assert TagFollow.objects.count() == 0
    assert list(PostFollow.objects.values_list("active", flat=True)) == [False]


@pytest.mark.parametrize(
    "data",
    [
        {"form": "tag", "tag": "no-such-tag", "level": "all"},
        {"form": "post", "post": "no-such-post"},
        {"form": "tag", "tag": "ai\x00", "level": "all"},
    ],
)
def test_settings_page_unknown_tag_or_post_not_found(client, ai, data):
    client.force_login(UserFactory())

    assert client.post("/community/notifications/settings/", data).status_code == 404
    assert TagFollow.objects.count() == 0


def test_settings_page_bad_level_or_form_changes_nothing(client, ai):
    user = UserFactory()
    TagFollow.objects.create(user=user, tag=ai, level="all")
    client.force_login(user)

    bad_level = client.post("/community/notifications/settings/", {"form": "tag", "tag": "ai", "level": "loud"}, follow=True)
    unknown = client.post("/community/notifications/settings/", {"form": "nonsense"}, follow=True)

    assert "Choose every post and comment, new posts only, or off." in bad_level.content.decode()
    assert "Nothing was changed." in unknown.content.decode()
    assert list(TagFollow.objects.values_list("level", flat=True)) == ["all"]


def test_settings_page_cannot_unfollow_a_post_the_member_may_not_read(client):
    user = UserFactory(approval_status="pending")
    secret = PostFactory(slug="secret", visibility="members")
    PostFollow.objects.create(user=user, post=secret)
    client.force_login(user)

    assert client.post("/community/notifications/settings/", {"form": "post", "post": "secret"}).status_code == 404


def test_member_page_shows_organisations_and_visible_posts(client, member):
    person = UserFactory(display_name="Asha Rao", bio="Hello <b>there</b>")
    PostFactory(author=person, title="Public thoughts")
    PostFactory(author=person, title="Unpublished", published_at=None)
    client.force_login(member)

    html = client.get(f"/community/members/{person.pk}/").content.decode()

    assert "Public thoughts" in html and "Unpublished" not in html
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in html


@pytest.mark.parametrize("kind", ["pending", "inactive", "missing"])
def test_member_page_of_someone_not_a_member_is_not_found(client, member, kind):
    person = {"pending": lambda: UserFactory(approval_status="pending"),
              "inactive": lambda: UserFactory(is_active=False), "missing": lambda: None}[kind]()
    client.force_login(member)

    assert client.get(f"/community/members/{person.pk if person else 999999}/").status_code == 404


@pytest.mark.parametrize(
    ("make_token", "question", "done"),
    [
        (lambda u, t: tokens.tag_token(u.pk, [t.pk], "off"), "Stop following this tag?", "You no longer follow “AI”."),
        (lambda u, t: tokens.tag_token(u.pk, [t.pk], "new_posts"), "Stop e-mails about comments in this tag, keeping new posts?",
         "You will get e-mails only about new posts tagged “AI”, no longer about their comments."),
        (lambda u, t: tokens.kind_token(u.pk, "reply"), "Stop notifications about replies to your comments?",
         "You will no longer be notified of replies to your comments."),
        (lambda u, t: tokens.kind_token(u.pk, "mention"), "Stop notifications when someone mentions you?",
         "You will no longer be notified when someone mentions you."),
    ],
    ids=["tag", "tag_comments", "reply", "mention"],
)
def test_unsubscribe_pages_say_what_they_switch_off(ai, make_token, question, done):
    user = UserFactory()
    TagFollow.objects.create(user=user, tag=ai, level="all")
    url = f"/community/unsubscribe/{make_token(user, ai)}/"
    client = Client(enforce_csrf_checks=True)

    page = client.get(url).content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert question in page
    assert (response.status_code, done in response.content.decode()) == (200, True)


@pytest.mark.parametrize(
    "data",
    [{"u": 1}, {"u": 1, "k": "comment"}, {"u": 1, "t": [1], "l": "all"}, {"u": "1", "p": 1}, ["u", 1], {"u": 999999, "k": "reply"}],
)
def test_unsubscribe_tokens_that_name_nothing_valid_are_refused(client, data):
    from django.core import signing

    token = signing.dumps(data, salt=tokens.SALT, compress=True)

    response = client.post(f"/community/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()


def test_unsubscribe_from_a_post_the_member_only_followed_by_tag_remembers_it(ai):
    post = PostFactory()
    user = UserFactory()

    result = services.unsubscribe(tokens.unsubscribe_token(user.pk, post.pk))

    assert (result.scope, list(PostFollow.objects.values_list("user", "active"))) == ("post", [(user.pk, False)])
