"""The ranking's calibration with every language competing: a document pays its language
pair's baseline (measured from the collection's neighbourhoods) and nothing more."""

import numpy as np
import pytest

from kakehashi.matching import encoders, engine
from kakehashi.matching.models import Embedding, Neighbourhood

pytestmark = pytest.mark.django_db


def test_offset_is_the_pair_baseline_centred_over_the_collections_languages():
    stats = engine.Baseline(
        towards={"en": 2.5, "ja": 2.5},
        pair={("en", "en"): 3.0, ("en", "ja"): 2.0, ("ja", "en"): 1.8, ("ja", "ja"): 3.2},
    )

    assert stats.offset("en", "en") == pytest.approx(0.5)
    assert stats.offset("en", "ja") == pytest.approx(-0.5)
    assert stats.offset("ja", "ja") == pytest.approx(0.7)
    assert stats.offset("ja", "en") == pytest.approx(-0.7)


def test_offset_leaves_out_languages_with_too_few_documents_to_measure_a_baseline():
    stats = engine.Baseline(
        towards={},
        pair={("en", "en"): 3.0, ("en", "ja"): 2.0, ("en", "hi"): 0.5, ("hi", "en"): 0.5, ("hi", "hi"): 0.0},
        documents={"en": 30, "ja": 20, "hi": 19},
    )

    # Hindi (19 documents): no offset, and not part of the mean the others are centred on.
    assert stats.offset("en", "hi") == 0.0
    assert stats.offset("hi", "en") == 0.0
    assert stats.offset("en", "en") == pytest.approx(0.5)
    assert stats.offset("en", "ja") == pytest.approx(-0.5)
    # A query in a language without documents: no measured pair, no offset.
    assert stats.offset("ko", "en") == 0.0


def test_offset_is_zero_before_any_neighbourhood_is_computed():
    assert engine.Baseline(towards={}, pair={}).offset("en", "ja") == 0.0


def _store(object_id: int, language: str, z: float, axis: int) -> None:
    """A document whose calibrated similarity to the query (the first axis) is exactly z:
    for every encoder, cosine = background mean + z × spread."""
    for encoder in encoders.active():
        mean, spread = engine.background(encoder.name)
        cosine = mean + z * spread
        vector = np.zeros(encoder.dim, dtype=np.float32)
        vector[0], vector[axis] = cosine, np.sqrt(1 - cosine**2)
        Embedding.objects.create(
            collection="cal", object_id=object_id, part=0, encoder=encoder.name, version=encoder.version,
            language=language, text_hash=str(object_id), vector=vector.tobytes(),
        )


def _query() -> engine.Query:
    vectors = {}
    for encoder in encoders.active():
        vector = np.zeros(encoder.dim, dtype=np.float32)
        vector[0] = 1.0
        vectors[encoder.name] = vector
    return engine.Query("en", vectors)


@pytest.fixture
def collection():
    # Candidates 1–3: an English sentence a little closer than the translation, the
    # Japanese translation, and an English document far closer than both; all of average
    # density (2.5 towards each language).
    _store(1, "en", 3.0, 1)
    _store(2, "ja", 2.8, 2)
    _store(3, "en", 4.0, 3)
    _store(4, "ja", 0.0, 4)
    for object_id in (1, 2, 3, 4):
        Neighbourhood.objects.create(collection="cal", object_id=object_id, values={"en": 2.5, "ja": 2.5})
    # The rest of the collection (20 documents per language): English texts sit close to
    # English ones, Japanese to Japanese, so that over 22 documents per language the pair
    # baselines are en→en 3.0, en→ja 2.0, ja→en 2.0, ja→ja 3.0.
    for k in range(40):
        object_id, language = 100 + k, ("en", "ja")[k % 2]
        _store(object_id, language, 0.0, 5)
        near, far = 3.05, 1.95
        values = {"en": near, "ja": far} if language == "en" else {"en": far, "ja": near}
        Neighbourhood.objects.create(collection="cal", object_id=object_id, values=values)


def test_baseline_is_read_from_the_stored_neighbourhoods(collection):
    stats = engine.baseline("cal")

    assert stats.towards == pytest.approx({"en": 2.5, "ja": 2.5})
    assert stats.pair == pytest.approx({("en", "en"): 3.0, ("en", "ja"): 2.0, ("ja", "en"): 2.0, ("ja", "ja"): 3.0})
    assert stats.documents == {"en": 22, "ja": 22}


def test_same_language_document_must_beat_the_translation_by_more_than_the_baseline(collection):
    hits = engine.rank("cal", _query(), allowed={1, 2, 3})

    # score = similarity − BETA × density − offset: the English documents pay +0.5, the
    # Japanese one gains 0.5 (pair baselines 3.0 and 2.0 around their mean 2.5).
    density = engine.BETA * 2.5
    assert [h.object_id for h in hits] == [3, 2, 1]
    assert [h.score for h in hits] == pytest.approx([4.0 - density - 0.5, 2.8 - density + 0.5, 3.0 - density - 0.5], abs=1e-4)
    assert [h.similarity for h in hits] == pytest.approx([4.0, 2.8, 3.0], abs=1e-4)
    # adjusted: the score plus BETA × the average density towards English (2.5).
    assert [h.adjusted for h in hits] == pytest.approx([3.5, 3.3, 2.5], abs=1e-4)


def test_a_search_restricted_to_one_language_is_not_changed_by_the_offset(collection):
    hits = engine.rank("cal", _query(), allowed={1, 2, 3}, languages={"en"})

    assert [h.object_id for h in hits] == [3, 1]
    assert hits[0].score - hits[1].score == pytest.approx(1.0, abs=1e-4)  # exactly the similarity gap


def test_document_without_a_neighbourhood_gets_its_languages_average_density(collection):
    Neighbourhood.objects.filter(collection="cal", object_id=2).delete()
    engine._density_cache.clear()

    hits = {h.object_id: h for h in engine.rank("cal", _query(), allowed={2})}

    # Japanese documents' average density towards English, now over the other 21.
    average = (2.5 + 20 * 1.95) / 21
    assert engine.baseline("cal").pair[("ja", "en")] == pytest.approx(average)
    offset = engine.baseline("cal").offset("en", "ja")
    assert offset == pytest.approx(-0.5)  # English queries' baselines are unchanged
    assert hits[2].score == pytest.approx(2.8 - engine.BETA * average - offset, abs=1e-4)
