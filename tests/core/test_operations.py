"""What an operator relies on: /healthz, the deploy check, the `kakehashi` command."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def _kakehashi(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    full_env.update({"KAKEHASHI_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "kakehashi.cli", *args, *(["--no-imports"] if args[0] == "shell" else [])], env=full_env, capture_output=True, text=True, timeout=120
    )


def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    script = (
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    result = _kakehashi(
        "shell", "-c", script,
        env={"DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DEBUG": "1", "CONN_MAX_AGE": "0"},
        tmp_path=tmp_path,
    )

    assert result.stdout.strip() == '503 {"status": "unavailable", "database": "unreachable"}', result.stderr


def test_deploy_check_reports_nothing_with_production_settings(tmp_path):
    result = _kakehashi(
        "check", "--deploy", "--fail-level", "WARNING",
        env={"DEBUG": "0", "SECRET_KEY": "k" * 20 + "-production-secret-key-of-sufficient-length-0123456789", "ALLOWED_HOSTS": "kakehashi.example.org"},
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_when_secret_key_is_not_set(tmp_path):
    result = _kakehashi(
        "check", "--deploy", "--fail-level", "WARNING",
        env={"DEBUG": "0", "ALLOWED_HOSTS": "kakehashi.example.org"},
        tmp_path=tmp_path,
    )

    assert result.returncode == 1
    assert "kakehashi.W001" in result.stderr


def test_a_malformed_setting_fails_loudly_at_start(tmp_path):
    result = _kakehashi("check", env={"DEBUG": "maybe"}, tmp_path=tmp_path)

    assert result.returncode == 1
    assert "maybe" in result.stderr


def test_a_short_secret_key_is_refused(tmp_path):
    result = _kakehashi("check", env={"SECRET_KEY": "short"}, tmp_path=tmp_path)

    assert result.returncode == 1
    assert "SECRET_KEY must be at least 50 characters long." in result.stderr


def test_secret_key_file_is_read(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("f" * 60 + "\n")
    result = _kakehashi(
        "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
        env={"SECRET_KEY_FILE": str(key_file)}, tmp_path=tmp_path,
    )

    assert result.stdout.strip() == "f" * 60


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Kakehashi API"


def test_api_docs_are_served_without_a_cdn(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"cdn." not in response.content
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content


def test_production_hashes_passwords_with_argon2(tmp_path):
    result = _kakehashi(
        "shell", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])", env={}, tmp_path=tmp_path
    )

    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"
