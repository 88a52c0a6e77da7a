"""Database connections persist across requests (CONN_MAX_AGE, with health checks), on
SQLite as on PostgreSQL. Tests keep one connection anyway, so this runs in a real process."""

import os
import subprocess
import sys

DROP = ("DATABASE_URL", "SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
SCRIPT = """
from django.db import connection
from django.test import Client
Client(HTTP_HOST="localhost").get("/healthz")
first = connection.connection
Client(HTTP_HOST="localhost").get("/healthz")
print(first is not None and first is connection.connection, connection.settings_dict["CONN_HEALTH_CHECKS"])
"""


def test_a_sqlite_connection_is_kept_between_requests(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update({"KAKEHASHI_DATA_DIR": str(tmp_path), "DEBUG": "1"})

    result = subprocess.run(
        [sys.executable, "-m", "kakehashi.cli", "shell", "--no-imports", "-c", SCRIPT],
        env=env, capture_output=True, text=True, timeout=120,
    )

    assert result.stdout.strip().splitlines()[-1] == "True True", result.stderr
