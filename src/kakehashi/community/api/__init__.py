"""API for the members' community: posts, comments, follows, notifications, flags and the
moderation queue. One router, its operations in one module per concept. Every operation
states its permission: public (optional_auth; what the caller may read), signed in
(member_auth), approved member, author or staff.

Public reads see what their caller may see: the bearer token's owner, else the session
user, else an anonymous visitor (`request.auth`)."""

from ninja import Router

router = Router(tags=["community"])

PAGE_SIZE = 50

from . import follows, moderation, posts  # noqa: E402,F401  (they add their operations to the router)
