import pytest

from .helpers import blocks_of, build_world, set_grid

__all__ = ["blocks_of", "set_grid"]


@pytest.fixture
def world(db):
    return build_world()
