"""Programme figures of community (staff only): posts published by kind. A post counts
when it was published; the country filter keeps posts of organisations of that country."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kakehashi.core.figures import Filters, Table, counts, labelled, require_staff

from .models import Post


def tables(viewer: Any, filters: Filters) -> list[Table]:
    require_staff(viewer)
    posts = Post.objects.filter(published_at__isnull=False, hidden_at__isnull=True).filter(
        filters.within("published_at"), filters.in_country("organisation__country")
    )
    return [Table("posts_by_kind", _("Posts published by kind"), labelled(Post.Kind.choices, counts(posts, "kind")))]
