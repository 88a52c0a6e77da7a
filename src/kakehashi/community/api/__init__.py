"""API for the members' community: posts, comments, follows, notifications, flags and the
moderation queue. One router, its operations in one module per concept. Every operation
states its permission: public (auth=None; what the session user may read), signed in
(member_auth), approved member, author or staff.

Public reads use the session user (`request.user`); bearer tokens are only read by
operations that declare `member_auth`."""

from ninja import Router

router = Router(tags=["community"])

PAGE_SIZE = 50

from . import posts, follows, moderation  # noqa: E402,F401  (they add their operations to the router)
