"""Which language a text is written in (en, ja or hi), guessed from its script.

Kana or kanji → Japanese, Devanagari → Hindi, otherwise English. A Japanese character
carries about as much as three Latin letters, so Japanese text that names products in
Latin letters ("EV バッテリー", "IATF 16949") is still Japanese, while an English text that
quotes one Japanese word ("kaizen (改善)") stays English. Used to prefill a form's language
(the member can change it) and to read a search query in the right language.
"""

# Weight of one character of each script, relative to one Latin letter.
JA_WEIGHT = 3


def _script(char: str) -> str:
    code = ord(char)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "ja"  # hiragana, katakana (incl. extensions and half-width)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "ja"  # CJK ideographs (kanji)
    if 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF:
        return "hi"  # Devanagari and its extension
    if char.isalpha() and code < 0x0250:
        return "en"  # Latin letters, accented ones included
    return ""


def detect_language(*texts: str) -> str:
    """'ja', 'hi' or 'en' for the given texts taken together."""
    counts = {"ja": 0, "hi": 0, "en": 0}
    for text in texts:
        for char in text or "":
            script = _script(char)
            if script:
                counts[script] += 1
    scores = {"ja": counts["ja"] * JA_WEIGHT, "hi": counts["hi"], "en": counts["en"]}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"
