"""The API contract is code: docs/openapi.json is the schema the code generates."""

import json
from pathlib import Path

from kakehashi.api import api

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_schema_matches_the_code():
    generated = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))

    assert generated == json.loads(COMMITTED.read_text()), (
        "regenerate: kakehashi export_openapi_schema --api kakehashi.api.api --indent 2 --output docs/openapi.json"
    )
