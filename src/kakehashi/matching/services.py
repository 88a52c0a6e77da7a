"""Every write of the matching engine: embeddings, index updates, cached matches.

Contract for other apps (call after commit, e.g. from `transaction.on_commit`):
`opportunity_changed(id)` whenever an opportunity is created, edited or changes status;
`opportunity_removed(id)` when it is deleted. Both return at once; the work runs in a task.
"""

from django.db import transaction


def opportunity_changed(opportunity_id: int) -> None:
    """Re-embed (if the text changed) and recompute the matches of this opportunity, after commit."""
    from . import tasks

    transaction.on_commit(lambda: tasks.refresh_opportunity.enqueue(opportunity_id=opportunity_id))


def opportunity_removed(opportunity_id: int) -> None:
    opportunity_changed(opportunity_id)


def refresh_opportunity(opportunity_id: int) -> None:
    """Embed, index and match one opportunity (implemented with the engine)."""
