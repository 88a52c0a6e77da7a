"""Matches between opportunities, built on the domain-free matching engine.

__init__.py    COLLECTION, the name of the opportunities' collection in the engine

collection.py  registers the "opportunity" collection with the engine (its documents, live
               ids, visibility) and forgets deleted opportunities at once
ranking.py     the domain rules: complementary kinds, the owners' constraints (target
               countries, ticket sizes, TRL) both ways, the score led by the texts, labels
evaluation.py  `kakehashi eval-matches`: the ranking against judged pairs of opportunities
services.py    `opportunity_changed` (after commit), the cached `Match` rows, reindex hook
queries.py     `matches_for` (permission-checked), `pair_for`, `saved_for`, `is_embedded`;
               free-text search is `rank_opportunities` in opportunities/queries.py
feedback.py    what an organisation does with a match: save / unsave, dismiss / restore
digests.py     the daily e-mail of new strong matches to approved members
api.py         GET /api/v1/opportunities/{reference}/matches, saving and dismissing, the saved list
"""

COLLECTION = "opportunity"  # stored with every vector: never rename
