"""Long texts are read to the end: overlapping windows cut at sentence ends, one vector per
text (the length-weighted mean of the windows' unit vectors)."""

import numpy as np
import pytest

from kakehashi.matching import encoders, engine, store

pytestmark = pytest.mark.django_db


def test_a_text_that_fits_one_window_is_that_window():
    assert encoders.windows("Short text. Two sentences.", size=100) == ["Short text. Two sentences."]


def test_windows_cut_at_sentence_ends_and_repeat_the_previous_windows_last_sentences():
    text = "Aaaa aaaa. Bbbb bbbb. Cccc cccc. Dddd dddd. Eeee eeee."  # sentences of 11 characters (10 for the last)

    assert encoders.windows(text, size=33, overlap=11) == [
        "Aaaa aaaa. Bbbb bbbb. Cccc cccc.",
        "Cccc cccc. Dddd dddd. Eeee eeee.",
    ]
    assert encoders.windows(text, size=22, overlap=0) == [
        "Aaaa aaaa. Bbbb bbbb.", "Cccc cccc. Dddd dddd.", "Eeee eeee.",
    ]


def test_windows_of_japanese_and_hindi_cut_after_their_full_stops():
    assert encoders.windows("一二三。四五六。七八九。", size=8, overlap=0) == ["一二三。四五六。", "七八九。"]
    assert encoders.windows("एक दो। तीन चार। पाँच।", size=16, overlap=0) == ["एक दो। तीन चार।", "पाँच।"]


def test_a_sentence_longer_than_a_window_is_cut_inside():
    assert encoders.windows("x" * 25, size=10, overlap=0) == ["x" * 10, "x" * 10, "x" * 5]


def test_every_character_of_a_long_text_is_in_some_window():
    text = encoders.clean(" ".join(f"Sentence {i} talks about item {i * 7}." for i in range(400)))
    pieces = encoders.windows(text)

    assert len(text) > 3 * encoders.WINDOW_CHARS
    assert all(len(piece) <= encoders.WINDOW_CHARS for piece in pieces)
    assert pieces[0].startswith("Sentence 0 ") and pieces[-1].endswith("item 2793.")
    assert all(any(f"Sentence {i} talks about item {i * 7}." in piece for piece in pieces) for i in range(400))


def test_a_long_text_is_the_length_weighted_mean_of_its_windows():
    text = " ".join(f"Our plant number {i} machines brake parts for export." for i in range(90))
    pieces = encoders.windows(encoders.clean(text))

    for encoder in encoders.active():
        vectors = encoder.encode(pieces)
        expected = (vectors * np.array([len(p) for p in pieces], dtype=np.float32)[:, None]).sum(axis=0)
        expected /= np.linalg.norm(expected)

        assert len(pieces) == 3
        assert np.allclose(encoder.encode([text])[0], expected, atol=1e-4)


def test_the_end_of_a_long_document_decides_its_ranking():
    opening = " ".join(f"Section {i}: our company was founded in Osaka and has many customers." for i in range(40))
    assert len(opening) > encoders.WINDOW_CHARS
    store.save("long", [
        store.Document(1, "en", (f"{opening} We also grow organic rice and sell it to supermarkets.",)),
        store.Document(2, "en", (f"{opening} We now build lithium-ion battery cells for electric scooters.",)),
    ])

    hits = engine.rank("long", engine.Query.from_text("電動スクーター用のリチウムイオン電池セル", "ja"), allowed={1, 2})

    assert [h.object_id for h in hits] == [2, 1]
    assert store.save("long", [store.Document(2, "en", (f"{opening} We now build lithium-ion battery cells for electric scooters.",))]) == 0
