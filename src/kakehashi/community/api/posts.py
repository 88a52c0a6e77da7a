"""API: posts and comments."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from ninja import Field, Query, Schema, Status

from kakehashi.accounts.auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_approved
from kakehashi.accounts.people import Viewer
from kakehashi.core import ratelimit
from kakehashi.core.languages import Code
from kakehashi.core.markdown import render_markdown
from kakehashi.core.validation import Id, PlainText, SearchText
from kakehashi.translations import queries as translations

from .. import queries, services
from ..models import Comment, Post
from . import PAGE_SIZE, router

# --- posts -----------------------------------------------------------------------------------


class PostOut(Schema):
    slug: str
    title: str
    language: str
    kind: str
    visibility: str
    author_name: str
    organisation: str | None
    tags: list[str]
    published_at: datetime | None
    pinned: bool
    comments_closed: bool
    body_html: str
    comment_count: int
    shown_language: str = Field(default="", description="with ?lang=: the language of title and body as returned")
    translated_by: str = Field(default="original", description="with ?lang=: original, author, secretariat or machine")

    @staticmethod
    def fields_of(post: Post, comment_count: int) -> dict[str, Any]:
        return {
            "slug": post.slug, "title": post.title, "language": post.language, "kind": post.kind,
            "visibility": post.visibility, "author_name": post.author.display_name if post.author else "",
            "organisation": post.organisation.slug if post.organisation else None,
            "tags": [t.slug for t in post.tags.all()], "published_at": post.published_at, "pinned": post.pinned,
            "comments_closed": post.comments_closed, "body_html": post.body_html, "comment_count": comment_count,
        }


class PostDetailOut(PostOut):
    body: str


class PostPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PostOut]


class PostFilters(Schema):
    tag: SearchText = Field("", max_length=60)
    page: int = Field(1, ge=1, le=10000)


@router.get("/posts", response=PostPage, auth=optional_auth, summary="Posts you may read, pinned first, newest first (public; members-only posts for approved members)")
def list_posts(request: PublicRequest, filters: Query[PostFilters], lang: Code | None = None):
    """With `?lang=`: each post's title and body in that language when a version (or a cached
    machine translation) exists, else the original; `shown_language` and `translated_by` say which."""
    posts = queries.posts_visible_to(request.auth)
    if filters.tag:
        posts = posts.filter(tags__slug=filters.tag)
    paginator = Paginator(posts, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    counts = _comment_counts([p.pk for p in page])
    results = [PostOut(**PostOut.fields_of(p, counts.get(p.pk, 0))) for p in page]
    if lang is not None and results:
        _in_language(list(page), results, lang)
    return PostPage(count=paginator.count, page=page.number, pages=paginator.num_pages, results=results)


def _in_language(posts: list[Post], out: list[Any], lang: str) -> None:
    """Title and body of each post as `?lang=` shows them (body_html rendered from that body)."""
    shown = translations.shown_for(None, "post", posts, target=lang, original=False)
    for post, item in zip(posts, out, strict=True):
        text = shown[post.pk]
        item.shown_language, item.translated_by = text.language, text.origin
        if text.translated:
            item.title, item.body_html = text["title"], render_markdown(text["body"])
            if isinstance(item, PostDetailOut):
                item.body = text["body"]


def _comment_counts(post_ids: list[int]) -> dict[int, int]:
    """post id → comments a reader can read: neither deleted nor hidden by moderation."""
    readable = Comment.objects.filter(post_id__in=post_ids, deleted_at=None, hidden_at=None)
    return dict(readable.values("post_id").annotate(n=Count("id")).values_list("post_id", "n").order_by())


@router.get("/posts/{slug}", response=PostDetailOut, auth=optional_auth, summary="One post with its markdown (public; members-only posts for approved members)")
def get_post(request: PublicRequest, slug: str, lang: Code | None = None):
    """With `?lang=`: title and body in that language when a version (or a cached machine
    translation) exists, else the original; `shown_language` and `translated_by` say which."""
    post = queries.post_for(request.auth, slug)
    out = PostDetailOut(**PostOut.fields_of(post, _comment_counts([post.pk]).get(post.pk, 0)), body=post.body)
    if lang is not None:
        _in_language([post], [out], lang)
    return out


# --- comments --------------------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    parent: int | None
    author_name: str
    body_html: str
    deleted: bool
    hidden: bool
    edited: bool
    created_at: datetime
    shown_language: str = Field(default="", description="with ?lang=: the language of the member's text as returned")
    translated_by: str = Field(default="original", description="with ?lang=: original, author, secretariat or machine")


def _comment_out(comment: Comment, viewer: Viewer) -> CommentOut:
    """Deleted comments, and hidden ones for everyone but staff, are placeholders: no text,
    no author (as on the post page)."""
    placeholder = comment.is_deleted or (comment.is_hidden and not getattr(viewer, "is_staff", False))
    return CommentOut(
        id=comment.pk, parent=comment.parent_id,
        author_name="" if placeholder or comment.author is None else comment.author.display_name,
        body_html="" if placeholder else comment.body_html, deleted=comment.is_deleted, hidden=comment.is_hidden,
        edited=comment.edited_at is not None, created_at=comment.created_at,
    )


@router.get("/posts/{slug}/comments", response=list[CommentOut], auth=optional_auth, summary="The comments of a post, oldest first (public, as the post)")
def list_comments(request: PublicRequest, slug: str, lang: Code | None = None):
    """With `?lang=`: each readable comment's body in that language when a machine translation
    is cached, else the original; `shown_language` and `translated_by` say which."""
    post = queries.post_for(request.auth, slug)
    flat = sorted((c for top in queries.thread(post) for c in (top, *top.replies.all())), key=lambda c: (c.created_at, c.pk))
    out = [_comment_out(c, request.auth) for c in flat]
    if lang is not None:
        readable = [c for c, o in zip(flat, out, strict=True) if o.body_html]
        shown = translations.shown_for(None, "comment", readable, target=lang, original=False) if readable else {}
        for comment, item in zip(flat, out, strict=True):
            if comment.pk in shown:
                text = shown[comment.pk]
                item.shown_language, item.translated_by = text.language, text.origin
                if text.translated:
                    item.body_html = render_markdown(text["body"])
    return out


class CommentIn(Schema):
    body: PlainText = Field(..., max_length=5000)
    parent: Id | None = None


def _parent(parent_id: int | None) -> Comment | None:
    """Any comment: add_comment refuses one of another post."""
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None:
        raise ValidationError({"parent": [forms.ModelChoiceField.default_error_messages["invalid_choice"]]})
    return parent


@router.post("/posts/{slug}/comments", response={201: CommentOut}, auth=member_auth, summary="Comment on a post, or reply to a comment (approved members)")
def create_comment(request: MemberRequest, slug: str, payload: CommentIn):
    post = queries.post_for(request.auth, slug)
    require_approved(request)
    ratelimit.check(request.auth, "comment")
    comment = services.add_comment(request.auth, post, body=payload.body, parent=_parent(payload.parent))
    return Status(201, _comment_out(comment, request.auth))


class CommentPatch(Schema):
    body: PlainText = Field(..., max_length=5000)


@router.patch("/comments/{comment_id}", response=CommentOut, auth=member_auth, summary="Edit your comment within 15 minutes (its author if an approved member; staff any time)")
def edit_comment(request: MemberRequest, comment_id: Id, payload: CommentPatch):
    comment = queries.comment_for(request.auth, comment_id)
    require_approved(request)
    return _comment_out(services.edit_comment(request.auth, comment, body=payload.body), request.auth)


@router.delete("/comments/{comment_id}", response={204: None}, auth=member_auth, summary="Remove a comment, leaving a placeholder (its author if an approved member; staff)")
def delete_comment(request: MemberRequest, comment_id: Id):
    comment = queries.comment_for(request.auth, comment_id)
    require_approved(request)
    services.delete_comment(request.auth, comment)
    return Status(204, None)
