"""Posts, comments, follows and in-site notifications of the members' community."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.languages import LANGUAGES
from kakehashi.core.models import TimeStampedModel


class Tag(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:tag", args=[self.slug])


class Post(TimeStampedModel):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        SESSION_WRITEUP = "session_writeup", _("Session write-up")
        ANNOUNCEMENT = "announcement", _("Announcement")
        GUIDE = "guide", _("Guide")

    class Topic(models.TextChoices):
        """What a guide is about (the guides page groups by it); empty for other kinds."""

        EASE_OF_BUSINESS = "ease_of_business", _("Ease of doing business")
        BUSINESS_CULTURE = "business_culture", _("Business culture")
        VISAS = "visas", _("Visas and residence")
        COMPANY_SETUP = "company_setup", _("Setting up a company")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    body = models.TextField(_("text"), max_length=50_000, help_text=_("Markdown: **bold**, *italic*, lists, links, tables."))
    body_html = models.TextField(editable=False)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    topic = models.CharField(_("guide topic"), max_length=20, choices=Topic.choices, blank=True, help_text=_("Guides only."))
    visibility = models.CharField(_("who can read it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True, help_text="Hidden by moderation.")
    view_count = models.PositiveIntegerField(default=0, editable=False)
    # New-post notifications: claimed (announced_at) by one worker, finished (announce_done_at)
    # when every follower of its tags is notified. A claim older than the lease without
    # `announce_done_at` is taken again (the worker died), see fanout.announce_due_posts.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    announce_done_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        indexes = [
            models.Index(fields=["visibility", "published_at"]),
            models.Index(fields=["announce_done_at", "published_at"], name="post_announce_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:post", args=[self.slug])

    def clean(self) -> None:
        if self.topic and self.kind != self.Kind.GUIDE:
            raise ValidationError({"topic": _("Only a guide has a topic.")})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class Comment(TimeStampedModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.post_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostFollow(models.Model):
    """'E-mail me when people leave comments'. A row with active=False remembers that the
    member switched it off, so commenting again does not switch it back on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_follows")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_follow_per_post")]
        indexes = [models.Index(fields=["post", "active"])]


class TagFollow(models.Model):
    """A member follows a tag: every post and comment, or new posts only. Switching it off
    deletes the row."""

    class Level(models.TextChoices):
        ALL = "all", _("Every post and comment")
        NEW_POSTS = "new_posts", _("New posts only")
        OFF = "off", _("Off")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="follows")
    level = models.CharField(_("level"), max_length=10, choices=[c for c in Level.choices if c[0] != "off"])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tag__name"]
        constraints = [models.UniqueConstraint(fields=["user", "tag"], name="one_follow_per_tag")]
        indexes = [models.Index(fields=["tag", "level"])]


class NotificationSettings(models.Model):
    """Per-member switches for notifications that do not come from a follow. No row: the
    defaults (both on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_settings")
    replies = models.BooleanField(_("replies to my comments"), default=True)
    mentions = models.BooleanField(_("mentions of my @handle"), default=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("replied to you")
        MENTION = "mention", _("mentioned you")
        COMMENT = "comment", _("commented on a post you follow")
        NEW_POST = "new_post", _("published a post in a tag you follow")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One notification per person and comment, however many rules matched …
            models.UniqueConstraint(
                fields=["recipient", "comment"], condition=models.Q(comment__isnull=False), name="one_notification_per_comment"
            ),
            # … and per person, post and kind for a post itself (a new post, a mention in it).
            models.UniqueConstraint(
                fields=["recipient", "post", "kind"], condition=models.Q(comment__isnull=True),
                name="one_notification_per_post_event",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def get_absolute_url(self) -> str:
        if self.comment_id:  # the comment's lasting address: it redirects to the right page
            return reverse("community:comment", args=[self.comment_id])
        return self.post.get_absolute_url()


class Flag(models.Model):
    """A member reports a comment or a post. Open until staff review it."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFF_TOPIC = "off_topic", _("Off-topic")
        INAPPROPRIATE = "inappropriate", _("Inappropriate")
        OTHER = "other", _("Something else")

    class Resolution(models.TextChoices):
        KEPT = "kept", _("Kept")
        HIDDEN = "hidden", _("Hidden")
        DELETED = "deleted", _("Deleted")
        WARNED = "warned", _("Author warned")
        SUSPENDED = "suspended", _("Author suspended")

    flagger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["flagger", "comment"], condition=models.Q(comment__isnull=False), name="one_flag_per_comment"),
            models.UniqueConstraint(fields=["flagger", "post"], condition=models.Q(post__isnull=False), name="one_flag_per_post"),
            models.CheckConstraint(
                condition=models.Q(comment__isnull=False, post__isnull=True) | models.Q(comment__isnull=True, post__isnull=False),
                name="flag_targets_one_thing",
            ),
        ]


class DigestRun(models.Model):
    """One digest e-mail sent to one member: what it covered. The next one starts where
    this one ended, so every notification is in exactly one digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_runs")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField(db_index=True)
    notifications = models.PositiveIntegerField()

    class Meta:
        ordering = ["-period_end"]
        constraints = [models.UniqueConstraint(fields=["user", "period_end"], name="one_digest_per_period_end")]
