"""Thousands of ids in one query parameter, for `object_id__in=`.

A search reads the vectors and texts of a few thousand candidates. As an `IN (%s, %s, …)`
list the ORM builds and the database parses one parameter per id; SQLite's `json_each` and
PostgreSQL's arrays take the whole list as one parameter and still use the index on
`object_id` (SQLite: `EXPLAIN QUERY PLAN` shows a search of the unique index)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL


def one_parameter(object_ids: Iterable[int]) -> RawSQL | list[int]:
    ids = [int(i) for i in object_ids]
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids
