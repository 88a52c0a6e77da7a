"""Permission-checked reads of the matching engine.

Contract for the opportunities app:
- `rank_opportunities(text, queryset, limit)` -> list of (opportunity id, score), best first,
  restricted to the ids in `queryset` (already permission-filtered by the caller).
- `matches_for(opportunity, viewer)` -> the explained matches the viewer may see.
"""
