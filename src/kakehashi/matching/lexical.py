"""The lexical signal of search: which of the query's terms a document's text contains.

Works the same for English, Japanese and Hindi because it never relies on word
segmentation by the database:
- the query is cut into terms (`terms`): Latin and Devanagari words (letters with their
  combining marks: a Hindi vowel sign never splits a word), minus a few function words,
  with a light suffix strip (English "-ing", "-s"…; Hindi plural/oblique "-ों", "-ओं", "-ियों"…);
  runs of kanji and katakana (Japanese has no spaces) as overlapping 3-character pieces
  when longer than 3, whole otherwise; hiragana runs of 1–2 characters (particles: の, を)
  are dropped;
- a document's text is stored normalised (NFKC, case-folded: `ＣＮＣ` = `cnc`) in
  `LexicalText`, and a term matches when it is a substring of it;
- `coverage` scores documents by the share of the query's terms they contain (weighted by
  length: a long term is stronger evidence than a short one), exactly, in Python, over a
  few hundred candidates;
- across scripts, a Hindi word borrowed from English (बैटरी, ड्रोन, सेमीकंडक्टर) is found in an
  English text, and an English word in a Hindi text, by its *sound key* (`sound_key`): its
  consonants in a few classes (b/p/f/ph/भ/फ → P, t/d/th/ट/ड/त/द → T, m/n/ं → N, …), vowels,
  h and y dropped, repeats collapsed, a final s dropped: battery, batteries and बैटरी are all
  PTR. Only words of at least 3 classes, and only from one script to the other (never
  English to English: "stock" is not "stack"). A text's keys are computed once, when it is
  written, and stored with it (`LexicalText.sound_keys`, `dump_keys`); a search reads them;
- `matching_ids` finds documents containing terms through the database's index, so that a
  document the semantic index did not propose can still be considered: SQLite's FTS5
  trigram table (each term of 3+ characters as a double-quoted string, `"` doubled, so no
  user text is ever read as FTS syntax) or PostgreSQL's GIN trigram index (LIKE, with `%`
  and `_` escaped by the ORM). Terms shorter than 3 characters (under the trigram
  minimum) are matched with an escaped LIKE instead.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from . import idlist
from .models import LexicalText

MAX_TERMS = 16
TRIGRAM = 3
CANDIDATES = 200
# Words that say nothing about a topic: they would match nearly every document.
STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "our", "the", "to", "we", "with", "you", "your", "any", "all", "who", "what", "which", "this", "that", "these", "those", "can", "will", "looking", "seek", "seeking", "partner", "partners", "तलाश", "साझेदार", "साझेदारी", "का", "की", "के", "को", "में", "से", "और", "है", "हैं", "एक", "लिए", "पर", "यह", "भी", "तथा"]
)
_LATIN_SUFFIXES = ("ings", "ing", "ers", "ed", "es", "er", "s", "e")
# Hindi plural and oblique endings (दवाओं → दवा, वाहनों → वाहन, कंपनियों → कंपन, which finds कंपनी): the stem then
# matches every form at the start of a word (दवा, दवाएँ, दवाओं).
_DEVANAGARI_SUFFIXES = ("ियों", "ियाँ", "ियां", "ओं", "एँ", "एं", "ों", "ें")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _script(char: str) -> str:
    code = ord(char)
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return "katakana"
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or code == 0x3005:
        return "han"
    return "other"


def _words(text: str) -> list[str]:
    words, current = [], []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _runs(word: str) -> list[tuple[str, str]]:
    """(script, run) pieces of one word: 自動車部品の加工 → han 自動車部品, hiragana の, han 加工."""
    runs: list[tuple[str, str]] = []
    for char in word:
        script = _script(char)
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + char)
        else:
            runs.append((script, char))
    return runs


def _stem(word: str) -> str:
    """A light suffix strip: Latin words ("machine" finds "machining") and Hindi plural and
    oblique forms ("दवाओं" finds "दवा")."""
    if word.isascii() and len(word) >= 6:
        for suffix in _LATIN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
    elif not word.isascii():
        for suffix in _DEVANAGARI_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The query's terms, normalised, deduplicated, at most MAX_TERMS (see the module's doc)."""
    found: list[str] = []
    for word in _words(normalise(text)):
        for script, run in _runs(word):
            if script == "hiragana":
                pieces = [run] if len(run) >= 3 else []
            elif script in ("han", "katakana"):
                pieces = [run] if len(run) <= TRIGRAM else [run[i : i + TRIGRAM] for i in range(len(run) - TRIGRAM + 1)]
            elif run in STOPWORDS or (len(run) < 2 and not run.isdigit()):
                pieces = []
            else:
                pieces = [_stem(run)]
            for piece in pieces:
                if piece not in found:
                    found.append(piece)
    return found[:MAX_TERMS]


# --- sound keys: Hindi loanwords in English texts and the reverse ----------------------------

MIN_KEY = 3  # classes: shorter keys (पैक, सेल, API) collide with too many words
_DEVANAGARI_CLASSES = {
    char: cls
    for chars, cls in (
        ("कखगघ", "K"), ("ङञणनमंँ", "N"), ("चछजझ", "J"), ("टठडढतथदध", "T"),
        ("पफबभ", "P"), ("र", "R"), ("ल", "L"), ("व", "V"), ("शषस", "S"),
    )
    for char in chars
}
_DEVANAGARI_NUKTA = {"ज": "S", "फ": "P", "ड": "R", "ढ": "R", "क": "K", "ख": "K", "ग": "K"}  # ज़ z, फ़ f, ड़ ṛ
_LATIN_CLASSES = {
    "b": "P", "p": "P", "f": "P", "v": "V", "w": "V", "t": "T", "d": "T", "k": "K", "q": "K", "j": "J",
    "s": "S", "z": "S", "m": "N", "n": "N", "l": "L", "r": "R", "x": "KS",
}
_LATIN_GROUPS = (("tion", "SN"), ("sion", "SN"), ("ph", "P"), ("th", "T"), ("sh", "S"), ("ck", "K"), ("qu", "KV"))
_VOWELS = "aeiouy"


def _collapse(classes: Iterable[str]) -> str:
    out: list[str] = []
    for cls in classes:
        if not out or out[-1] != cls:
            out.append(cls)
    key = "".join(out)
    return key[:-1] if key.endswith("S") and len(key) > MIN_KEY else key  # parts = part, पार्ट्स = पार्ट


def _latin_classes(word: str) -> Iterable[str]:
    i = 0
    while i < len(word):
        group = next(((g, cls) for g, cls in _LATIN_GROUPS if word.startswith(g, i)), None)
        if group:
            yield from group[1]
            i += len(group[0])
            continue
        char, after = word[i], word[i + 1 : i + 2]
        if word.startswith("ch", i):  # "chip", "research": J; "technology": K before a consonant
            following = word[i + 2 : i + 3]
            yield "K" if following and following not in _VOWELS else "J"
            i += 2
            continue
        if char in "cg":  # soft before e, i, y: "recycling" S…K, "generic" J
            yield ("S" if char == "c" else "J") if after and after in "eiy" else "K"
        else:
            yield from _LATIN_CLASSES.get(char, "")
        i += 1


def _devanagari_classes(word: str) -> Iterable[str]:
    chars = unicodedata.normalize("NFD", word)
    for i, char in enumerate(chars):
        if char == "\u093c":
            continue
        if chars[i + 1 : i + 2] == "\u093c":
            yield _DEVANAGARI_NUKTA.get(char, _DEVANAGARI_CLASSES.get(char, ""))
        else:
            yield _DEVANAGARI_CLASSES.get(char, "")


@functools.lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """The word's consonant classes (see the module's doc): battery, बैटरी → PTR; "" for a word
    of another script or with fewer than MIN_KEY classes."""
    if word.isascii() and word.isalpha():
        key = _collapse(c for c in _latin_classes(word.lower()) if c)
    elif word and all("\u0900" <= char <= "\u097f" for char in word):
        key = _collapse(c for c in _devanagari_classes(word) if c)
    else:
        return ""
    return key if len(key) >= MIN_KEY else ""


def _is_latin(word: str) -> bool:
    return word.isascii()


def sound_keys(text: str) -> dict[str, tuple[str, bool]]:
    """{term: (sound key, written in Latin letters)} for the query's Latin and Devanagari words
    that have one (the key is of the whole word: "recycling", not the term "recycl")."""
    out: dict[str, tuple[str, bool]] = {}
    for word in _words(normalise(text)):
        if word in STOPWORDS:
            continue
        key = sound_key(word)
        if key:
            out.setdefault(_stem(word), (key, _is_latin(word)))
    return out


_LETTERS = re.compile(r"(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f])+")  # letters, and Devanagari signs


_DEVANAGARI = re.compile(r"[\u0900-\u097f]")


Keys = tuple[frozenset[str], frozenset[str]]  # (those of Latin words, those of Devanagari words)


def compute_text_keys(text: str) -> Keys:
    """The sound keys of a normalised text's words: (those of Latin words, those of Devanagari words)."""
    latin: set[str] = set()
    devanagari: set[str] = set()
    for word in set(_LETTERS.findall(text)):
        key = sound_key(word)
        if key:
            (latin if word.isascii() else devanagari).add(key)
    return frozenset(latin), frozenset(devanagari)


text_keys = functools.lru_cache(maxsize=4096)(compute_text_keys)  # a text stored without its keys


def dump_keys(text: str) -> str:
    """A normalised text's sound keys as stored with it (`LexicalText.sound_keys`): the Latin
    words' keys, "|", the Devanagari words' keys, each list sorted and space-separated."""
    latin, devanagari = compute_text_keys(text)
    return " ".join(sorted(latin)) + "|" + " ".join(sorted(devanagari))


def load_keys(stored: str | None, text: str) -> Keys:
    """The keys stored with a text, or (a row written before they were stored) computed."""
    if stored is None:
        return text_keys(text)
    latin, _, devanagari = stored.partition("|")
    return frozenset(latin.split()), frozenset(devanagari.split())


def _weight(term: str) -> float:
    return float(min(len(term), 6))


@functools.lru_cache(maxsize=1024)
def _pattern(term: str) -> re.Pattern[str]:
    """A word of Latin or Devanagari letters matches at the start of a word ("machin" in
    "machining", not "ai" in "chennai"), and a term under 3 characters only as a whole word;
    Japanese, written without spaces, matches anywhere."""
    if _script(term[0]) != "other":
        return re.compile(re.escape(term))
    return re.compile(r"(?<!\w)" + re.escape(term) + (r"(?!\w)" if len(term) < TRIGRAM else ""))


def contains(text: str, term: str) -> bool:
    return term in text and _pattern(term).search(text) is not None


class _Terms:
    """A query's terms prepared once for scoring many texts: (term, weight, sound key, written
    in Latin letters) and their total weight."""

    def __init__(self, query_terms: Sequence[str], keys: dict[str, tuple[str, bool]] | None) -> None:
        self.items = [(t, _weight(t), *(keys or {}).get(t, ("", False))) for t in query_terms]
        self.total = sum(weight for _, weight, _, _ in self.items)

    def coverage(self, text: str, stored_keys: str | None = None) -> float:
        if not self.total:
            return 0.0
        found = 0.0
        text_keys_: Keys | None = None
        for term, weight, key, in_latin in self.items:
            if contains(text, term):
                found += weight
                continue
            if not key or (in_latin and not _DEVANAGARI.search(text)):  # an English word: only Hindi words can sound like it
                continue
            if text_keys_ is None:  # only now: most terms are found as written or have no key
                text_keys_ = load_keys(stored_keys, text)
            if key in (text_keys_[1] if in_latin else text_keys_[0]):
                found += weight
        return found / self.total


def coverage(
    text: str, query_terms: Sequence[str], keys: dict[str, tuple[str, bool]] | None = None,
    stored_keys: str | None = None,
) -> float:
    """Share (0–1) of the terms' weight found in a normalised text: as written, or (with the
    query's `sound_keys`) a word of the other script that sounds the same (the text's keys
    as stored with it, `dump_keys`; computed if it has none)."""
    return _Terms(query_terms, keys).coverage(text, stored_keys)


def coverages(
    collection: str, query_terms: Sequence[str], object_ids: Iterable[int],
    keys: dict[str, tuple[str, bool]] | None = None,
) -> dict[int, float]:
    """{id: coverage} of these documents (those without a stored text are left out)."""
    ids = list(object_ids)
    if not query_terms or not ids:
        return {}
    prepared = _Terms(query_terms, keys)
    rows = LexicalText.objects.filter(collection=collection, object_id__in=idlist.one_parameter(ids)).values_list(
        "object_id", "text", "sound_keys"
    )
    return {object_id: prepared.coverage(text, stored) for object_id, text, stored in rows.iterator(chunk_size=500)}


def fts_query(query_terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression: every term as a double-quoted string (quotes doubled), ORed.
    Operators or syntax in the user's text (NEAR, OR, -, ^, :, *, parentheses) are only text."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in query_terms)


def matching_ids(collection: str, query_terms: Sequence[str], limit: int = CANDIDATES) -> list[int]:
    """Up to `limit` ids of documents containing the most of these terms, through the
    database's index; unfiltered: the caller intersects them with the allowed ids."""
    long_terms = [t for t in query_terms if len(t) >= TRIGRAM]
    if not query_terms:
        return []
    if long_terms and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.object_id FROM matching_lexical_fts f JOIN matching_lexicaltext d ON d.id = f.rowid "
                "WHERE matching_lexical_fts MATCH %s AND d.collection = %s ORDER BY f.rank LIMIT %s",
                [fts_query(long_terms), collection, limit],
            )
            return [row[0] for row in cursor.fetchall()]
    rows = LexicalText.objects.filter(collection=collection)
    if not long_terms:  # under the trigram minimum: an escaped LIKE, then whole words only
        any_short = Q()
        for term in query_terms:
            any_short |= Q(text__contains=term)
        found = rows.filter(any_short).order_by("object_id").values_list("object_id", "text")
        return [i for i, text in found[: limit * 5] if any(contains(text, t) for t in query_terms)][:limit]
    chosen = long_terms
    if len(chosen) == 1:
        return list(rows.filter(text__contains=chosen[0]).order_by("object_id").values_list("object_id", flat=True)[:limit])
    any_term = Q()
    for term in chosen:
        any_term |= Q(text__contains=term)
    hits = sum(
        (Case(When(text__contains=term, then=Value(len(term))), default=Value(0), output_field=IntegerField())
         for term in chosen),
        Value(0),
    )
    return list(
        rows.filter(any_term).annotate(hits=Coalesce(hits, Value(0))).order_by("-hits", "object_id")
        .values_list("object_id", flat=True)[:limit]
    )


# --- writes (called by store.save / store.forget, wherever vectors are written) -----------


def save(collection: str, texts: dict[int, str]) -> int:
    """Store the whole texts of these documents (id -> text); returns how many changed."""
    if not texts:
        return 0
    wanted = {object_id: normalise(text) for object_id, text in texts.items()}
    current = dict(
        LexicalText.objects.filter(collection=collection, object_id__in=list(wanted)).values_list("object_id", "text")
    )
    changed = [object_id for object_id, text in wanted.items() if current.get(object_id) != text]
    if not changed:
        return 0
    LexicalText.objects.filter(collection=collection, object_id__in=changed).delete()
    LexicalText.objects.bulk_create(
        [LexicalText(collection=collection, object_id=object_id, text=wanted[object_id],
                     sound_keys=dump_keys(wanted[object_id])) for object_id in changed],
        batch_size=500,
    )
    return len(changed)


def forget(collection: str, object_ids: Iterable[int]) -> int:
    """Delete these documents' texts; returns how many there were."""
    return LexicalText.objects.filter(collection=collection, object_id__in=list(object_ids)).delete()[0]
