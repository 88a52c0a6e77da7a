"""Search's fusion (`hybrid.py`): which documents the query's pseudo-relevance feedback reads."""

import numpy as np

from kakehashi.matching import hybrid
from kakehashi.matching.store import Vectors


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _vectors(rows: list[np.ndarray]) -> Vectors:
    matrix = np.stack(rows)
    return Vectors(ids=list(range(1, len(rows) + 1)), languages=["hi"] * len(rows), by_encoder={"a": matrix, "b": matrix})


def test_feedback_documents_are_the_most_relevant_ones():
    vectors = _vectors([_unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1), _unit(1, 1, 0)])
    assert hybrid.feedback_documents(vectors, np.array([0.1, 2.0, 1.5, 1.0])) == [1, 2, 3]


def test_feedback_documents_skip_a_copy_of_one_already_chosen():
    copy = _unit(1, 0.01, 0)
    vectors = _vectors([_unit(1, 0, 0), copy, _unit(0, 1, 0), _unit(0, 0, 1)])
    assert hybrid.feedback_documents(vectors, np.array([2.0, 1.9, 1.0, 0.5])) == [0, 2, 3]


def test_feedback_documents_keep_texts_alike_under_one_encoder_only():
    a = np.stack([_unit(1, 0, 0), _unit(1, 0.01, 0), _unit(0, 1, 0)])
    b = np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1)])
    vectors = Vectors(ids=[1, 2, 3], languages=["en"] * 3, by_encoder={"a": a, "b": b})
    assert hybrid.feedback_documents(vectors, np.array([2.0, 1.9, 1.0])) == [0, 1, 2]


def test_feedback_documents_take_documents_no_encoder_could_score_last():
    vectors = _vectors([_unit(1, 0, 0), _unit(0, 1, 0)])
    assert hybrid.feedback_documents(vectors, np.array([-np.inf, 1.0])) == [1, 0]


def test_every_plausible_document_is_scored_when_they_are_at_most_the_limit():
    assert hybrid._worth_scoring([0, 2, 5], np.array([0.6, 0.0, 0.9, 0.0, 0.0, 0.7]), limit=3) == [0, 2, 5]


def test_documents_that_cannot_reach_the_limit_even_with_every_word_are_not_scored():
    order = np.array([2.0, 1.9, 1.8, 1.75, 1.59, 0.9])
    # The second best order is 1.9: a document needs at least 1.9 - LEXICAL_WEIGHT (0.2) to reach it.
    assert hybrid._worth_scoring([0, 1, 2, 3, 4, 5], order, limit=2) == [0, 1, 2, 3]
