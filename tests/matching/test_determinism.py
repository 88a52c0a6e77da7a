"""The same data gives the same index file and the same rankings, build after build."""

from pathlib import Path

import numpy as np
import pytest

from kakehashi.matching import encoders, engine, index
from kakehashi.matching.models import Embedding

pytestmark = pytest.mark.django_db

SIZE = 2000
LANGUAGES = ("en", "ja", "hi")


def _store_random_vectors() -> None:
    rng = np.random.default_rng(11)
    for encoder in encoders.active():
        matrix = rng.standard_normal((SIZE, encoder.dim)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        # Written in a shuffled order: the build must not depend on the order rows come back.
        Embedding.objects.bulk_create(
            [
                Embedding(collection="det", object_id=int(i) + 1, part=0, encoder=encoder.name, version=encoder.version,
                          language=LANGUAGES[int(i) % 3], text_hash=str(i), vector=matrix[i].tobytes())
                for i in rng.permutation(SIZE)
            ],
            batch_size=1000,
        )


def _build_and_search(settings, directory: Path) -> tuple[dict[str, bytes], list[list[int]], list[list[tuple[int, float]]]]:
    settings.MATCHING_INDEX_DIR = directory
    index.drop_cached()
    files = {}
    for encoder in encoders.active():
        index.build("det", encoder.name, encoder.version)
        files[encoder.name] = (directory / f"det.{encoder.name}.usearch").read_bytes()
    rng = np.random.default_rng(5)
    neighbours, rankings = [], []
    for k in range(20):
        vectors = {}
        for encoder in encoders.active():
            vector = rng.standard_normal(encoder.dim).astype(np.float32)
            vectors[encoder.name] = vector / np.linalg.norm(vector)
        query = engine.Query(LANGUAGES[k % 3], vectors)
        first = encoders.active()[0]
        neighbours.append(index.search("det", first.name, first.version, vectors[first.name], query.language, 100))
        rankings.append([(h.object_id, round(h.score, 6)) for h in engine.rank("det", query, limit=20)])
    return files, neighbours, rankings


def test_building_the_index_twice_gives_the_same_file_and_the_same_rankings(settings, tmp_path):
    _store_random_vectors()

    files_a, neighbours_a, rankings_a = _build_and_search(settings, tmp_path / "a")
    files_b, neighbours_b, rankings_b = _build_and_search(settings, tmp_path / "b")

    assert files_a == files_b
    assert neighbours_a == neighbours_b
    assert rankings_a == rankings_b
    assert all(len(found) == 100 for found in neighbours_a)
