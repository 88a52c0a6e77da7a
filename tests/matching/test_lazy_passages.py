"""Encoding in bulk: one model call for many texts gives the vectors of one text at a time;
a reindex encodes whole texts only, and passages are encoded when a match shows them; stored
vectors of another encoder version are never reused."""

import numpy as np
import pytest

from kakehashi.matching import collections, encoders, queries, services, store
from kakehashi.matching.collections import Collection, Document
from kakehashi.matching.models import Embedding
from kakehashi.opportunities.models import Match
from tests.opportunities.matches.helpers import organisation, published

pytestmark = pytest.mark.django_db

TEXTS = [
    "Precision CNC machining of automotive brake parts for Japanese car makers.",
    "自動車用ブレーキ部品の精密CNC加工",
    "फैशन ब्रांडों के लिए जैविक सूती कपड़े",
    "Precision CNC machining of automotive brake parts for Japanese car makers.",  # a repeat
    "Generic tablets. " * 125,  # longer than a window
    "",
]

JOBS = {
    1: ("en", "Welder for shipbuilding in Nagasaki", "Arc welding of steel hull blocks."),
    2: ("hi", "नागासाकी में जहाज निर्माण के लिए वेल्डर", "स्टील के पतवार ब्लॉकों की आर्क वेल्डिंग।"),
    3: ("en", "Caregiver for an elderly care home in Osaka", "Night shifts, bathing and meal assistance."),
}


def _document(pk, rows=JOBS):
    language, title, details = rows[pk]
    return Document(pk, language, (f"{title}\n{details}", *collections.passages(title, details)))


@pytest.fixture
def jobs():
    rows = dict(JOBS)
    collections.register(Collection(
        name="job", fetch=lambda ids: [_document(i, rows) for i in ids if i in rows], live_ids=lambda: sorted(rows),
    ))
    yield rows
    collections.unregister("job")


def _passages(collection, object_id):
    return Embedding.objects.filter(collection=collection, object_id=object_id, part__gte=1)


def test_batched_encoding_gives_the_vectors_of_one_text_at_a_time():
    for encoder in encoders.active():
        encoder.forget_pieces()
        batched = encoder.encode(TEXTS)
        one_by_one = []
        for text in TEXTS:
            encoder.forget_pieces()  # computed alone, not the vector kept from the batch
            one_by_one.append(encoder.encode([text]))
        one_by_one = np.vstack(one_by_one)

        assert np.abs(batched - one_by_one).max() < 1e-4, encoder.name


def test_a_repeated_text_gets_the_same_row_in_a_batch():
    for encoder in encoders.active():
        vectors = encoder.encode(TEXTS)

        assert np.array_equal(vectors[0], vectors[3])
        assert not vectors[5].any()


def test_reindex_encodes_whole_texts_and_no_passages(jobs):
    figures = services.reindex_collection("job")

    assert figures["encoded_parts"] == len(JOBS) * len(encoders.active())
    assert Embedding.objects.filter(collection="job", part=0).count() == len(JOBS) * len(encoders.active())
    assert not Embedding.objects.filter(collection="job", part__gte=1).exists()
    assert queries.best_passages("job", 1, 2) == []


def test_an_encoder_is_not_run_on_a_language_it_does_not_read(jobs):
    usem3 = next(encoder for encoder in encoders.active() if encoder.name == "usem3")
    usem3.forget_pieces()

    services.reindex_collection("job")

    hindi = Embedding.objects.get(collection="job", object_id=2, part=0, encoder="usem3")
    english = Embedding.objects.get(collection="job", object_id=1, part=0, encoder="usem3")
    assert not np.frombuffer(bytes(hindi.vector), dtype=np.float32).any()
    assert np.frombuffer(bytes(english.vector), dtype=np.float32).any()
    assert _document(2).parts[0] not in usem3._pieces  # the model never saw the Hindi text
    # the Hindi job is still fully embedded, and found across languages by e5
    assert 2 in store.whole_text_vectors("job").ids
    assert 2 in [object_id for object_id, _ in queries.search("job", "welder for ship hulls", allowed={1, 2, 3}, relevant=False)]


def test_passages_are_encoded_when_a_pair_is_shown(jobs):
    services.reindex_collection("job")

    encoded = services.ensure_passages("job", [1, 2])

    assert encoded == (len(_document(1).parts) - 1 + len(_document(2).parts) - 1) * len(encoders.active())
    assert not _passages("job", 3).exists()
    pairs = queries.best_passages("job", 1, 2)
    assert pairs[0]["mine"] == "Welder for shipbuilding in Nagasaki"
    assert pairs[0]["theirs"] == "नागासाकी में जहाज निर्माण के लिए वेल्डर"
    assert services.ensure_passages("job", [1, 2]) == 0  # already there: nothing encoded twice


def test_a_changed_text_loses_its_old_passages_in_a_reindex(jobs):
    services.refresh("job", 1)
    assert _passages("job", 1).exists()
    jobs[1] = ("en", "Welder for bridges in Kobe", "TIG welding of stainless railings.")

    services.reindex_collection("job")

    assert not _passages("job", 1).exists()  # never shown stale; encoded again when shown
    services.ensure_passages("job", [1])
    assert set(_passages("job", 1).values_list("text", flat=True)) == {
        "Welder for bridges in Kobe", "TIG welding of stainless railings.",
    }


def test_vectors_of_another_encoder_version_are_encoded_again(jobs):
    services.refresh("job", 1)
    Embedding.objects.filter(collection="job").update(version="an-older-version")

    assert store.save("job", [_document(1)], passages=False) == len(encoders.active())
    assert not _passages("job", 1).exists()
    services.ensure_passages("job", [1])

    current = {encoder.version for encoder in encoders.active()}
    assert set(Embedding.objects.filter(collection="job").values_list("version", flat=True)) == current


def test_matches_rebuilt_by_a_reindex_show_their_passages():
    buyer = published(organisation("JP", "Tokai Motors"), "sourcing_request", "精密自動車部品の調達先を探しています",
                      "ブレーキ部品など、CNC加工による精密自動車部品のサプライヤーを求めています。", language="ja")
    offer = published(organisation("IN", "Chennai Precision"), "manufacturing_offer",
                      "CNC machining capacity for precision auto parts",
                      "We machine brake components and transmission shafts for car makers.")
    Embedding.objects.all().delete()
    Match.objects.all().delete()

    services.reindex()

    signals = Match.objects.get(opportunity=buyer, other=offer).signals
    assert signals["passages"]
    assert signals["passages"][0]["theirs"] in {
        "CNC machining capacity for precision auto parts",
        "We machine brake components and transmission shafts for car makers.",
    }
    assert Match.objects.get(opportunity=offer, other=buyer).signals["passages"]
