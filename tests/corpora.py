"""The evaluation corpora of `../shared/eval`, the folder beside the checkout.

`../shared/eval` holds the Big List of Naughty Strings (adversarial/blns/blns.txt) and the
Tatoeba sentence pairs (parallel/*.tsv). A clone without that folder skips the checks that
need it, with the reason in the summary; CI (the environment variable CI is set) has the
folder, so a missing corpus fails there instead of being skipped quietly.
"""

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
BLNS = "adversarial/blns/blns.txt"


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_reason(name: str = "BLNS") -> str:
    return f"../shared/eval not beside the checkout: the {name} corpus checks are skipped"


def path(relative: str, *, name: str = "BLNS") -> Path:
    """The corpus file; skips the calling test when it is missing (fails under CI)."""
    file = EVAL / relative
    if file.is_file():
        return file
    if under_ci():
        pytest.fail(f"{file} is missing: CI must run the {name} corpus checks", pytrace=False)
    pytest.skip(skip_reason(name))


def blns() -> list[str]:
    """The naughty strings: every line that is not empty, blank or a comment."""
    # Split on "\n" only: some strings contain other line separators (U+2028, U+0085, \x0b …).
    lines = path(BLNS).read_bytes().decode("utf-8").split("\n")
    return [line for line in lines if line.strip() and not line.startswith("#")]


def blns_sample() -> list[str]:
    """A few naughty strings from every category, for the checks that go through a whole HTTP
    request or page: the first and the last string under each `#` heading, and the longest.
    The same properties are checked for every string (`blns()`) at the layer that decides
    them (form, service, validator), which is thousands of times faster."""
    lines = path(BLNS).read_bytes().decode("utf-8").split("\n")
    sections: list[list[str]] = []
    after_comment = True
    for line in lines:
        if line.startswith("#"):
            after_comment = True
        elif line.strip():
            if after_comment:
                sections.append([])
                after_comment = False
            sections[-1].append(line)
    chosen = [s for section in sections for s in dict.fromkeys((section[0], section[-1]))]
    longest = max((s for section in sections for s in section), key=len)
    return list(dict.fromkeys([*chosen, longest]))


def params(relative: str, load: Any, *, name: str = "BLNS") -> list[Any]:
    """Values for `pytest.mark.parametrize` read at collection time: `load(path)`'s items,
    or one skipped item when the corpus is missing (a collection error under CI)."""
    file = EVAL / relative
    if file.is_file() or under_ci():
        return list(load(path(relative, name=name)))
    return [pytest.param(None, id="corpus-missing", marks=pytest.mark.skip(reason=skip_reason(name)))]
