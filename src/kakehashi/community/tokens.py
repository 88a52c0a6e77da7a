"""Signed one-click unsubscribe tokens (RFC 8058): each names exactly what it switches off.

- a post follow: `{"u": user, "p": post}` (comments on that post),
- tag follows: `{"u": user, "t": [tag ids], "l": level}` (lower them to `level`),
- a kind: `{"u": user, "k": "reply" | "mention"}` (replies to me, mentions of me).
"""

from typing import Any

from django.core import signing

from kakehashi.core.links import absolute_url

SALT = "kakehashi.community.unsubscribe"


def _dump(data: dict[str, Any]) -> str:
    return signing.dumps(data, salt=SALT, compress=True)


def unsubscribe_token(user_id: int, post_id: int) -> str:
    return _dump({"u": user_id, "p": post_id})


def tag_token(user_id: int, tag_ids: list[int], level: str) -> str:
    return _dump({"u": user_id, "t": sorted(tag_ids), "l": level})


def kind_token(user_id: int, kind: str) -> str:
    return _dump({"u": user_id, "k": kind})


def load(token: str) -> dict[str, Any]:
    """The token's data; raises signing.BadSignature when it was not made by us."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("malformed")
    return data


def url(token: str) -> str:
    return absolute_url("community:unsubscribe", token)
