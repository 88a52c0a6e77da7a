"""The real settings, with the environment a test run needs set first.

Tests speak plain HTTP to the test client and the live server; SecurityMiddleware reads its
settings once, when the live server starts, so this must be in the environment before
Django loads settings (pytest-django sets Django up before any conftest runs).
"""

import os

os.environ.setdefault("HTTPS", "0")

from kakehashi.settings import *  # noqa: F403

# Pages render from the apps' static folders, with no collection to run first; production's
# manifest storage is tested in a subprocess (tests/core/test_static_files.py).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True

# Argon2 is slow on purpose; tests hash hundreds of passwords. Production keeps Argon2
# (tests/core/test_operations.py::test_production_hashes_passwords_with_argon2).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A base index file counts as built through its start, as before the settle margin for
# several nodes (index.py): tests that fold a delta expect it empty afterwards. The real
# margin is exercised by real processes (tests/matching/test_nodes.py).
INDEX_SETTLE_SECONDS = 0.0
