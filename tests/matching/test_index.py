"""The vector index: a memory-mapped base file written atomically, an exact delta on top,
rebuildable from the database; and encoders that never crash on hostile text."""

import os
import threading
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from kakehashi.matching import encoders, engine, index, store
from kakehashi.matching.models import Embedding
from tests import corpora

pytestmark = pytest.mark.django_db

TEXTS = {
    1: ("en", "Precision CNC machining of automotive brake parts"),
    2: ("ja", "自動車用ブレーキ部品の精密CNC加工"),
    3: ("en", "Organic cotton garments for fashion brands"),
    4: ("hi", "फैशन ब्रांडों के लिए जैविक सूती कपड़े"),
    5: ("en", "Generic tablets made in a GMP-certified plant"),
}


def _save(texts=TEXTS, collection="test"):
    store.save(collection, [store.Document(pk, lang, (text,)) for pk, (lang, text) in texts.items()])


def _names():
    return [(e.name, e.version) for e in encoders.active()]


def test_encoders_give_unit_vectors_and_zero_rows_for_empty_text():
    for encoder in encoders.active():
        vectors = encoder.encode(["Brake parts", "", "   \x00\x07  "])

        assert vectors.shape == (3, encoder.dim)
        assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-4)
        assert not vectors[1].any() and not vectors[2].any()


def test_encoders_survive_every_naughty_string_and_a_100k_character_text():
    lines = [line for line in corpora.path(corpora.BLNS).read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    lines.append("零" * 100_000)

    for encoder in encoders.active():
        vectors = encoder.encode(lines)

        assert vectors.shape == (len(lines), encoder.dim)
        assert np.isfinite(vectors).all()


def test_unchanged_text_is_not_encoded_again():
    _save()

    assert store.save("test", [store.Document(1, "en", (TEXTS[1][1],))]) == 0
    assert store.save("test", [store.Document(1, "en", ("Forged steel crankshafts",))]) == len(encoders.active())


def test_base_index_file_is_written_and_found_by_search():
    _save()
    for name, version in _names():
        assert index.build("test", name, version) == 5

    files = sorted(p.name for p in Path(os.fspath(index.settings.MATCHING_INDEX_DIR)).iterdir())
    query = engine.Query.from_text("ブレーキ部品の加工", "ja")
    hits = engine.rank("test", query, limit=3, allowed=None)

    assert [f for f in files if f.endswith(".usearch")] == ["test.e5.usearch", "test.usem3.usearch"]
    assert not [f for f in files if ".tmp-" in f]
    assert hits[0].object_id in {1, 2}


def test_an_opened_base_file_searches_with_the_engines_expansion_not_usearchs_default():
    _save()
    name, version = _names()[0]
    index.build("test", name, version)

    base = index._base("test", name).index

    assert base.expansion_search == index.EXPANSION_SEARCH
    assert base.connectivity == index.CONNECTIVITY


def test_vectors_written_after_the_build_are_searched_exactly_from_the_delta():
    _save()
    for name, version in _names():
        index.build("test", name, version)
    store.save("test", [store.Document(6, "en", ("Lithium-ion battery cells for electric scooters",))])

    hits = engine.rank("test", engine.Query.from_text("電動スクーター用のリチウムイオン電池", "ja"), limit=1)

    assert hits[0].object_id == 6
    assert index.delta_size("test", *_names()[0]) == 1


def test_changed_vector_in_the_delta_overrides_the_base():
    _save()
    for name, version in _names():
        index.build("test", name, version)
    store.save("test", [store.Document(5, "en", ("Lithium-ion battery cells for electric scooters",))])

    hits = engine.rank("test", engine.Query.from_text("battery cells for scooters", "en"), limit=1)

    assert hits[0].object_id == 5


def test_forgotten_document_disappears_from_results_at_once():
    _save()
    for name, version in _names():
        index.build("test", name, version)

    store.forget("test", [1, 2])
    hits = engine.rank("test", engine.Query.from_text("brake parts machining", "en"), limit=5)

    assert {1, 2}.isdisjoint(h.object_id for h in hits)


def test_a_rebuilt_file_is_reopened_by_a_process_that_had_the_old_one():
    _save()
    name, version = _names()[0]
    index.build("test", name, version)
    index.search("test", name, version, np.ones(512, dtype=np.float32) / np.sqrt(512), "en", 3)
    Embedding.objects.filter(collection="test").update(updated_at=timezone.now())
    os.utime(index._paths("test", name)[1], ns=(1, 1))  # make sure the stamp differs
    index.build("test", name, version)

    assert index._base("test", name).built_through > Embedding.objects.first().updated_at - timezone.timedelta(seconds=1)


def test_filtered_search_through_the_index_keeps_only_allowed_ids():
    _save()
    for name, version in _names():
        index.build("test", name, version)
    engine.EXACT_LIMIT, saved = 1, engine.EXACT_LIMIT
    try:
        hits = engine.rank("test", engine.Query.from_text("brake parts", "en"), allowed={3, 4, 5}, limit=5)
    finally:
        engine.EXACT_LIMIT = saved

    assert {h.object_id for h in hits} <= {3, 4, 5}
    assert len(hits) == 3


def test_language_filter_returns_only_that_language():
    _save()
    for name, version in _names():
        index.build("test", name, version)

    hits = engine.rank("test", engine.Query.from_text("cotton garments", "en"), languages={"hi"}, limit=5)

    assert [h.object_id for h in hits] == [4]


def test_eval_matching_prints_recall_and_ends_with_one_json_line(tmp_path, capsys):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "en\tja\nThe weather is nice today.\t今日は天気がいいです。\nI bought a new bicycle.\t新しい自転車を買いました。\n"
        "Where is the station?\t駅はどこですか。\n",
        encoding="utf-8",
    )

    call_command("eval_matching", "--pairs", str(pairs), "--json")
    lines = capsys.readouterr().out.strip().splitlines()

    import json

    result = json.loads(lines[-1])
    assert result["en->ja"] == {"recall_at_1": 1.0, "recall_at_10": 1.0, "mrr": 1.0}
    assert result["ja->en"]["recall_at_1"] == 1.0
    assert result["size"] == 6
    assert not Embedding.objects.exists()  # rolled back


def test_eval_matching_refuses_a_file_without_a_language_header(tmp_path):
    from django.core.management.base import CommandError

    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("hello\tこんにちは\n", encoding="utf-8")

    with pytest.raises(CommandError, match="must name the two languages"):
        call_command("eval_matching", "--pairs", str(pairs))


def test_compaction_folds_new_and_changed_vectors_into_the_base_file():
    _save()
    for name, version in _names():
        index.build("test", name, version)
    store.save("test", [store.Document(5, "en", ("Lithium-ion battery cells for electric scooters",)),
                        store.Document(7, "hi", ("इलेक्ट्रिक स्कूटर के लिए बैटरी सेल",))])

    for name, version in _names():
        assert index.compact("test", name, version) == 6
        assert index.delta_size("test", name, version) == 0

    hits = engine.rank("test", engine.Query.from_text("電動スクーター用の電池", "ja"), limit=2)
    assert {h.object_id for h in hits} == {5, 7}
    assert not [p for p in Path(os.fspath(index.settings.MATCHING_INDEX_DIR)).iterdir() if ".tmp-" in p.name]


@pytest.mark.django_db(transaction=True)
def test_a_search_that_reads_a_delta_at_the_limit_folds_it_into_the_file_in_the_background(settings):
    settings.INDEX_DELTA_LIMIT = 2
    name, version = _names()[0]
    _save({1: TEXTS[1], 2: TEXTS[2]})
    index.build("test", name, version)
    _save({3: TEXTS[3], 4: TEXTS[4], 5: TEXTS[5]})
    query = encoders.active()[0].encode(["brake parts"])[0]

    assert index.delta_size("test", name, version) == 3
    found = index.search("test", name, version, query, "en", 5)
    for thread in threading.enumerate():
        if thread.name == f"compact test/{name}":
            thread.join()

    assert sorted(found) == [1, 2, 3, 4, 5]
    assert index.delta_size("test", name, version) == 0
    assert index._base("test", name).index is not None and len(index._base("test", name).index) == 5


def test_a_search_below_the_limit_leaves_the_file_as_it_is(settings):
    settings.INDEX_DELTA_LIMIT = 4
    name, version = _names()[0]
    _save({1: TEXTS[1], 2: TEXTS[2]})
    index.build("test", name, version)
    _save({3: TEXTS[3], 4: TEXTS[4], 5: TEXTS[5]})

    index.search("test", name, version, encoders.active()[0].encode(["brake parts"])[0], "en", 5)

    assert not [t for t in threading.enumerate() if t.name.startswith("compact ")]
    assert index.delta_size("test", name, version) == 3
