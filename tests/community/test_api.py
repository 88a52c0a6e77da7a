"""Behaviour of every /api/v1/community/ operation, and who may call each of them."""

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.community import services
from kakehashi.community.models import Comment, Notification, PostFollow, Tag
from kakehashi.mail.models import OutboxMessage

from ..api import FORBIDDEN, JSON, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client, iso, session_client
from ..factories import MembershipFactory, OrganisationFactory, PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

API = api_url("community")


def slugs(response) -> list[str]:
    return [p["slug"] for p in response.json()["results"]]


# --- GET /posts ----------------------------------------------------------------------------------


def test_posts_list_json_for_a_visitor(client):
    org = OrganisationFactory(slug="sundaram-precision")
    post = PostFactory(
        title="Digital Partnership", slug="digital-partnership", author=UserFactory(display_name="Asha Rao"),
        organisation=org, language="ja",
    )
    post.tags.add(Tag.objects.create(slug="ai", name="AI"), Tag.objects.create(slug="startups", name="Startups"))
    services.add_comment(UserFactory(), post, body="one")

    response = client.get(f"{API}/posts")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1, "page": 1, "pages": 1,
        "results": [
            {
                "slug": "digital-partnership", "title": "Digital Partnership", "language": "ja",
                "kind": "session_writeup", "visibility": "public", "author_name": "Asha Rao",
                "organisation": "sundaram-precision", "tags": ["ai", "startups"], "published_at": iso(post.published_at),
                "pinned": False, "comments_closed": False,
                "body_html": "<p>A <strong>write-up</strong> of the session.</p>", "comment_count": 1,
                "shown_language": "", "translated_by": "original",
            }
        ],
    }


def test_posts_list_without_author_or_organisation(client):
    PostFactory(slug="orphan", author=None)

    result = client.get(f"{API}/posts").json()["results"][0]

    assert (result["author_name"], result["organisation"], result["tags"]) == ("", None, [])


def test_posts_list_pinned_first_then_newest(client):
    now = timezone.now()
    PostFactory(slug="old", published_at=now - timezone.timedelta(days=3))
    PostFactory(slug="new", published_at=now - timezone.timedelta(days=1))
    PostFactory(slug="pinned-old", published_at=now - timezone.timedelta(days=9), pinned=True)

    assert slugs(client.get(f"{API}/posts")) == ["pinned-old", "new", "old"]


@pytest.fixture
def shelf(db):
    """A public post, a members-only one, a draft by `author` and a scheduled one."""
    author = UserFactory(email="author@example.org")
    PostFactory(slug="public", published_at=timezone.now() - timezone.timedelta(hours=4))
    PostFactory(slug="members", visibility="members", published_at=timezone.now() - timezone.timedelta(hours=3))
    PostFactory(slug="draft", author=author, published_at=None)
    PostFactory(slug="scheduled", published_at=timezone.now() + timezone.timedelta(days=1))
    return {"author": author}


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("visitor", ["public"]),
        ("unapproved", ["public"]),
        ("member", ["members", "public"]),
        ("author", ["draft", "members", "public"]),
        ("staff", ["draft", "members", "public", "scheduled"]),
    ],
)
def test_posts_list_visibility_per_reader(shelf, actor, expected):
    users = {
        "visitor": None, "unapproved": UserFactory(approval_status="pending"), "member": MembershipFactory().user,
        "author": shelf["author"], "staff": StaffFactory(),
    }
    client = session_client(users[actor]) if users[actor] else Client()

    response = client.get(f"{API}/posts")

    # sorted: where drafts (no publication time) come is up to the database
    assert (response.status_code, response.json()["count"], sorted(slugs(response))) == (200, len(expected), expected)


def test_posts_list_bearer_token_on_a_public_read_reads_as_its_member(shelf, member):
    response = bearer_client(member).get(f"{API}/posts")

    assert (response.status_code, sorted(slugs(response))) == (200, ["members", "public"])


def test_posts_list_filters_by_tag(client):
    ai = Tag.objects.create(slug="ai", name="AI")
    PostFactory(slug="tagged").tags.add(ai)
    PostFactory(slug="untagged")
    PostFactory(slug="other-tag").tags.add(Tag.objects.create(slug="robots", name="Robots"))

    response = client.get(f"{API}/posts", {"tag": "ai"})

    assert (response.json()["count"], slugs(response)) == (1, ["tagged"])


@pytest.mark.parametrize("tag", ["no-such-tag", "ai\x00"])
def test_posts_list_unknown_tag_is_empty(client, tag):
    PostFactory(slug="untagged")

    response = client.get(f"{API}/posts", {"tag": tag})

    assert (response.status_code, response.json()) == (200, {"count": 0, "page": 1, "pages": 1, "results": []})


def test_posts_list_tag_filter_keeps_members_only_posts_hidden(client):
    ai = Tag.objects.create(slug="ai", name="AI")
    PostFactory(slug="members", visibility="members").tags.add(ai)

    assert client.get(f"{API}/posts", {"tag": "ai"}).json()["count"] == 0


def test_posts_list_pagination_shape(client):
    start = timezone.now() - timezone.timedelta(days=1)
    for n in range(52):
        PostFactory(slug=f"post-{n:02d}", published_at=start + timezone.timedelta(minutes=n))

    first = client.get(f"{API}/posts").json()
    second = client.get(f"{API}/posts", {"page": 2}).json()

    assert (first["count"], first["page"], first["pages"], len(first["results"])) == (52, 1, 2, 50)
    assert (second["count"], second["page"], second["pages"]) == (52, 2, 2)
    assert [p["slug"] for p in second["results"]] == ["post-01", "post-00"]


def test_posts_list_page_out_of_range_gives_the_last_page(client):
    PostFactory(slug="only")

    response = client.get(f"{API}/posts", {"page": 7})

    assert (response.json()["page"], slugs(response)) == (1, ["only"])


@pytest.mark.parametrize("page", [0, 10001, "x"])
def test_posts_list_invalid_page_unprocessable(client, page):
    assert client.get(f"{API}/posts", {"page": page}).status_code == 422


def test_posts_list_comment_count_leaves_out_deleted_and_hidden_comments(client):
    post = PostFactory()
    writer = UserFactory()
    services.add_comment(writer, post, body="stays")
    services.delete_comment(writer, services.add_comment(writer, post, body="deleted"))
    hidden = services.add_comment(writer, post, body="hidden")
    Comment.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    reply_to = services.add_comment(writer, post, body="another")
    services.add_comment(writer, post, body="a reply", parent=reply_to)

    assert client.get(f"{API}/posts").json()["results"][0]["comment_count"] == 3


def test_posts_list_empty(client, db):
    assert client.get(f"{API}/posts").json() == {"count": 0, "page": 1, "pages": 1, "results": []}


# --- GET /posts/{slug} ---------------------------------------------------------------------------


def test_post_detail_json_includes_markdown(client):
    post = PostFactory(title="Digital Partnership", slug="digital-partnership", author=UserFactory(display_name="Asha Rao"))

    response = client.get(f"{API}/posts/digital-partnership")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "digital-partnership", "title": "Digital Partnership", "language": "en", "kind": "session_writeup",
        "visibility": "public", "author_name": "Asha Rao", "organisation": None, "tags": [],
        "published_at": iso(post.published_at), "pinned": False, "comments_closed": False,
        "body": "A **write-up** of the session.", "body_html": "<p>A <strong>write-up</strong> of the session.</p>",
        "comment_count": 0, "shown_language": "", "translated_by": "original",
    }


@pytest.mark.parametrize("slug", ["members", "draft", "scheduled", "no-such-post"])
def test_post_detail_not_readable_by_a_visitor_not_found(client, shelf, slug):
    response = client.get(f"{API}/posts/{slug}")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_post_detail_draft_readable_by_its_author(shelf):
    response = session_client(shelf["author"]).get(f"{API}/posts/draft")

    assert (response.status_code, response.json()["published_at"]) == (200, None)


def test_post_detail_hidden_by_moderation_readable_by_staff_only(client, staff):
    PostFactory(slug="hidden", hidden_at=timezone.now())

    assert client.get(f"{API}/posts/hidden").status_code == 404
    assert session_client(UserFactory()).get(f"{API}/posts/hidden").status_code == 404
    assert session_client(staff).get(f"{API}/posts/hidden").status_code == 200


# --- GET /posts/{slug}/comments ------------------------------------------------------------------


def test_comments_list_is_flat_and_oldest_first(client):
    post = PostFactory(slug="open-post")
    asha, ravi = UserFactory(display_name="Asha"), UserFactory(display_name="Ravi")
    first = services.add_comment(asha, post, body="**first**")
    second = services.add_comment(ravi, post, body="second")
    reply = services.add_comment(ravi, post, body="reply to first", parent=first)

    response = client.get(f"{API}/posts/open-post/comments")

    assert response.status_code == 200
    assert response.json() == [
        {"id": first.pk, "parent": None, "author_name": "Asha", "body_html": "<p><strong>first</strong></p>\n",
         "deleted": False, "hidden": False, "edited": False, "created_at": iso(first.created_at), "shown_language": "", "translated_by": "original"},
        {"id": second.pk, "parent": None, "author_name": "Ravi", "body_html": "<p>second</p>\n",
         "deleted": False, "hidden": False, "edited": False, "created_at": iso(second.created_at), "shown_language": "", "translated_by": "original"},
        {"id": reply.pk, "parent": first.pk, "author_name": "Ravi", "body_html": "<p>reply to first</p>\n",
         "deleted": False, "hidden": False, "edited": False, "created_at": iso(reply.created_at), "shown_language": "", "translated_by": "original"},
    ]


def test_comments_list_orders_by_time_not_by_thread(client):
    post = PostFactory(slug="open-post")
    writer = UserFactory()
    first, second = services.add_comment(writer, post, body="1"), services.add_comment(writer, post, body="2")
    reply = services.add_comment(writer, post, body="3", parent=first)
    Comment.objects.filter(pk=second.pk).update(created_at=reply.created_at + timezone.timedelta(seconds=1))

    response = client.get(f"{API}/posts/open-post/comments")

    assert [c["id"] for c in response.json()] == [first.pk, reply.pk, second.pk]


def test_comments_list_deleted_comment_is_a_placeholder_without_author(client):
    post = PostFactory(slug="open-post")
    writer = UserFactory(display_name="Asha")
    comment = services.add_comment(writer, post, body="regret")
    services.delete_comment(writer, comment)

    response = client.get(f"{API}/posts/open-post/comments")

    assert [(c["author_name"], c["body_html"], c["deleted"]) for c in response.json()] == [("", "", True)]


def test_comments_list_edited_comment_is_marked(client):
    post = PostFactory(slug="open-post")
    writer = UserFactory()
    services.edit_comment(writer, services.add_comment(writer, post, body="tpyo"), body="typo")

    response = client.get(f"{API}/posts/open-post/comments")

    assert [(c["body_html"], c["edited"]) for c in response.json()] == [("<p>typo</p>\n", True)]


def test_comments_list_comment_without_author_account(client):
    post = PostFactory(slug="open-post")
    comment = services.add_comment(UserFactory(), post, body="hello")
    Comment.objects.filter(pk=comment.pk).update(author=None)

    assert client.get(f"{API}/posts/open-post/comments").json()[0]["author_name"] == ""


@pytest.mark.parametrize(("reader", "shown"), [("visitor", False), ("author", False), ("member", False), ("staff", True)])
def test_comments_list_hidden_comment_text_only_for_staff(reader, shown):
    post = PostFactory(slug="open-post")
    writer = UserFactory(display_name="Asha")
    comment = services.add_comment(writer, post, body="flagged")
    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now())
    users = {"visitor": None, "author": writer, "member": UserFactory(), "staff": StaffFactory()}
    client = session_client(users[reader]) if users[reader] else Client()

    response = client.get(f"{API}/posts/open-post/comments")

    expected = ("Asha", "<p>flagged</p>\n") if shown else ("", "")
    assert [(c["author_name"], c["body_html"], c["hidden"]) for c in response.json()] == [(*expected, True)]


def test_comments_list_of_members_only_post_not_found_for_visitor(client):
    post = PostFactory(slug="members-post", visibility="members")
    services.add_comment(UserFactory(), post, body="members talk")

    response = client.get(f"{API}/posts/members-post/comments")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_comments_list_empty(client):
    PostFactory(slug="open-post")

    assert client.get(f"{API}/posts/open-post/comments").json() == []


# --- POST /posts/{slug}/comments -----------------------------------------------------------------


def test_comment_create_stores_the_comment_and_follows_the_post(db):
    PostFactory(slug="open-post")
    writer = UserFactory(display_name="Asha")

    response = session_client(writer).post(f"{API}/posts/open-post/comments", {"body": " **Hello** "}, content_type=JSON)

    comment = Comment.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": comment.pk, "parent": None, "author_name": "Asha", "body_html": "<p><strong>Hello</strong></p>\n",
        "deleted": False, "hidden": False, "edited": False, "created_at": iso(comment.created_at), "shown_language": "", "translated_by": "original",
    }
    assert (comment.author, comment.body, comment.post.slug) == (writer, "**Hello**", "open-post")
    assert list(PostFollow.objects.filter(user=writer).values_list("active", flat=True)) == [True]


def test_comment_create_sanitises_html(db):
    PostFactory(slug="open-post")

    response = session_client(UserFactory()).post(
        f"{API}/posts/open-post/comments", {"body": "hi <script>alert(1)</script>"}, content_type=JSON
    )

    assert response.json()["body_html"] == "<p>hi &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_comment_create_reply_names_its_parent(db):
    post = PostFactory(slug="open-post")
    top = services.add_comment(UserFactory(), post, body="top")

    response = session_client(UserFactory()).post(
        f"{API}/posts/open-post/comments", {"body": "answer", "parent": top.pk}, content_type=JSON
    )

    assert (response.status_code, response.json()["parent"]) == (201, top.pk)


def test_comment_create_reply_to_a_reply_joins_its_thread(db):
    post = PostFactory(slug="open-post")
    top = services.add_comment(UserFactory(), post, body="top")
    reply = services.add_comment(UserFactory(), post, body="reply", parent=top)

    response = session_client(UserFactory()).post(
        f"{API}/posts/open-post/comments", {"body": "deeper", "parent": reply.pk}, content_type=JSON
    )

    assert (response.status_code, response.json()["parent"]) == (201, top.pk)


def test_comment_create_parent_of_another_post_bad_request(db):
    PostFactory(slug="open-post")
    elsewhere = services.add_comment(UserFactory(), PostFactory(), body="elsewhere")

    response = session_client(UserFactory()).post(
        f"{API}/posts/open-post/comments", {"body": "answer", "parent": elsewhere.pk}, content_type=JSON
    )

    assert (response.status_code, response.json()) == (400, {"detail": "That comment belongs to another post."})
    assert Comment.objects.count() == 1


def test_comment_create_unknown_parent_bad_request(db):
    PostFactory(slug="open-post")

    response = session_client(UserFactory()).post(
        f"{API}/posts/open-post/comments", {"body": "answer", "parent": 999999}, content_type=JSON
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": [{"loc": ["body", "parent"], "msg": "Select a valid choice. That choice is not one of the available choices."}]},
    )
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("body", ["", "   ", "\n\t"])
def test_comment_create_blank_bad_request(db, body):
    PostFactory(slug="open-post")

    response = session_client(UserFactory()).post(f"{API}/posts/open-post/comments", {"body": body}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": [{"loc": ["body", "body"], "msg": "Write something first."}]})
    assert Comment.objects.count() == 0


def test_comment_create_without_body_unprocessable(db):
    PostFactory(slug="open-post")

    response = session_client(UserFactory()).post(f"{API}/posts/open-post/comments", {}, content_type=JSON)

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "body"]]


@pytest.mark.parametrize("post_kwargs", [{"comments_closed": True}, {"published_at": None}], ids=["closed", "draft"])
def test_comment_create_on_closed_or_unpublished_post_bad_request(post_kwargs):
    author = UserFactory()
    PostFactory(slug="open-post", author=author, **post_kwargs)

    response = session_client(author).post(f"{API}/posts/open-post/comments", {"body": "hello"}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": "Comments are closed on this post."})
    assert Comment.objects.count() == 0


def test_comment_create_by_unapproved_member_forbidden(unapproved):
    PostFactory(slug="open-post")

    response = session_client(unapproved).post(f"{API}/posts/open-post/comments", {"body": "hello"}, content_type=JSON)

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Comment.objects.count() == 0


def test_comment_create_by_unapproved_member_forbidden_before_parent_is_checked(unapproved):
    PostFactory(slug="open-post")

    response = session_client(unapproved).post(
        f"{API}/posts/open-post/comments", {"body": "hello", "parent": 999999}, content_type=JSON
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_comment_create_on_unknown_post_not_found(member):
    response = session_client(member).post(f"{API}/posts/no-such-post/comments", {"body": "hello"}, content_type=JSON)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_comment_create_nul_unprocessable(member):
    PostFactory(slug="open-post")

    response = session_client(member).post(f"{API}/posts/open-post/comments", {"body": "a\x00b"}, content_type=JSON)

    assert response.status_code == 422
    assert [(e["loc"], e["msg"]) for e in response.json()["detail"]] == [
        (["body", "payload", "body"], "Value error, Null characters are not allowed.")
    ]
    assert Comment.objects.count() == 0


def test_comment_create_over_long_unprocessable(member):
    PostFactory(slug="open-post")

    response = session_client(member).post(f"{API}/posts/open-post/comments", {"body": "x" * 5001}, content_type=JSON)

    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [(["body", "payload", "body"], "string_too_long")]
    assert Comment.objects.count() == 0


def test_comment_create_longest_allowed(member):
    PostFactory(slug="open-post")

    response = session_client(member).post(f"{API}/posts/open-post/comments", {"body": "x" * 5000}, content_type=JSON)

    assert (response.status_code, len(Comment.objects.get().body)) == (201, 5000)


def test_comment_create_fans_out_after_commit(django_capture_on_commit_callbacks):
    post_author = UserFactory(email="author@example.org", language="ja")
    post = PostFactory(slug="open-post", author=post_author)
    PostFollow.objects.create(user=post_author, post=post)
    writer = UserFactory(display_name="Asha")

    with django_capture_on_commit_callbacks(execute=True):
        response = session_client(writer).post(f"{API}/posts/open-post/comments", {"body": "hello"}, content_type=JSON)

    assert response.status_code == 201
    assert list(Notification.objects.values_list("recipient__email", "kind", "comment", "actor")) == [
        ("author@example.org", "comment", response.json()["id"], writer.pk)
    ]
    assert list(OutboxMessage.objects.values_list("recipient", "template")) == [("author@example.org", "community/mail/new_comment")]


def test_comment_create_with_bearer_token_needs_no_csrf(member):
    PostFactory(slug="open-post")
    response = bearer_client(member, enforce_csrf_checks=True).post(
        f"{API}/posts/open-post/comments", {"body": "by token"}, content_type=JSON
    )

    assert response.status_code == 201
    assert list(Comment.objects.values_list("author", "body")) == [(member.pk, "by token")]


def test_comment_create_with_bearer_token_reads_members_only_posts(member):
    PostFactory(slug="members-post", visibility="members")
    response = bearer_client(member).post(
        f"{API}/posts/members-post/comments", {"body": "by token"}, content_type=JSON
    )

    assert response.status_code == 201


def test_comment_create_with_wrong_bearer_token_unauthenticated(db):
    PostFactory(slug="open-post")

    response = Client().post(
        f"{API}/posts/open-post/comments", {"body": "x"}, content_type=JSON, HTTP_AUTHORIZATION="Bearer kk_wrong"
    )

    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


def test_comment_create_session_without_csrf_token_forbidden(member):
    PostFactory(slug="open-post")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(f"{API}/posts/open-post/comments", {"body": "hello"}, content_type=JSON)

    assert response.status_code == 403
    assert Comment.objects.count() == 0


# --- PATCH /comments/{id} ------------------------------------------------------------------------


@pytest.fixture
def own_comment(db):
    writer = UserFactory(display_name="Asha")
    return services.add_comment(writer, PostFactory(slug="open-post"), body="tpyo")


def test_comment_edit_by_author(own_comment):
    response = session_client(own_comment.author).patch(f"{API}/comments/{own_comment.pk}", {"body": "*typo*"}, content_type=JSON)

    own_comment.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {
        "id": own_comment.pk, "parent": None, "author_name": "Asha", "body_html": "<p><em>typo</em></p>\n",
        "deleted": False, "hidden": False, "edited": True, "created_at": iso(own_comment.created_at), "shown_language": "", "translated_by": "original",
    }
    assert (own_comment.body, own_comment.edited_at is not None) == ("*typo*", True)


def test_comment_edit_after_fifteen_minutes_bad_request(own_comment):
    Comment.objects.filter(pk=own_comment.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=16))

    response = session_client(own_comment.author).patch(f"{API}/comments/{own_comment.pk}", {"body": "late"}, content_type=JSON)

    assert (response.status_code, response.json()) == (
        400, {"detail": "Comments can be edited for 15 minutes after posting."},
    )
    assert Comment.objects.get(pk=own_comment.pk).body == "tpyo"


def test_comment_edit_by_staff_after_fifteen_minutes(own_comment, staff):
    Comment.objects.filter(pk=own_comment.pk).update(created_at=timezone.now() - timezone.timedelta(days=1))

    response = session_client(staff).patch(f"{API}/comments/{own_comment.pk}", {"body": "moderated"}, content_type=JSON)

    assert (response.status_code, Comment.objects.get(pk=own_comment.pk).body) == (200, "moderated")


def test_comment_edit_of_someone_elses_comment_forbidden(own_comment, other_org_member):
    response = session_client(other_org_member).patch(f"{API}/comments/{own_comment.pk}", {"body": "mine now"}, content_type=JSON)

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Comment.objects.get(pk=own_comment.pk).body == "tpyo"


def test_comment_edit_of_deleted_comment_bad_request(own_comment):
    services.delete_comment(own_comment.author, own_comment)

    response = session_client(own_comment.author).patch(f"{API}/comments/{own_comment.pk}", {"body": "back"}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": "This comment was removed."})


def test_comment_edit_blank_bad_request(own_comment):
    response = session_client(own_comment.author).patch(f"{API}/comments/{own_comment.pk}", {"body": "  "}, content_type=JSON)

    assert (response.status_code, response.json()) == (400, {"detail": [{"loc": ["body", "body"], "msg": "Write something first."}]})


@pytest.mark.parametrize(("body", "error"), [("a\x00b", "value_error"), ("x" * 5001, "string_too_long")])
def test_comment_edit_nul_or_over_long_unprocessable(own_comment, body, error):
    response = session_client(own_comment.author).patch(f"{API}/comments/{own_comment.pk}", {"body": body}, content_type=JSON)

    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [(["body", "payload", "body"], error)]
    assert Comment.objects.get(pk=own_comment.pk).body == "tpyo"


def test_comment_edit_unknown_not_found(member):
    response = session_client(member).patch(f"{API}/comments/999999", {"body": "x"}, content_type=JSON)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_comment_edit_by_author_no_longer_approved_forbidden(own_comment):
    type(own_comment.author).objects.filter(pk=own_comment.author_id).update(approval_status="declined")

    response = session_client(own_comment.author).patch(f"{API}/comments/{own_comment.pk}", {"body": "x"}, content_type=JSON)

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


# --- DELETE /comments/{id} -----------------------------------------------------------------------


def test_comment_delete_by_author_leaves_a_placeholder(own_comment):
    reply = services.add_comment(UserFactory(), own_comment.post, body="reply", parent=own_comment)
    client = session_client(own_comment.author)

    response = client.delete(f"{API}/comments/{own_comment.pk}")

    assert (response.status_code, response.content) == (204, b"")
    thread = client.get(f"{API}/posts/open-post/comments").json()
    assert [(c["id"], c["deleted"], c["body_html"]) for c in thread] == [
        (own_comment.pk, True, ""), (reply.pk, False, "<p>reply</p>\n"),
    ]


def test_comment_delete_by_staff(own_comment, staff):
    response = session_client(staff).delete(f"{API}/comments/{own_comment.pk}")

    assert (response.status_code, Comment.objects.get(pk=own_comment.pk).is_deleted) == (204, True)


def test_comment_delete_of_someone_elses_comment_forbidden(own_comment, other_org_member):
    response = session_client(other_org_member).delete(f"{API}/comments/{own_comment.pk}")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert Comment.objects.get(pk=own_comment.pk).is_deleted is False


def test_comment_delete_unknown_not_found(member):
    response = session_client(member).delete(f"{API}/comments/999999")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- PUT /posts/{slug}/follow ---------------------------------------------------------------------


def test_follow_switches_off_and_on(member):
    PostFactory(slug="open-post")
    client = session_client(member)

    off = client.put(f"{API}/posts/open-post/follow", {"active": False}, content_type=JSON)
    state_off = PostFollow.objects.get(user=member).active
    on = client.put(f"{API}/posts/open-post/follow", {"active": True}, content_type=JSON)

    assert (off.status_code, off.json(), state_off) == (200, {"active": False}, False)
    assert (on.status_code, on.json(), PostFollow.objects.get(user=member).active) == (200, {"active": True}, True)


def test_follow_off_is_remembered_when_commenting(member):
    PostFactory(slug="open-post")
    client = session_client(member)
    client.put(f"{API}/posts/open-post/follow", {"active": False}, content_type=JSON)

    client.post(f"{API}/posts/open-post/comments", {"body": "hello"}, content_type=JSON)

    assert list(PostFollow.objects.filter(user=member).values_list("active", flat=True)) == [False]


def test_follow_without_active_unprocessable(member):
    PostFactory(slug="open-post")

    response = session_client(member).put(f"{API}/posts/open-post/follow", {}, content_type=JSON)

    assert response.status_code == 422
    assert PostFollow.objects.filter(user=member).count() == 0


def test_follow_unknown_post_not_found(member):
    response = session_client(member).put(f"{API}/posts/no-such-post/follow", {"active": True}, content_type=JSON)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# --- notifications --------------------------------------------------------------------------------


@pytest.fixture
def inbox(db):
    """`reader` follows a post; Asha comments twice, then replies to the reader."""
    reader = UserFactory(email="reader@example.org")
    post = PostFactory(slug="open-post", title="Digital Partnership")
    PostFollow.objects.create(user=reader, post=post)
    asha = UserFactory(display_name="Asha")
    comments = []
    for body in ("one", "two"):
        comments.append(services.add_comment(asha, post, body=body))
        services.fan_out_comment(comments[-1].pk)
    mine = services.add_comment(reader, post, body="mine")
    comments.append(services.add_comment(asha, post, body="answer", parent=mine))
    services.fan_out_comment(comments[-1].pk)
    notifications = {n.comment_id: n for n in Notification.objects.filter(recipient=reader)}
    return {"reader": reader, "asha": asha, "notifications": [notifications[c.pk] for c in reversed(comments)]}


def test_notifications_list_newest_first(inbox):
    reply, two, one = inbox["notifications"]

    response = session_client(inbox["reader"]).get(f"{API}/notifications")

    assert response.status_code == 200
    assert response.json() == {
        "count": 3, "page": 1, "pages": 1,
        "results": [
            {"id": n.pk, "kind": kind, "post": "open-post", "post_title": "Digital Partnership", "comment": n.comment_id,
             "actor_name": "Asha", "created_at": iso(n.created_at), "read": False}
            for n, kind in ((reply, "reply"), (two, "comment"), (one, "comment"))
        ],
    }


def test_notifications_list_unread_only(inbox):
    reply, two, one = inbox["notifications"]
    services.mark_read(inbox["reader"], [two.pk])
    client = session_client(inbox["reader"])

    everything = client.get(f"{API}/notifications").json()
    unread = client.get(f"{API}/notifications", {"unread_only": "true"}).json()

    assert [(n["id"], n["read"]) for n in everything["results"]] == [(reply.pk, False), (two.pk, True), (one.pk, False)]
    assert (unread["count"], [n["id"] for n in unread["results"]]) == (2, [reply.pk, one.pk])


def test_notifications_list_only_your_own(inbox, member):
    response = session_client(member).get(f"{API}/notifications")

    assert response.json() == {"count": 0, "page": 1, "pages": 1, "results": []}


def test_notifications_list_actor_without_account(inbox):
    User = type(inbox["asha"])
    User.objects.filter(pk=inbox["asha"].pk).delete()

    response = session_client(inbox["reader"]).get(f"{API}/notifications")

    assert [n["actor_name"] for n in response.json()["results"]] == ["", "", ""]


def test_notifications_list_with_bearer_token(inbox):
    response = bearer_client(inbox["reader"]).get(f"{API}/notifications")

    assert (response.status_code, response.json()["count"]) == (200, 3)


def test_notifications_mark_read_listed(inbox):
    reply, two, one = inbox["notifications"]

    response = session_client(inbox["reader"]).post(f"{API}/notifications/read", {"ids": [one.pk, reply.pk]}, content_type=JSON)

    assert (response.status_code, response.json()) == (200, {"marked": 2})
    assert list(Notification.objects.filter(read_at=None).values_list("pk", flat=True)) == [two.pk]


@pytest.mark.parametrize("payload", [{}, {"ids": None}])
def test_notifications_mark_read_all(inbox, payload):
    response = session_client(inbox["reader"]).post(f"{API}/notifications/read", payload, content_type=JSON)

    assert (response.status_code, response.json()) == (200, {"marked": 3})
    assert Notification.objects.filter(read_at=None).count() == 0


def test_notifications_mark_read_twice_marks_nothing_new(inbox):
    client = session_client(inbox["reader"])
    client.post(f"{API}/notifications/read", {}, content_type=JSON)

    response = client.post(f"{API}/notifications/read", {}, content_type=JSON)

    assert response.json() == {"marked": 0}


def test_notifications_mark_read_of_someone_else_marks_nothing(inbox, member):
    ids = [n.pk for n in inbox["notifications"]]

    response = session_client(member).post(f"{API}/notifications/read", {"ids": ids}, content_type=JSON)

    assert (response.status_code, response.json()) == (200, {"marked": 0})
    assert Notification.objects.filter(read_at=None).count() == 3


def test_notifications_mark_read_empty_list_marks_nothing(inbox):
    response = session_client(inbox["reader"]).post(f"{API}/notifications/read", {"ids": []}, content_type=JSON)

    assert response.json() == {"marked": 0}


def test_notifications_mark_read_bad_ids_unprocessable(inbox):
    response = session_client(inbox["reader"]).post(f"{API}/notifications/read", {"ids": ["x"]}, content_type=JSON)

    assert response.status_code == 422
    assert Notification.objects.filter(read_at=None).count() == 3


# --- permission matrix ----------------------------------------------------------------------------


@pytest.fixture
def world(db):
    author = UserFactory(email="author@example.org")
    post = PostFactory(author=author, slug="open-post")
    post.tags.add(Tag.objects.create(slug="ai", name="AI"))
    members_post = PostFactory(slug="members-post", visibility="members")
    return {
        "comment": services.add_comment(author, post, body="author's comment"),
        "members_comment": services.add_comment(author, members_post, body="author's members-only comment"),
        "actors": {
            "visitor": None,
            "unapproved": UserFactory(approval_status="pending"),
            "member": MembershipFactory().user,
            "other_org_member": MembershipFactory(organisation=OrganisationFactory(country="JP")).user,
            "author": author,
            "staff": StaffFactory(),
        },
    }


ACTORS = ["visitor", "unapproved", "member", "other_org_member", "author", "staff"]
BODIES = {401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


def _statuses(visitor, unapproved, member, other_org_member, author, staff):
    return dict(visitor=visitor, unapproved=unapproved, member=member, other_org_member=other_org_member, author=author, staff=staff)


ROWS = [
    # (method, path, payload, {actor: expected status})
    ("get", "/posts", None, _statuses(200, 200, 200, 200, 200, 200)),
    ("get", "/posts/open-post", None, _statuses(200, 200, 200, 200, 200, 200)),
    ("get", "/posts/members-post", None, _statuses(404, 404, 200, 200, 200, 200)),
    ("get", "/posts/open-post/comments", None, _statuses(200, 200, 200, 200, 200, 200)),
    ("get", "/posts/members-post/comments", None, _statuses(404, 404, 200, 200, 200, 200)),
    ("post", "/posts/open-post/comments", {"body": "hello"}, _statuses(401, 403, 201, 201, 201, 201)),
    ("post", "/posts/members-post/comments", {"body": "hello"}, _statuses(401, 404, 201, 201, 201, 201)),
    ("patch", "/comments/{comment}", {"body": "changed"}, _statuses(401, 403, 403, 403, 200, 200)),
    ("patch", "/comments/{members_comment}", {"body": "changed"}, _statuses(401, 404, 403, 403, 200, 200)),
    ("delete", "/comments/{comment}", None, _statuses(401, 403, 403, 403, 204, 204)),
    ("delete", "/comments/{members_comment}", None, _statuses(401, 404, 403, 403, 204, 204)),
    ("put", "/posts/open-post/follow", {"active": True}, _statuses(401, 200, 200, 200, 200, 200)),
    ("put", "/posts/members-post/follow", {"active": True}, _statuses(401, 404, 200, 200, 200, 200)),
    ("get", "/notifications", None, _statuses(401, 200, 200, 200, 200, 200)),
    ("post", "/notifications/read", {}, _statuses(401, 200, 200, 200, 200, 200)),
    ("put", "/tags/ai/follow", {"level": "all"}, _statuses(401, 200, 200, 200, 200, 200)),
    ("get", "/follows", None, _statuses(401, 200, 200, 200, 200, 200)),
    ("get", "/notification-settings", None, _statuses(401, 200, 200, 200, 200, 200)),
    ("patch", "/notification-settings", {"replies": False}, _statuses(401, 200, 200, 200, 200, 200)),
    ("get", "/members/{author}", None, _statuses(401, 403, 200, 200, 200, 200)),
    ("post", "/posts/open-post/flag", {"reason": "spam"}, _statuses(401, 403, 201, 201, 400, 201)),
    ("post", "/posts/members-post/flag", {"reason": "spam"}, _statuses(401, 404, 201, 201, 201, 201)),
    ("post", "/comments/{comment}/flag", {"reason": "spam"}, _statuses(401, 403, 201, 201, 400, 201)),
    ("get", "/moderation/queue", None, _statuses(401, 403, 403, 403, 403, 200)),
    ("post", "/moderation/comment/{comment}", {"action": "keep"}, _statuses(401, 403, 403, 403, 403, 200)),
    ("get", "/moderation/log", None, _statuses(401, 403, 403, 403, 403, 200)),
]


def _state():
    """What a refused request must not change."""
    from kakehashi.community.models import Flag, NotificationSettings, TagFollow

    return (
        sorted(Comment.objects.values_list("pk", "body", "deleted_at", "edited_at", "hidden_at")),
        sorted(PostFollow.objects.values_list("user", "post", "active")),
        sorted(TagFollow.objects.values_list("user", "tag", "level")),
        sorted(NotificationSettings.objects.values_list("user", "replies", "mentions")),
        sorted(Flag.objects.values_list("pk", "resolved_at")),
    )


@pytest.mark.parametrize(("method", "path", "payload", "expected"), ROWS, ids=[f"{m} {p}" for m, p, *_ in ROWS])
@pytest.mark.parametrize("actor", ACTORS)
def test_api_community_permission_matrix(world, method, path, payload, expected, actor):
    url = API + path.format(
        comment=world["comment"].pk, members_comment=world["members_comment"].pk, author=world["actors"]["author"].pk
    )
    user = world["actors"][actor]
    client = session_client(user) if user else Client()
    before = _state()

    if payload is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, payload, content_type=JSON)

    want = expected[actor]
    if want in BODIES:
        assert (response.status_code, response.json()) == (want, BODIES[want])
        assert _state() == before
    else:
        assert response.status_code == want


def test_api_community_permission_matrix_covers_every_operation():
    from kakehashi.community.api import router

    operations = {
        (method.lower(), "/".join("*" if part.startswith("{") else part for part in path.split("/")))
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    rows = {
        (method, "/" + "/".join("*" if part in ("open-post", "members-post", "ai", "comment") or part.startswith("{") else part
                                for part in path.strip("/").split("/")))
        for method, path, *_ in ROWS
    }

    assert rows == operations


@pytest.mark.parametrize("actor", ACTORS)
def test_api_members_only_post_listed_for_approved_members_and_staff_only(world, actor):
    user = world["actors"][actor]
    client = session_client(user) if user else Client()

    listed = slugs(client.get(f"{API}/posts"))

    assert listed == (["open-post"] if actor in ("visitor", "unapproved") else ["members-post", "open-post"])
