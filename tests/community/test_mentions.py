"""@mentions: rendered as links after sanitising, and notifying the member mentioned."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.community import fanout, services
from kakehashi.community.mentions import mentioned_ids, render
from kakehashi.community.models import Comment, Notification, NotificationSettings, Post, PostFollow, Tag, TagFollow
from kakehashi.mail.models import OutboxMessage

from ..factories import PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asha():
    return UserFactory(email="asha@example.org", display_name="Asha Rao", handle="asha_rao", language="hi")


def _link(user) -> str:
    return f'<a class="mention" href="/community/members/{user.pk}/" rel="nofollow noopener noreferrer ugc">@{user.handle}</a>'


def _comment(author, post, body, parent=None):
    comment = services.add_comment(author, post, body=body, parent=parent)
    services.fan_out_comment(comment.pk)  # the task's work, run here (tests do not commit)
    return comment


# --- rendering ----------------------------------------------------------------------------------


def test_a_mention_becomes_a_link_to_the_member_page(asha):
    assert render("Thanks @asha_rao!") == f"<p>Thanks {_link(asha)}!</p>\n"


def test_a_mention_is_case_insensitive(asha):
    assert render("@Asha_RAO see this") == f"<p>{_link(asha)} see this</p>\n"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("@nobody_here hello", "<p>@nobody_here hello</p>\n"),
        ("mail me at me@asha_rao.example", "<p>mail me at me@asha_rao.example</p>\n"),
        ("code `@asha_rao`", "<p>code <code>@asha_rao</code></p>\n"),
        ("    @asha_rao in a block", "<pre><code>@asha_rao in a block\n</code></pre>\n"),
        ("@as too short", "<p>@as too short</p>\n"),
        ("@asha_raoo is someone else", "<p>@asha_raoo is someone else</p>\n"),
    ],
)
def test_what_is_not_a_mention_stays_text(asha, source, html):
    assert render(source) == html


def test_a_mention_inside_a_link_is_not_linked_again(asha):
    html = render("[ask @asha_rao](https://example.org/)")

    assert html.count("<a ") == 1 and 'class="mention"' not in html


def test_unapproved_or_inactive_members_are_not_linked():
    UserFactory(handle="waiting_one", approval_status="pending")
    UserFactory(handle="gone_one", is_active=False)

    assert render("@waiting_one @gone_one") == "<p>@waiting_one @gone_one</p>\n"


@pytest.mark.parametrize(
    "source",
    [
        '[x](https://example.org/ "a>@asha_rao<script>alert(1)</script>")',
        "@asha_rao<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>@asha_rao",
        "[@asha_rao](javascript:alert(1))",
        "&lt;a href=x&gt;@asha_rao&lt;/a&gt; &amp; @asha_rao",
        '@asha_rao" onmouseover="alert(1)',
    ],
)
def test_mentions_cannot_inject_markup(asha, source):
    html = render(source)

    tags = _tags(html)
    assert {name for name, _attrs in tags} <= {"p", "a", "code"}
    assert all(set(attrs) <= {"href", "title", "class", "rel"} for _name, attrs in tags)
    assert all(attrs.get("href", "https:").startswith(("https:", "/community/members/")) for _name, attrs in tags)
    assert [attrs["href"] for _name, attrs in tags if attrs.get("class") == "mention"] == [
        f"/community/members/{asha.pk}/"
    ] * html.count('class="mention"')


def _tags(html: str) -> list[tuple[str, dict]]:
    """Every start tag of `html` with its attributes, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Reader().feed(html)
    return found


def test_mentioned_ids_reads_only_mention_links(asha):
    plain_link = render(f"[a page](/community/members/{asha.pk + 7}/)")

    assert (mentioned_ids(render("hi @asha_rao")), mentioned_ids(plain_link)) == ({asha.pk}, set())


# --- notifications ------------------------------------------------------------------------------


def test_a_mention_notifies_the_member_even_without_a_follow(asha):
    post = PostFactory(title="Perspectives")

    comment = _comment(UserFactory(display_name="Kenji"), post, "What do you think, @asha_rao?")

    assert list(Notification.objects.values_list("recipient", "kind", "comment")) == [(asha.pk, "mention", comment.pk)]
    message = OutboxMessage.objects.get(recipient="asha@example.org")
    assert (message.locale, message.context["kind"], message.context["via"]) == ("hi", "mention", "mention")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_mention_email_in_english():
    mentioned = UserFactory(email="en@example.org", handle="meera")
    _comment(UserFactory(display_name="Kenji"), PostFactory(title="Perspectives"), "@meera look")

    message = OutboxMessage.objects.get(recipient="en@example.org")

    assert message.subject == "Kenji mentioned you on “Perspectives”"
    assert "Kenji mentioned you in a comment on “Perspectives”:" in message.body_text
    assert "You receive this because someone mentioned you." in message.body_text
    assert mentioned.notifications.count() == 1


def test_a_mention_is_mailed_at_once_even_to_a_digest_reader():
    reader = UserFactory(email="digest@example.org", handle="digest_reader", digest="weekly")

    _comment(UserFactory(), PostFactory(), "cc @digest_reader")

    assert list(Notification.objects.filter(recipient=reader).values_list("emailed", flat=True)) == [True]
    assert OutboxMessage.objects.filter(recipient="digest@example.org").count() == 1


def test_mentioning_yourself_notifies_nobody(asha):
    _comment(asha, PostFactory(), "note to self @asha_rao")

    assert Notification.objects.count() == 0


def test_mentioning_twice_in_one_comment_notifies_once(asha):
    _comment(UserFactory(), PostFactory(), "@asha_rao and again @ASHA_RAO")

    assert Notification.objects.filter(recipient=asha).count() == 1


def test_a_follower_who_is_mentioned_gets_one_mention(asha):
    post = PostFactory()
    PostFollow.objects.create(user=asha, post=post)
    TagFollow.objects.create(user=asha, tag=Tag.objects.create(slug="ai", name="AI"), level="all")
    post.tags.add(Tag.objects.get(slug="ai"))

    _comment(UserFactory(), post, "@asha_rao you follow this")

    assert list(Notification.objects.values_list("recipient", "kind")) == [(asha.pk, "mention")]
    assert OutboxMessage.objects.filter(recipient="asha@example.org").count() == 1


def test_a_reply_that_mentions_its_parent_author_is_one_reply(asha):
    post = PostFactory()
    top = _comment(asha, post, "question")

    _comment(UserFactory(), post, "@asha_rao here is the answer", parent=top)

    assert list(Notification.objects.filter(recipient=asha).values_list("kind", flat=True)) == ["reply"]


def test_nobody_hears_of_a_post_they_may_no_longer_read(asha):
    post = PostFactory(visibility="members")
    comment = services.add_comment(UserFactory(), post, body="@asha_rao have a look")
    type(asha).objects.filter(pk=asha.pk).update(approval_status="declined")

    assert services.fan_out_comment(comment.pk) == 0
    assert Notification.objects.count() == 0


def test_mentions_switched_off_keep_the_follow_notification(asha):
    post = PostFactory()
    PostFollow.objects.create(user=asha, post=post)
    services.update_notification_settings(asha, mentions=False)

    _comment(UserFactory(), post, "@asha_rao hello")
    _comment(UserFactory(), PostFactory(), "@asha_rao elsewhere")

    assert list(Notification.objects.values_list("recipient", "kind")) == [(asha.pk, "comment")]


def test_replies_switched_off_leave_only_what_they_follow(asha):
    post = PostFactory()
    top = _comment(asha, post, "question")
    services.set_following(asha, post, active=False)
    services.update_notification_settings(asha, replies=False)

    _comment(UserFactory(), post, "answer", parent=top)

    assert Notification.objects.filter(recipient=asha).count() == 0


def test_mention_unsubscribe_link_switches_mentions_off(asha):
    _comment(UserFactory(), PostFactory(), "@asha_rao hi")
    token = OutboxMessage.objects.get().headers["List-Unsubscribe"].rsplit("/unsubscribe/", 1)[1].rstrip("/>")

    result = services.unsubscribe(token)

    assert result.scope == "mention"
    assert list(NotificationSettings.objects.values_list("user", "replies", "mentions")) == [(asha.pk, True, False)]


def test_editing_a_comment_to_add_a_mention_notifies_once(asha, django_capture_on_commit_callbacks):
    author = UserFactory()
    comment = _comment(author, PostFactory(), "first version")

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_comment(author, comment, body="second version, cc @asha_rao")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_comment(author, Comment.objects.get(pk=comment.pk), body="third version, cc @asha_rao")

    assert list(Notification.objects.values_list("recipient", "kind")) == [(asha.pk, "mention")]
    assert OutboxMessage.objects.filter(recipient="asha@example.org").count() == 1


def test_a_mention_in_a_published_post_notifies_once_with_the_announcement(asha, django_capture_on_commit_callbacks):
    TagFollow.objects.create(user=asha, tag=Tag.objects.create(slug="ai", name="AI"), level="new_posts")

    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(StaffFactory(), title="Welcome", body="Welcome @asha_rao", language="en", tags=["AI"])

    assert list(Notification.objects.values_list("recipient", "kind", "post", "comment")) == [(asha.pk, "mention", post.pk, None)]
    message = OutboxMessage.objects.get()
    assert (message.template, message.context["kind"]) == ("community/mail/new_post", "mention")


def test_a_mention_in_a_scheduled_post_waits_for_its_time(asha, django_capture_on_commit_callbacks):
    at = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(StaffFactory(), title="Soon", body="@asha_rao soon", language="en", published_at=at)
    early = Notification.objects.count()

    fanout.announce_due_posts(at + dt.timedelta(seconds=1))

    assert (early, list(Notification.objects.values_list("recipient", "kind"))) == (0, [(asha.pk, "mention")])


def test_editing_an_announced_post_to_add_a_mention_notifies_that_member(asha, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(staff, title="Update", body="No names yet", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        services.update_post(staff, Post.objects.get(pk=post.pk), body="Thanks to @asha_rao")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_post(staff, Post.objects.get(pk=post.pk), body="Thanks again to @asha_rao")

    assert list(Notification.objects.values_list("recipient", "kind")) == [(asha.pk, "mention")]


def test_commenting_gives_the_commenter_a_handle():
    writer = UserFactory(display_name="Priya Raman")

    services.add_comment(writer, PostFactory(), body="hello")

    writer.refresh_from_db()
    assert writer.handle == "priya_raman"


def test_comment_shows_the_author_handle_to_members_only(client, asha):
    post = PostFactory()
    services.add_comment(asha, post, body="hello")

    visitor_html = client.get(post.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    member_html = client.get(post.get_absolute_url()).content.decode()

    assert "@asha_rao" not in visitor_html
    assert f'<a href="/community/members/{asha.pk}/">Asha Rao</a></strong> <span class="handle">@asha_rao</span>' in member_html
