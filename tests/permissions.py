"""Helpers of the page permission matrices: one row per (method, path) with the outcome for
every actor; an outcome is a status code, or ("redirect", "login" | a path)."""

import pytest


def matrix_params(rows, actors):
    """pytest params (method, path, actor, expected) for every row and actor; each row must
    say what happens to every actor."""
    for method, path, outcomes in rows:
        assert set(outcomes) == set(actors), path
        for actor in actors:
            yield pytest.param(method, path, actor, outcomes[actor], id=f"{method} {path} {actor}")


def assert_outcome(response, expected, url: str) -> None:
    if isinstance(expected, tuple):
        target = f"/accounts/login/?next={url}" if expected[1] == "login" else expected[1]
        assert (response.status_code, response.headers.get("Location")) == (302, target)
    else:
        assert response.status_code == expected
