"""Production (DEBUG=0) static files: `collectstatic` writes the manifest, and the hashed,
compressed files go out with far-future caching. Run in real `kakehashi` processes, as
settings choose the storage when they load."""

import json
import os
import subprocess
import sys

DROP = ("DATABASE_URL", "SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
SCRIPT = """
import json
from django.templatetags.static import static
from django.test import Client
url = static("kakehashi/site.css")
r = Client(HTTP_HOST="kakehashi.example.org").get(url, HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps([url, r.status_code, r.headers.get("Cache-Control"), r.headers.get("Content-Encoding")]))
"""


def _kakehashi(*args: str, data_dir) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    env.update({
        "KAKEHASHI_DATA_DIR": str(data_dir), "DEBUG": "0", "HTTPS": "0", "ALLOWED_HOSTS": "kakehashi.example.org",
        "SECRET_KEY": "k" * 20 + "-production-secret-key-of-sufficient-length-0123456789",
    })
    return subprocess.run([sys.executable, "-m", "kakehashi.cli", *args], env=env, capture_output=True, text=True, timeout=300)


def test_production_collectstatic_writes_the_manifest_and_serves_hashed_files_for_a_year(tmp_path):
    collected = _kakehashi("collectstatic", "--noinput", "-v", "0", data_dir=tmp_path)
    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["kakehashi/site.css"]

    served = _kakehashi("shell", "--no-imports", "-c", SCRIPT, data_dir=tmp_path)

    assert json.loads(served.stdout.strip().splitlines()[-1]) == [
        f"/static/{hashed}", 200, "max-age=315360000, public, immutable", "gzip"
    ], served.stderr
