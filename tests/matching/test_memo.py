"""What a process keeps between searches (memo.py, the kept query vectors) is never stale:
a save or a forget gives the collection a new token, and the next search reads the new
vectors; a collection without a token keeps nothing; a query is encoded once per text, by
the encoders that read its language only."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.matching import encoders, engine, memo, queries, store
from kakehashi.matching.models import CollectionStamp

pytestmark = pytest.mark.django_db

TEXTS = {
    1: ("en", "Precision CNC machining of automotive brake parts"),
    2: ("ja", "自動車用ブレーキ部品の精密CNC加工"),
    3: ("en", "Organic cotton garments for fashion brands"),
    4: ("hi", "फैशन ब्रांडों के लिए जैविक सूती कपड़े"),
    5: ("en", "Generic tablets made in a GMP-certified plant"),
}
BATTERIES = "Lithium-ion battery cells for electric scooters"
ALL = {1, 2, 3, 4, 5, 6}


def _save(texts):
    store.save("test", [store.Document(pk, lang, (text,)) for pk, (lang, text) in texts.items()])


def _found(text):
    return [object_id for object_id, _ in queries.search("test", text, allowed=ALL)]


@pytest.fixture
def saved():
    _save(TEXTS)
    _found("brake parts machining")  # what the search keeps is now in memory


def test_a_save_that_changes_something_gives_the_collection_a_new_token(saved):
    before = memo.stamp("test")

    _save({1: TEXTS[1]})  # unchanged
    unchanged = memo.stamp("test")
    _save({1: ("en", "Forged steel crankshafts")})

    assert before is not None
    assert unchanged == before
    assert memo.stamp("test") not in {before, None}


def test_a_forget_gives_a_new_token_only_when_something_was_forgotten(saved):
    before = memo.stamp("test")

    store.forget("test", [99])
    nothing_forgotten = memo.stamp("test")
    store.forget("test", [3])

    assert nothing_forgotten == before
    assert memo.stamp("test") != before


def test_a_search_again_reads_no_vector_from_the_database(saved):
    with CaptureQueriesContext(connection) as captured:
        found = _found("brake parts machining")

    assert found[:2] in ([1, 2], [2, 1])
    assert not [q["sql"] for q in captured.captured_queries if "matching_embedding" in q["sql"]]


def test_a_document_saved_after_a_search_is_found_by_the_next(saved):
    _save({6: ("en", BATTERIES)})

    assert _found("electric scooter batteries")[:1] == [6]


def test_a_changed_text_is_searched_by_its_new_vector(saved):
    assert 3 not in _found("electric scooter batteries")

    _save({3: ("en", BATTERIES)})

    assert _found("electric scooter batteries")[:1] == [3]


def test_a_forgotten_document_is_not_found_though_still_allowed(saved):
    store.forget("test", [1, 2])

    assert {1, 2}.isdisjoint(_found("brake parts machining"))


def test_vectors_written_behind_the_store_are_read_once_the_token_is_renewed(saved):
    first = encoders.active()[0]
    vector = store.whole_text_vectors("test", [3]).by_encoder[first.name][0]
    store.Embedding.objects.filter(collection="test", object_id=1, part=0, encoder=first.name).update(
        vector=vector.tobytes()
    )
    kept = store.whole_text_vectors("test", [1]).by_encoder[first.name][0]

    memo.touch("test")

    assert not np.array_equal(kept, vector)
    assert np.array_equal(store.whole_text_vectors("test", [1]).by_encoder[first.name][0], vector)


def test_a_collection_without_a_token_keeps_nothing(saved):
    computed = []
    memo.kept("test", "answer", lambda: computed.append(1))
    memo.kept("test", "answer", lambda: computed.append(2))
    CollectionStamp.objects.filter(collection="test").delete()
    memo.kept("test", "answer", lambda: computed.append(3))
    memo.kept("test", "answer", lambda: computed.append(4))

    assert computed == [1, 3, 4]


def test_kept_vectors_are_the_stored_ones(saved):
    everything = store.whole_text_vectors("test")
    memo.clear()
    kept = store.whole_text_vectors("test", [5, 3, 99, 1])
    again = store.whole_text_vectors("test", [1, 3, 5])

    assert kept.ids == again.ids == [1, 3, 5]
    assert kept.languages == ["en", "en", "en"]
    for name, matrix in everything.by_encoder.items():
        assert np.array_equal(again.by_encoder[name], matrix[[0, 2, 4]])
        assert np.array_equal(kept.by_encoder[name], matrix[[0, 2, 4]])


def test_a_query_is_encoded_by_the_encoders_that_read_its_language_only():
    hindi = engine.Query.from_text("चेन्नई में सटीक मशीनिंग", "hi")
    english = engine.Query.from_text("precision machining in Chennai", "en")

    assert set(hindi.vectors) == {e.name for e in encoders.active() if e.languages is None or "hi" in e.languages}
    assert set(english.vectors) == {e.name for e in encoders.active()}


def test_a_query_typed_again_is_not_encoded_again_and_its_vector_is_the_encoded_one():
    first = engine.Query.from_text("brake parts for scooters", "en")
    again = engine.Query.from_text("brake parts for scooters", "en")

    for encoder in encoders.active():
        assert again.vectors[encoder.name] is first.vectors[encoder.name]
        assert np.array_equal(first.vectors[encoder.name], encoder.encode(["brake parts for scooters"])[0])
        assert not first.vectors[encoder.name].flags.writeable


def test_kept_query_vectors_are_bounded(monkeypatch):
    encoder = encoders.active()[0]
    monkeypatch.setattr(encoders, "QUERIES_KEPT", 2)

    kept = encoder.encode_query("first text")
    encoder.encode_query("second text")
    encoder.encode_query("first text")  # used again: the second is now the oldest
    encoder.encode_query("third text")

    assert encoder.encode_query("first text") is kept
    assert len(encoder._queries) == 2 and "second text" not in encoder._queries


def test_queries_encoded_together_are_kept_as_each_alone_would_be():
    encoder = encoders.active()[0]
    together = encoder.encode_queries(["machining of brake parts", "  machining of brake parts ", "sodium-ion cells"])

    assert encoder.encode_query("sodium-ion cells") is together[2]
    assert together[0] is together[1]  # the same text once cleaned
    assert np.allclose(together[2], encoder.encode(["sodium-ion cells"])[0], atol=1e-5)
    assert not together[0].flags.writeable


def test_a_collection_larger_than_what_is_kept_reads_the_asked_vectors_from_the_database(saved, monkeypatch):
    everything = store.whole_text_vectors("test")
    monkeypatch.setattr(store, "KEEP_DOCUMENTS", 2)

    with CaptureQueriesContext(connection) as captured:
        read = store.whole_text_vectors("test", [5, 3, 99, 1])

    assert read.ids == [1, 3, 5]
    assert [q["sql"] for q in captured.captured_queries if "matching_embedding" in q["sql"]]
    for name, matrix in everything.by_encoder.items():
        assert np.array_equal(read.by_encoder[name], matrix[[0, 2, 4]])
