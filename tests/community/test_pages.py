"""Community pages, and who may use each of them."""

import pytest
from django.test import Client
from django.urls import get_resolver

from kakehashi.community import services
from kakehashi.community.models import Comment, PostFollow, Tag, TagFollow

from ..factories import MembershipFactory, PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "You need to be a member of Kakehashi to add comments!"


def test_visitor_reads_a_public_post_and_sees_the_members_only_message(client):
    post = PostFactory(title="Digital Partnership")

    html = client.get(post.get_absolute_url()).content.decode()

    assert "Digital Partnership" in html
    assert MEMBERS_ONLY in html
    assert 'name="body"' not in html


def test_unapproved_member_sees_the_members_only_message(client):
    client.force_login(UserFactory(approval_status="pending"))

    assert MEMBERS_ONLY in client.get(PostFactory().get_absolute_url()).content.decode()


def test_members_only_post_is_hidden_from_visitors_and_unapproved_members(client):
    post = PostFactory(visibility="members")

    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(approval_status="pending"))
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(post.get_absolute_url()).status_code == 200


def test_drafts_and_scheduled_posts_are_visible_to_author_and_staff_only(client):
    from django.utils import timezone

    author = UserFactory()
    draft = PostFactory(author=author, published_at=None)
    scheduled = PostFactory(published_at=timezone.now() + timezone.timedelta(days=1))

    assert [client.get(p.get_absolute_url()).status_code for p in (draft, scheduled)] == [404, 404]
    client.force_login(author)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(StaffFactory())
    assert [client.get(p.get_absolute_url()).status_code for p in (draft, scheduled)] == [200, 200]


def test_member_comments_and_the_comment_is_shown_sanitised(client):
    post = PostFactory()
    client.force_login(UserFactory())

    response = client.post(f"{post.get_absolute_url()}comment/", {"body": "**Hello** <script>alert(1)</script>"})

    comment = Comment.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"{post.get_absolute_url()}#comment-{comment.pk}")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<strong>Hello</strong> &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_comment_gets_a_field_error_and_nothing_is_stored(client):
    post = PostFactory()
    client.force_login(UserFactory())

    response = client.post(f"{post.get_absolute_url()}comment/", {"body": "   "})

    assert response.status_code == 400
    assert response.context["form"].errors == {"body": ["This field is required."]}
    assert Comment.objects.count() == 0


def test_follow_toggle_switches_emails_off_and_on(client):
    post = PostFactory()
    user = UserFactory()
    client.force_login(user)

    client.post(f"{post.get_absolute_url()}follow/", {"follow": "on"})
    on = PostFollow.objects.get(user=user).active
    client.post(f"{post.get_absolute_url()}follow/", {"follow": "off"})

    assert (on, PostFollow.objects.get(user=user).active) == (True, False)


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token():
    post = PostFactory(title="Digital Partnership")
    reader = UserFactory()
    PostFollow.objects.create(user=reader, post=post)
    url = f"/community/unsubscribe/{services.unsubscribe_token(reader.pk, post.pk)}/"
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert page.status_code == 200 and PostFollow.objects.get(user=reader).active is False
    assert response.status_code == 200
    assert "You will no longer receive e-mails about comments on “Digital Partnership”." in response.content.decode()


def test_a_bad_unsubscribe_link_says_so(client):
    response = client.post("/community/unsubscribe/forged/")

    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()


def test_notification_centre_lists_and_marks_read(client):
    post = PostFactory()
    reader = UserFactory()
    PostFollow.objects.create(user=reader, post=post)
    comment = services.add_comment(UserFactory(display_name="Asha"), post, body="hi")
    services.fan_out_comment(comment.pk)
    client.force_login(reader)

    moved = client.get("/community/notifications/")
    page = client.get("/notifications/").content.decode()
    client.post("/community/notifications/")

    assert moved.status_code == 302 and moved["Location"] == "/notifications/"
    assert 'class="badge">1<' in page and "Asha commented on" in page
    assert reader.notifications.filter(read_at=None).count() == 0
    assert reader.notices.filter(read_at=None).count() == 0


# --- permission matrix ----------------------------------------------------------------


@pytest.fixture
def world(db):
    author = UserFactory(email="author@example.org")
    post = PostFactory(author=author, slug="open-post")
    post.tags.add(Tag.objects.create(slug="ai", name="AI"))
    members_post = PostFactory(slug="members-post", visibility="members")
    comment = services.add_comment(author, post, body="author's comment")
    return {
        "post": post, "members_post": members_post, "comment": comment,
        "actors": {
            "visitor": None,
            "unapproved": UserFactory(approval_status="pending"),
            "member": MembershipFactory().user,
            "other_org_member": MembershipFactory().user,
            "author": author,
            "staff": StaffFactory(),
        },
    }


def _client(world, actor):
    client = Client()
    if world["actors"][actor]:
        client.force_login(world["actors"][actor])
    return client


LOGIN = "login"
ROWS = [
    # (method, path, {actor: expected status or LOGIN or "redirect:<url>"})
    ("get", "/community/", dict(visitor=200, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("get", "/community/tags/none/", dict(visitor=404, unapproved=404, member=404, other_org_member=404, author=404, staff=404)),
    ("get", "/community/posts/open-post/", dict(visitor=200, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("get", "/community/posts/members-post/", dict(visitor=404, unapproved=404, member=200, other_org_member=200, author=200, staff=200)),
    ("post", "/community/posts/members-post/comment/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=302, other_org_member=302, author=302, staff=302)),
    ("post", "/community/posts/members-post/follow/", dict(visitor=LOGIN, unapproved=404, member=302, other_org_member=302, author=302, staff=302)),
    ("get", "/community/comments/{comment}/", dict(visitor=302, unapproved=302, member=302, other_org_member=302, author=302, staff=302)),
    ("get", "/community/comments/{comment}/edit/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=403, other_org_member=403, author=200, staff=200)),
    ("post", "/community/comments/{comment}/delete/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=403, other_org_member=403, author=302, staff=302)),
    ("get", "/community/notifications/", dict(visitor=LOGIN, unapproved=302, member=302, other_org_member=302, author=302, staff=302)),
    ("get", "/community/unsubscribe/x/", dict(visitor=200, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("get", "/community/posts/new/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=200)),
    ("post", "/community/posts/new/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=200)),
    ("get", "/community/posts/open-post/edit/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=200)),
    ("post", "/community/posts/open-post/edit/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=200)),
    ("get", "/community/feed/rss/", dict(visitor=200, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("get", "/community/feed/atom/", dict(visitor=200, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("get", "/community/tags/none/atom/", dict(visitor=404, unapproved=404, member=404, other_org_member=404, author=404, staff=404)),
    ("get", "/community/comments/{comment}/reply/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=200, other_org_member=200, author=200, staff=200)),
    ("post", "/community/comments/{comment}/reply/", dict(visitor=405, unapproved=405, member=405, other_org_member=405, author=405, staff=405)),
    ("get", "/community/comments/{comment}/flag/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=200, other_org_member=200, author=200, staff=200)),
    ("post", "/community/comments/{comment}/flag/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=302, other_org_member=302, author=302, staff=302)),
    ("post", "/community/posts/members-post/flag/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=302, other_org_member=302, author=302, staff=302)),
    ("get", "/community/engagement/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=200)),
    ("get", "/community/moderation/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=200)),
    ("post", "/community/moderation/comment/{comment}/", dict(visitor=LOGIN, unapproved=403, member=403, other_org_member=403, author=403, staff=302)),
    ("get", "/community/tags/ai/", dict(visitor=200, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("post", "/community/tags/ai/follow/", dict(visitor=LOGIN, unapproved=302, member=302, other_org_member=302, author=302, staff=302)),
    ("post", "/community/tags/none/follow/", dict(visitor=LOGIN, unapproved=404, member=404, other_org_member=404, author=404, staff=404)),
    ("get", "/community/notifications/settings/", dict(visitor=LOGIN, unapproved=200, member=200, other_org_member=200, author=200, staff=200)),
    ("post", "/community/notifications/settings/", dict(visitor=LOGIN, unapproved=302, member=302, other_org_member=302, author=302, staff=302)),
    ("get", "/community/members/{author}/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=200, other_org_member=200, author=200, staff=200)),
    ("get", "/community/members/{unapproved}/", dict(visitor=LOGIN, unapproved="redirect:/welcome/", member=404, other_org_member=404, author=404, staff=404)),
]


@pytest.mark.parametrize(("method", "path", "expected"), ROWS, ids=[f"{m} {p}" for m, p, _ in ROWS])
@pytest.mark.parametrize("actor", ["visitor", "unapproved", "member", "other_org_member", "author", "staff"])
def test_community_permission_matrix(world, method, path, expected, actor):
    url = path.format(comment=world["comment"].pk, author=world["actors"]["author"].pk, unapproved=world["actors"]["unapproved"].pk)
    data = {"body": "hello", "follow": "on", "reason": "spam", "action": "keep", "level": "all"} if method == "post" else None

    response = getattr(_client(world, actor), method)(url, data)

    want = expected[actor]
    if want == LOGIN:
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    elif isinstance(want, str):
        assert (response.status_code, response["Location"]) == (302, want.split(":", 1)[1])
    else:
        assert response.status_code == want
    if actor in ("visitor", "unapproved") and "comment/" in url:
        assert Comment.objects.filter(post=world["members_post"]).count() == 0
    if actor != "staff" and method == "post" and ("/edit/" in url or "/new/" in url):
        assert world["post"].title == type(world["post"]).objects.get(pk=world["post"].pk).title
    if actor == "visitor":
        assert TagFollow.objects.count() == 0


def test_community_permission_matrix_covers_every_community_url():
    resolver = get_resolver().namespace_dict["community"][1]
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}

    assert names == {"posts", "tag", "post", "comment", "comment_create", "follow", "comment_edit", "comment_delete",
                     "notifications", "unsubscribe", "post_create", "post_edit", "tag_feed", "feed_rss", "feed_atom",
                     "comment_reply", "flag_comment", "flag_post", "moderation", "review", "engagement", "follow_tag", "settings", "member"}


def _post_form(**overrides):
    data = {"title": "Workshop: Japanese for engineers", "body": "Learn **JLPT N4** basics.", "language": "en",
            "kind": "announcement", "visibility": "public", "organisation": "", "published_at": "", "tags_text": "workshop, skills"}
    data.update(overrides)
    return data


def test_staff_write_a_draft_then_schedule_it_in_their_time_zone(client):
    from kakehashi.community.models import Post

    staff = StaffFactory(timezone="Asia/Tokyo")
    client.force_login(staff)

    created = client.post("/community/posts/new/", _post_form())
    post = Post.objects.get()
    scheduled = client.post(f"/community/posts/{post.slug}/edit/", _post_form(published_at="2030-01-18T10:00", pinned="on"))
    post.refresh_from_db()

    assert (created.status_code, created["Location"]) == (302, post.get_absolute_url())
    assert scheduled.status_code == 302
    assert post.published_at.isoformat() == "2030-01-18T01:00:00+00:00"  # 10:00 JST
    assert (post.pinned, post.body_html, sorted(post.tags.values_list("slug", flat=True))) == (
        True, "<p>Learn <strong>JLPT N4</strong> basics.</p>\n", ["skills", "workshop"]
    )
    assert Client().get(post.get_absolute_url()).status_code == 404  # not yet published


def test_post_form_rejects_a_missing_title_with_a_field_error(client):
    client.force_login(StaffFactory())

    response = client.post("/community/posts/new/", _post_form(title=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {"title": ["This field is required."]}


def test_staff_see_views_comments_and_followers(client):
    from kakehashi.community.models import PostFollow

    post = PostFactory(slug="figures")
    PostFollow.objects.create(user=UserFactory(), post=post)
    services.add_comment(UserFactory(), post, body="one")
    removed = services.add_comment(UserFactory(), post, body="two")
    services.delete_comment(removed.author, removed)
    for _ in range(3):
        Client().get("/community/posts/figures/")
    client.force_login(StaffFactory())

    html = client.get("/community/posts/figures/").content.decode()
    table = client.get("/community/engagement/")

    assert "4 views · 1 comments · 3 followers" in html  # this view counts; both commenters follow
    assert 'id="comments-title">Comments (1)<' in html
    row = next(p for p in table.context["posts"] if p.slug == "figures")
    assert (row.view_count, row.comment_total, row.follower_total) == (4, 1, 3)


def test_members_do_not_see_engagement_figures(client):
    client.force_login(UserFactory())

    assert "views ·" not in client.get(PostFactory().get_absolute_url()).content.decode()


def test_flag_comes_after_reply_and_is_the_quieter_action(client):
    post = PostFactory()
    comment = services.add_comment(UserFactory(display_name="Asha"), post, body="hi")
    client.force_login(UserFactory())

    html = client.get(post.get_absolute_url()).content.decode()
    article = html[html.index(f'id="comment-{comment.pk}"'):]

    reply = article.index(f'<a class="comment-tool" href="/community/comments/{comment.pk}/reply/" data-comment-tool="reply"')
    flag = article.index(f'<a class="comment-tool secondary-action" href="/community/comments/{comment.pk}/flag/" data-comment-tool="flag"')
    assert reply < flag


def test_the_thread_holds_one_reply_form_and_one_flag_form_whatever_its_length(client):
    post = PostFactory()
    for k in range(5):
        services.add_comment(UserFactory(), post, body=f"comment {k}")
    client.force_login(UserFactory())

    html = client.get(post.get_absolute_url()).content.decode()

    assert (html.count('data-tool="reply"'), html.count('data-tool="flag"'), html.count('data-comment-tool="flag"')) == (1, 1, 5)
    assert html.count('<template id="comment-tool-') == 2


def test_reply_without_javascript_opens_a_page_whose_form_replies_to_that_comment(client):
    post = PostFactory(slug="thread")
    comment = services.add_comment(UserFactory(display_name="Asha"), post, body="Lead times <script>alert(1)</script>")
    member = UserFactory()
    client.force_login(member)

    page = client.get(f"/community/comments/{comment.pk}/reply/")
    html = page.content.decode()
    sent = client.post("/community/posts/thread/comment/", {"body": "Agreed", "parent": str(comment.pk)})

    assert page.status_code == 200
    assert 'action="/community/posts/thread/comment/"' in html and f'name="parent" value="{comment.pk}"' in html
    assert '<div class="comment-body"><p>Lead times &lt;script&gt;alert(1)&lt;/script&gt;</p>' in html
    reply = Comment.objects.get(author=member)
    assert (sent.status_code, reply.parent_id, reply.body) == (302, comment.pk, "Agreed")


def test_flag_without_javascript_opens_a_page_whose_form_flags_that_comment(client):
    from kakehashi.community.models import Flag

    comment = services.add_comment(UserFactory(), PostFactory(), body="buy cheap pills")
    flagger = UserFactory()
    client.force_login(flagger)

    html = client.get(f"/community/comments/{comment.pk}/flag/").content.decode()
    sent = client.post(f"/community/comments/{comment.pk}/flag/", {"reason": "spam", "note": "advert"})

    assert f'action="/community/comments/{comment.pk}/flag/"' in html and '<option value="spam">' in html
    assert sent.status_code == 302
    assert list(Flag.objects.values_list("flagger_id", "comment_id", "reason", "note")) == [(flagger.pk, comment.pk, "spam", "advert")]


def test_reply_and_flag_pages_refuse_removed_hidden_and_unseen_comments(client):
    from django.utils import timezone

    post = PostFactory()
    removed = services.add_comment(UserFactory(), post, body="gone")
    services.delete_comment(removed.author, removed)
    hidden = services.add_comment(UserFactory(), post, body="under review")
    Comment.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    draft_comment = services.add_comment(UserFactory(), post, body="on a draft")
    type(post).objects.filter(pk=post.pk).update(published_at=None)
    client.force_login(UserFactory())
    staff = Client()
    staff.force_login(StaffFactory())

    codes = [client.get(f"/community/comments/{c.pk}/{tool}/").status_code for c in (removed, hidden, draft_comment) for tool in ("reply", "flag")]

    assert codes == [404] * 6
    assert staff.get(f"/community/comments/{hidden.pk}/flag/").status_code == 200


def test_flag_page_of_ones_own_comment_says_it_cannot_be_flagged(client):
    author = UserFactory()
    comment = services.add_comment(author, PostFactory(), body="mine")
    client.force_login(author)

    html = client.get(f"/community/comments/{comment.pk}/flag/").content.decode()

    assert "You cannot flag your own writing." in html and 'name="reason"' not in html


def test_reply_page_on_a_closed_post_says_so_and_has_no_form(client):
    post = PostFactory()
    comment = services.add_comment(UserFactory(), post, body="hi")
    type(post).objects.filter(pk=post.pk).update(comments_closed=True)
    client.force_login(UserFactory())

    html = client.get(f"/community/comments/{comment.pk}/reply/").content.decode()

    assert "Comments are closed on this post." in html and 'name="body"' not in html
