"""What the matching engine derives from the database, kept in the database so every index
can be rebuilt from it (`kakehashi reindex`).

`Embedding` holds one vector per (document, part, encoder): part 0 is the whole text, parts
1… are its passages (title, summary, sentences of the details), used to show which passages
matched. The encoder's name and version are stored, so a change of encoder re-embeds.
A document is identified by its collection's name and its id in that collection; the engine
never refers to the apps' models.
"""

import numpy as np
from django.db import models
from django.utils import timezone


class Embedding(models.Model):
    collection = models.CharField(max_length=20)  # a registered collection's name
    object_id = models.PositiveBigIntegerField()
    part = models.PositiveSmallIntegerField(default=0)
    encoder = models.CharField(max_length=40)
    version = models.CharField(max_length=40)
    language = models.CharField(max_length=2)
    text = models.TextField(blank=True)  # the passage (parts ≥ 1); empty for the whole text
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, L2-normalised
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "object_id", "part", "encoder"], name="one_vector_per_part")
        ]
        indexes = [models.Index(fields=["collection", "encoder", "part", "updated_at"])]

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class Neighbourhood(models.Model):
    """How close a document sits, in general, to the documents of each language: the mean
    calibrated similarity of its 5 nearest neighbours per language. Subtracted (scaled) from
    its scores, it stops "hub" documents, and documents in the searcher's own language,
    crowding out the best cross-lingual answer (hubness reduction, as in CSLS)."""

    collection = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    values = models.JSONField(default=dict)  # {"en": 1.9, "ja": 2.4, "hi": 0.7}
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "object_id"], name="one_neighbourhood_per_document")]


class LexicalText(models.Model):
    """A document's whole text, normalised (NFKC, case-folded), for the lexical signal of
    search (`lexical.py`). On SQLite an FTS5 table with the trigram tokenizer indexes it
    (kept in step by triggers); on PostgreSQL a GIN trigram index (pg_trgm). Both are created
    by migration 0003; the rows are written wherever the document's vectors are."""

    collection = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    text = models.TextField()
    # The sound keys of the text's words (`lexical.dump_keys`), computed once when the text is
    # written instead of on every search; null for a row written before they were stored.
    sound_keys = models.TextField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "object_id"], name="one_lexical_text_per_document")
        ]


class CollectionStamp(models.Model):
    """A token that changes whenever a collection's stored vectors or lexical texts change
    (`store.save`, `store.forget`): what a process derived from them (the search's
    background sample, a small collection's vectors, its size) is kept until it changes.
    A random token, not a counter: a counter rolled back with its transaction could come
    back with the same value for other data."""

    collection = models.CharField(max_length=20, unique=True)
    stamp = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)
