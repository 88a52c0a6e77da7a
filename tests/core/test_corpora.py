"""tests/corpora.py: a clone without ../shared skips the corpus checks with a printed reason,
CI fails instead, and a clone with it runs them. Each case is a real pytest run on a copy of
the helper in a temporary checkout."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import corpora

USES_CORPUS = '''
import pytest

from tests.corpora import BLNS, blns, params


def test_reads_the_strings():
    assert blns() == ["<script>alert(0)</script>", "零"]


@pytest.mark.parametrize("line", params(BLNS, lambda path: path.read_text().split("\\n")[:2]))
def test_parametrized_by_the_corpus(line):
    assert line in ("# comment", "<script>alert(0)</script>")
'''


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    checkout = tmp_path / "clone"
    (checkout / "tests").mkdir(parents=True, exist_ok=True)
    (checkout / "tests" / "__init__.py").write_text("")
    shutil.copy(Path(corpora.__file__), checkout / "tests" / "corpora.py")
    (checkout / "tests" / "test_uses_corpus.py").write_text(USES_CORPUS)
    drop = ("CI", "DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS")
    full_env = {k: v for k, v in os.environ.items() if k not in drop} | {"PYTHONPATH": str(checkout), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", "-p", "no:django", "-q", str(checkout / "tests")],
        check=False, cwd=checkout, env=full_env, capture_output=True, text=True, timeout=120,
    )


def test_corpus_checks_are_skipped_with_the_reason_when_shared_is_missing(tmp_path):
    result = _run(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 skipped" in result.stdout
    assert result.stdout.count("../shared/eval not beside the checkout: the BLNS corpus checks are skipped") == 2


@pytest.mark.parametrize("value", ["1", "true"])
def test_corpus_checks_fail_under_ci_when_shared_is_missing(tmp_path, value):
    result = _run(tmp_path, CI=value)

    assert result.returncode != 0
    assert "CI must run the BLNS corpus checks" in result.stdout
    assert "skipped" not in result.stdout


def test_corpus_checks_run_when_shared_is_beside_the_checkout(tmp_path):
    blns = tmp_path / "shared" / "eval" / "adversarial" / "blns" / "blns.txt"
    blns.parent.mkdir(parents=True)
    blns.write_text("# comment\n<script>alert(0)</script>\n\n   \n零\n", encoding="utf-8")

    result = _run(tmp_path, CI="1")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_the_corpora_are_looked_for_beside_the_repository_root():
    assert Path(__file__).resolve().parents[2].parent / "shared" / "eval" == corpora.EVAL


def test_the_blns_sample_has_every_category_and_the_longest_string():
    strings, sample = corpora.blns(), corpora.blns_sample()

    assert sample[:3] == ["undefined", "\\\\", "0"]  # the first and last reserved strings, the first numeric one
    assert strings[0] == "undefined"
    assert max(strings, key=len) in sample
    assert {"<script>alert(0)</script>", "1;DROP TABLE users", "\ufeff", "表ポあA鷗ŒéＢ逍Üßªąñ丂㐀𠀀"} <= set(sample)
    assert set(sample) < set(strings) and len(sample) < len(strings) / 5
