"""Community pages: posts, comments, follows, notifications, unsubscribe."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.accounts.people import is_approved_member
from kakehashi.accounts.services import ensure_handle
from kakehashi.core import ratelimit
from kakehashi.core.forms import service_errors
from kakehashi.core.pagecache import member_cache, visitor_cache
from kakehashi.core.permissions import approved_member, public, signed_in, staff_only

from . import moderation, queries, services, translation
from .forms import CommentForm, FlagForm, NotificationSettingsForm, PostForm, ReviewForm, SearchForm, TagFollowForm
from .models import Comment, Flag, Post, TagFollow
from .search import indexing_progress, rank_posts

PAGE_SIZE = 20


@public
def post_list(request: HttpRequest, tag: str | None = None) -> HttpResponse:
    posts = queries.posts_visible_to(request.user)
    current_tag = level = None
    if tag is not None:
        current_tag = queries.tag_for(tag)
        posts = posts.filter(tags=current_tag)
        level = queries.tag_follow_level(request.user, current_tag)
    search = SearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    indexing = indexing_progress() if q else None
    if q:
        # Cross-language: a Japanese query finds English posts (search.py).
        ranked = [pk for pk, _ in rank_posts(q, posts, limit=200)]
        by_id = posts.in_bulk(ranked)
        posts = [by_id[pk] for pk in ranked if pk in by_id]  # type: ignore[assignment]  # a ranked list from here on
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "community/post_list.html",
        {"page": page, "tag": current_tag, "level": level, "levels": TagFollow.Level.choices, "search": search,
         "q": q, "indexing": indexing},
    )


@require_POST
@signed_in
def follow_tag(request: SignedInRequest, tag: str) -> HttpResponse:
    current_tag = queries.tag_for(tag)
    form = TagFollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose every post and comment, new posts only, or off."))
    else:
        level = services.set_tag_follow(request.user, current_tag, level=form.cleaned_data["level"])
        messages.success(request, {
            TagFollow.Level.ALL: _("You will get an e-mail about every post and comment tagged “%(tag)s”."),
            TagFollow.Level.NEW_POSTS: _("You will get an e-mail about new posts tagged “%(tag)s”."),
            TagFollow.Level.OFF: _("You no longer follow “%(tag)s”."),
        }[TagFollow.Level(level)] % {"tag": current_tag.name})
    return redirect(current_tag.get_absolute_url())


@signed_in
def notification_settings(request: SignedInRequest) -> HttpResponse:
    """The member's follows (posts, tags at a level) and switches (replies, mentions)."""
    user = request.user
    switches = NotificationSettingsForm(instance=services.notification_settings(user))
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "switches":
            switches = NotificationSettingsForm(request.POST, instance=services.notification_settings(user))
            if switches.is_valid():
                services.update_notification_settings(user, **switches.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("community:settings")
        elif which == "tag":
            form = TagFollowForm(request.POST)
            current_tag = queries.tag_for(request.POST.get("tag", "")[:60])
            if form.is_valid():
                services.set_tag_follow(user, current_tag, level=form.cleaned_data["level"])
                messages.success(request, _("Saved."))
            else:
                messages.error(request, _("Choose every post and comment, new posts only, or off."))
            return redirect("community:settings")
        elif which == "post":
            post = queries.post_for(user, request.POST.get("post", "")[:320])
            services.set_following(user, post, active=False)
            messages.success(request, _("You will no longer get e-mails about comments on this post."))
            return redirect("community:settings")
        else:
            messages.error(request, _("Nothing was changed."))
            return redirect("community:settings")
    return render(
        request, "community/settings.html",
        {
            "switches": switches, "post_follows": queries.post_follows_of(user), "tag_follows": queries.tag_follows_of(user),
            "levels": TagFollow.Level.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@approved_member
def member(request: SignedInRequest, user_id: int) -> HttpResponse:
    person = queries.member_for(request.user, user_id)
    ensure_handle(person)  # generated on first need
    return render(
        request, "community/member.html",
        {"person": person, "organisations": queries.organisations_of(person), "posts": queries.posts_by(request.user, person)},
    )


@staff_only
def post_create(request: SignedInRequest) -> HttpResponse:
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            ratelimit.check(request.user, "post")
            post = services.create_post(request.user, **form.service_kwargs())
        if call.ok:
            messages.success(request, _("Saved."))
            return redirect(post.get_absolute_url())
        status = call.status
    return render(request, "community/post_form.html", {"form": form}, status=status)


@staff_only
def post_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    post = queries.post_for(request.user, slug)
    form = PostForm(request.POST or None, instance=Post.objects.get(pk=post.pk))
    if request.method == "POST" and form.is_valid():
        post = services.update_post(request.user, post, **form.service_kwargs())
        messages.success(request, _("Saved."))
        return redirect(post.get_absolute_url())
    return render(request, "community/post_form.html", {"form": form, "post": post})


def _post_page(request: HttpRequest, post, form: CommentForm | None = None, status: int = 200) -> HttpResponse:
    page = queries.thread_page(post, request.GET.get("page"))
    thread = list(page.object_list)
    return render(
        request,
        "community/post_detail.html",
        {
            "post": post,
            **translation.for_post_page(request, post, thread),
            "page": page,
            "thread": thread,
            "comment_count": post.comments.filter(deleted_at=None, hidden_at=None).count(),
            "can_comment": queries.can_comment(request.user, post),
            "following": queries.is_following(request.user, post),
            "form": form or CommentForm(),
            "flag_reasons": Flag.Reason.choices,
            "figures": queries.engagement(post) if request.user.is_staff else None,
            "members_view": is_approved_member(request.user),
        },
        status=status,
    )


@public
def comment_permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A comment's lasting address: redirects to the page of its post that shows it."""
    comment = queries.comment_for(request.user, comment_id)
    return redirect(queries.comment_url(comment.post, comment))


@public
@visitor_cache(on_hit=lambda request, slug: services.record_view_of(slug))
@member_cache(on_hit=lambda request, slug: services.record_view_of(slug))
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = queries.post_for(request.user, slug)
    services.record_view(post)
    return _post_page(request, post)


@staff_only
def engagement(request: SignedInRequest) -> HttpResponse:
    return render(request, "community/engagement.html", {"posts": queries.engagement_table()})


@require_POST
@approved_member
def comment_create(request: SignedInRequest, slug: str) -> HttpResponse:
    post = queries.post_for(request.user, slug)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        with service_errors(form) as call:
            ratelimit.check(request.user, "comment")
            comment = services.add_comment(request.user, post, body=form.cleaned_data["body"], parent=form.cleaned_data["parent"])
        if call.ok:
            return redirect(queries.comment_url(post, comment))
        status = call.status
    return _post_page(request, post, form, status=status)


@approved_member
def comment_edit(request: SignedInRequest, comment_id: int) -> HttpResponse:
    comment = queries.comment_for(request.user, comment_id)
    if comment.author_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as call:
            services.edit_comment(request.user, comment, body=form.cleaned_data["body"])
        if call.ok:
            return redirect(queries.comment_url(comment.post, comment))
    return render(request, "community/comment_edit.html", {"form": form, "comment": comment})


@require_POST
@approved_member
def comment_delete(request: SignedInRequest, comment_id: int) -> HttpResponse:
    comment = queries.comment_for(request.user, comment_id)
    services.delete_comment(request.user, comment)
    messages.success(request, _("The comment was removed."))
    return redirect(queries.comment_url(comment.post, comment))


@require_POST
@signed_in
def follow(request: SignedInRequest, slug: str) -> HttpResponse:
    post = queries.post_for(request.user, slug)
    active = request.POST.get("follow") == "on"
    services.set_following(request.user, post, active=active)
    if active:
        messages.success(request, _("You will get an e-mail when people leave comments."))
    else:
        messages.success(request, _("You will no longer get e-mails about comments on this post."))
    return redirect(post.get_absolute_url())


@signed_in
def notifications(request: SignedInRequest) -> HttpResponse:
    """Community notifications are in the member's notification centre."""
    if request.method == "POST":
        services.mark_read(request.user)
    return redirect("accounts:notifications")


@public
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token is signed
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return render(request, "community/unsubscribe.html", {"token": token, "scope": queries.unsubscribe_scope(token)})
    with service_errors() as call:
        result = services.unsubscribe(token)
    if not call.ok:
        return render(request, "community/unsubscribe.html", {"error": call.message}, status=400)
    return render(request, "community/unsubscribe.html", {"done": True, "result": result})


def _flag(request: SignedInRequest, *, comment=None, post=None) -> HttpResponse:
    target_post = post or comment.post
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
    else:
        with service_errors(request) as call:
            moderation.flag(request.user, comment=comment, post=post, **form.cleaned_data)
        if call.ok:
            messages.success(request, _("Thank you. Staff will review it."))
    return redirect(queries.comment_url(target_post, comment) if comment else target_post.get_absolute_url())


def _comment_tool_page(request: SignedInRequest, tool: str, comment: Comment) -> HttpResponse:
    """The reply or flag form for one comment on a page of its own: where "Reply" and "Flag" lead
    without JavaScript (with it, the post's page shows the form under the comment)."""
    context = {"tool": tool, "comment": comment, "can_comment": queries.can_comment(request.user, comment.post),
               "flag_reasons": Flag.Reason.choices}
    return render(request, "community/comment_tool.html", context)


@require_safe
@approved_member
def comment_reply(request: SignedInRequest, comment_id: int) -> HttpResponse:
    return _comment_tool_page(request, "reply", queries.comment_to_act_on(request.user, comment_id))


@require_http_methods(["GET", "HEAD", "POST"])
@approved_member
def flag_comment(request: SignedInRequest, comment_id: int) -> HttpResponse:
    if request.method == "POST":
        return _flag(request, comment=queries.comment_for(request.user, comment_id))
    return _comment_tool_page(request, "flag", queries.comment_to_act_on(request.user, comment_id))


@require_POST
@approved_member
def flag_post(request: SignedInRequest, slug: str) -> HttpResponse:
    return _flag(request, post=queries.post_for(request.user, slug))


@staff_only
def moderation_queue(request: SignedInRequest) -> HttpResponse:
    return render(
        request, "community/moderation.html", {"rows": moderation.open_queue(), "log": moderation.action_log()}
    )


@require_POST
@staff_only
def review(request: SignedInRequest, kind: str, target_id: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid() or kind not in ("comment", "post"):
        messages.error(request, _("Unknown moderation action."))
        return redirect("community:moderation")
    target = get_object_or_404(Comment if kind == "comment" else Post, pk=target_id)
    moderation.review(request.user, **{kind: target}, **form.cleaned_data)  # type: ignore[arg-type]  # kind is "comment" or "post", target its row
    messages.success(request, _("Saved."))
    return redirect("community:moderation")
