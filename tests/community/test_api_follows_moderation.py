"""API: tag follows, notification settings, member profiles, flags and the review queue.
(Who may call each operation: the matrix in test_api.py.)"""

import pytest
from django.utils import timezone

from kakehashi.community import moderation, services
from kakehashi.community.models import Comment, Flag, NotificationSettings, Post, PostFollow, Tag, TagFollow
from kakehashi.mail.models import OutboxMessage

from ..api import JSON, api_url, iso, session_client
from ..factories import MembershipFactory, OrganisationFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

API = api_url("community")


@pytest.fixture
def ai():
    return Tag.objects.create(slug="ai", name="AI")


# --- tag follows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["all", "new_posts", "off"])
def test_tag_follow_sets_the_level(member, ai, level):
    response = session_client(member).put(f"{API}/tags/ai/follow", {"level": level}, content_type=JSON)

    assert (response.status_code, response.json()) == (200, {"tag": "ai", "name": "AI", "level": level})
    assert list(TagFollow.objects.values_list("level", flat=True)) == ([] if level == "off" else [level])


@pytest.mark.parametrize("payload", [{}, {"level": "ALL"}, {"level": "loud"}, {"level": "all\x00"}, {"level": 1}])
def test_tag_follow_bad_level_unprocessable(member, ai, payload):
    response = session_client(member).put(f"{API}/tags/ai/follow", payload, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["message"] == "Some fields are not valid."
    assert TagFollow.objects.count() == 0


def test_tag_follow_unknown_tag_not_found(member):
    response = session_client(member).put(f"{API}/tags/no-such-tag/follow", {"level": "all"}, content_type=JSON)

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_follows_lists_posts_and_tags(member, ai):
    post = PostFactory(slug="perspectives", title="Perspectives")
    PostFollow.objects.create(user=member, post=post)
    PostFollow.objects.create(user=member, post=PostFactory(), active=False)
    TagFollow.objects.create(user=member, tag=ai, level="new_posts")

    response = session_client(member).get(f"{API}/follows")

    assert response.json() == {
        "posts": [{"slug": "perspectives", "title": "Perspectives"}],
        "tags": [{"tag": "ai", "name": "AI", "level": "new_posts"}],
    }


# --- notification settings ------------------------------------------------------------------------


def test_notification_settings_default_on_and_patch(member):
    client = session_client(member)

    before = client.get(f"{API}/notification-settings").json()
    patched = client.patch(f"{API}/notification-settings", {"mentions": False}, content_type=JSON).json()
    unchanged = client.patch(f"{API}/notification-settings", {}, content_type=JSON).json()

    assert (before, patched, unchanged) == (
        {"replies": True, "mentions": True}, {"replies": True, "mentions": False}, {"replies": True, "mentions": False},
    )
    assert list(NotificationSettings.objects.values_list("user", "replies", "mentions")) == [(member.pk, True, False)]


@pytest.mark.parametrize("payload", [{"replies": "sometimes"}, {"mentions": [1]}])
def test_notification_settings_bad_value_unprocessable(member, payload):
    response = session_client(member).patch(f"{API}/notification-settings", payload, content_type=JSON)

    assert response.status_code == 422
    assert NotificationSettings.objects.count() == 0


# --- members ------------------------------------------------------------------------------------


def test_member_profile_gives_the_handle(member):
    org = OrganisationFactory(slug="sundaram-precision")
    person = MembershipFactory(organisation=org, user=UserFactory(display_name="Asha Rao", job_title="CTO")).user
    MembershipFactory(user=person, organisation=OrganisationFactory(status="pending"))

    response = session_client(member).get(f"{API}/members/{person.pk}")

    assert response.json() == {
        "id": person.pk, "display_name": "Asha Rao", "handle": "asha_rao", "job_title": "CTO",
        "organisations": ["sundaram-precision"],
    }


@pytest.mark.parametrize("status", ["pending", "declined"])
def test_member_profile_of_someone_not_approved_not_found(member, status):
    person = UserFactory(approval_status=status)

    assert session_client(member).get(f"{API}/members/{person.pk}").status_code == 404


# --- flags --------------------------------------------------------------------------------------


@pytest.fixture
def comment():
    return services.add_comment(UserFactory(), PostFactory(slug="perspectives"), body="Buy cheap watches")


def test_flag_comment_creates_one_flag(member, comment):
    response = session_client(member).post(f"{API}/comments/{comment.pk}/flag", {"reason": "spam", "note": "ads"}, content_type=JSON)

    flag = Flag.objects.get()
    assert (response.status_code, response.json()) == (
        201, {"id": flag.pk, "reason": "spam", "note": "ads", "created_at": iso(flag.created_at)}
    )
    assert (flag.flagger, flag.comment, flag.post) == (member, comment, None)


def test_flag_post_creates_one_flag(member, comment):
    response = session_client(member).post(f"{API}/posts/perspectives/flag", {"reason": "off_topic"}, content_type=JSON)

    assert (response.status_code, response.json()["reason"], response.json()["note"]) == (201, "off_topic", "")
    assert list(Flag.objects.values_list("post__slug", "comment")) == [("perspectives", None)]


def test_flag_twice_bad_request(member, comment):
    client = session_client(member)
    client.post(f"{API}/comments/{comment.pk}/flag", {"reason": "spam"}, content_type=JSON)

    response = client.post(f"{API}/comments/{comment.pk}/flag", {"reason": "other"}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": "You have already flagged this."})
    assert Flag.objects.count() == 1


def test_flag_own_comment_bad_request(comment):
    response = session_client(comment.author).post(f"{API}/comments/{comment.pk}/flag", {"reason": "spam"}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": "You cannot flag your own writing."})


@pytest.mark.parametrize(
    "payload",
    [{}, {"reason": "boring"}, {"reason": "spam", "note": "x" * 501}, {"reason": "spam", "note": "a\x00b"}, {"reason": None}],
    ids=["missing", "unknown", "long_note", "nul_note", "null"],
)
def test_flag_bad_input_unprocessable(member, comment, payload):
    response = session_client(member).post(f"{API}/comments/{comment.pk}/flag", payload, content_type=JSON)

    assert response.status_code == 422
    assert Flag.objects.count() == 0


def test_flag_unknown_comment_not_found(member):
    assert session_client(member).post(f"{API}/comments/999999/flag", {"reason": "spam"}, content_type=JSON).status_code == 404


def test_third_flag_from_distinct_members_hides_the_comment(comment):
    for _ in range(3):
        session_client(UserFactory()).post(f"{API}/comments/{comment.pk}/flag", {"reason": "spam"}, content_type=JSON)

    comment.refresh_from_db()
    assert comment.hidden_at is not None


# --- review queue ---------------------------------------------------------------------------------


@pytest.fixture
def flagged(comment):
    moderation.flag(UserFactory(), comment=comment, reason="spam")
    moderation.flag(UserFactory(), comment=comment, reason="inappropriate")
    moderation.flag(UserFactory(), post=PostFactory(slug="ad", title="Advert", body="Buy now"), reason="spam")
    return comment


def test_review_queue_lists_flagged_items_most_flagged_first(staff, flagged):
    response = session_client(staff).get(f"{API}/moderation/queue")

    last_comment_flag = Flag.objects.filter(comment=flagged).latest("created_at").created_at
    last_post_flag = Flag.objects.get(post__slug="ad").created_at
    assert response.json() == [
        {"kind": "comment", "id": flagged.pk, "post": "perspectives", "post_title": flagged.post.title,
         "excerpt": "Buy cheap watches", "author_name": flagged.author.display_name, "hidden": False, "open_flags": 2,
         "last_flagged_at": iso(last_comment_flag), "reasons": ["inappropriate", "spam"]},
        {"kind": "post", "id": Post.objects.get(slug="ad").pk, "post": "ad", "post_title": "Advert", "excerpt": "Buy now",
         "author_name": Post.objects.get(slug="ad").author.display_name, "hidden": False, "open_flags": 1,
         "last_flagged_at": iso(last_post_flag), "reasons": ["spam"]},
    ]


def test_review_queue_empty(staff):
    assert session_client(staff).get(f"{API}/moderation/queue").json() == []


@pytest.mark.parametrize(
    ("action", "hidden", "deleted", "active"),
    [("keep", False, False, True), ("hide", True, False, True), ("delete", False, True, True),
     ("warn", False, False, True), ("suspend", True, False, False)],
)
def test_review_comment_decides_and_resolves_every_open_flag(staff, flagged, action, hidden, deleted, active):
    response = session_client(staff).post(f"{API}/moderation/comment/{flagged.pk}", {"action": action, "note": "Be kind"}, content_type=JSON)

    flagged.refresh_from_db()
    flagged.author.refresh_from_db()
    assert (response.status_code, response.json()) == (200, {"kind": "comment", "id": flagged.pk, "action": action, "resolved_flags": 2})
    assert (flagged.is_hidden, flagged.is_deleted, flagged.author.is_active) == (hidden, deleted, active)
    assert Flag.objects.filter(comment=flagged, resolved_at=None).count() == 0
    assert OutboxMessage.objects.filter(template="community/mail/moderation_warning").count() == (1 if action == "warn" else 0)


def test_review_post_hide(staff, flagged):
    post = Post.objects.get(slug="ad")

    response = session_client(staff).post(f"{API}/moderation/post/{post.pk}", {"action": "hide"}, content_type=JSON)

    post.refresh_from_db()
    assert (response.json()["resolved_flags"], post.hidden_at is not None) == (1, True)
    assert [row["kind"] for row in session_client(staff).get(f"{API}/moderation/queue").json()] == ["comment"]


@pytest.mark.parametrize(
    ("path", "payload", "status"),
    [
        ("/moderation/comment/{id}", {"action": "ban"}, 422),
        ("/moderation/comment/{id}", {"action": "keep", "note": "x" * 501}, 422),
        ("/moderation/comment/{id}", {"action": "keep", "note": "\x00"}, 422),
        ("/moderation/user/{id}", {"action": "keep"}, 422),
        ("/moderation/comment/999999", {"action": "keep"}, 404),
        ("/moderation/post/999999", {"action": "keep"}, 404),
    ],
)
def test_review_bad_input(staff, flagged, path, payload, status):
    response = session_client(staff).post(API + path.format(id=flagged.pk), payload, content_type=JSON)

    assert response.status_code == status
    assert Flag.objects.filter(resolved_at=None).count() == 3


def test_moderation_log_lists_staff_decisions_newest_first(staff, flagged):
    client = session_client(staff)
    client.post(f"{API}/moderation/comment/{flagged.pk}", {"action": "hide", "note": "spam"}, content_type=JSON)
    client.post(f"{API}/moderation/comment/{flagged.pk}", {"action": "keep"}, content_type=JSON)

    log = client.get(f"{API}/moderation/log").json()

    assert [(e["actor_name"], e["action"], e["note"]) for e in log] == [("Staff", "moderation.keep", ""), ("Staff", "moderation.hide", "spam")]
    assert log[0]["target"] == str(Comment.objects.get(pk=flagged.pk))


def test_hidden_post_cannot_be_flagged_by_members(member):
    PostFactory(slug="gone", hidden_at=timezone.now())

    assert session_client(member).post(f"{API}/posts/gone/flag", {"reason": "spam"}, content_type=JSON).status_code == 404
