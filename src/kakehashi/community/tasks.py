"""Thin tasks: take ids, call the fan-out."""

from django_tasks import task

from . import fanout


@task()
def fan_out_comment(*, comment_id: int, mentions_only: bool = False) -> int:
    return fanout.fan_out_comment(comment_id, mentions_only=mentions_only)


@task()
def announce_post(*, post_id: int) -> int:
    return fanout.announce_post(post_id)


@task()
def notify_post_mentions(*, post_id: int) -> int:
    return fanout.notify_post_mentions(post_id)
