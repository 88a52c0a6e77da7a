"""The lexical signal of search: query terms in English, Japanese and Hindi, the stored
normalised texts, the database's index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) and
user text that must never be read as FTS or LIKE syntax."""

import pytest
from django.db import connection

from kakehashi.matching import lexical, store
from kakehashi.matching.models import LexicalText
from kakehashi.matching.store import Document

from ..corpora import blns

TEXTS = {
    1: "Precision-machined auto parts: CNC machining capacity in Chennai",
    2: "精密自動車部品の調達先を募集：トランスミッションシャフト・ギア",
    3: "चेन्नई में सटीक मशीनिंग वाले ऑटो पार्ट्स के लिए विनिर्माण क्षमता",
    4: "Organic rice: 100% traceable, moisture_content under 14 %",
    5: "Ｆｕｌｌ－width ＣＮＣ lathes and AI inspection",
}


@pytest.fixture
def texts(db):
    lexical.save("lexcoll", TEXTS)
    return TEXTS


def test_terms_split_latin_words_and_drop_function_words():
    assert lexical.terms("Precision machining of the auto parts") == ["precision", "machin", "auto", "parts"]


def test_terms_cut_japanese_kanji_runs_into_trigrams_and_drop_particles():
    assert lexical.terms("精密自動車部品の加工") == ["精密自", "密自動", "自動車", "動車部", "車部品", "加工"]


def test_terms_keep_hindi_words_whole_with_their_vowel_signs():
    assert lexical.terms("सटीक मशीनिंग के लिए") == ["सटीक", "मशीनिंग"]


def test_terms_of_punctuation_or_nothing_are_none():
    assert lexical.terms("") == []
    assert lexical.terms("!!! ??? ...") == []
    assert lexical.terms("a") == []


def test_terms_are_normalised_full_width_and_case():
    assert lexical.terms("ＣＮＣ Lathe") == ["cnc", "lathe"]


def test_terms_are_at_most_sixteen():
    assert len(lexical.terms(" ".join(f"word{i}" for i in range(100)))) == lexical.MAX_TERMS


def test_fts_query_quotes_every_term_and_doubles_quotes():
    assert lexical.fts_query(['say "hi"', "near"]) == '"say ""hi""" OR "near"'


def test_coverage_is_the_weighted_share_of_terms_found():
    assert lexical.coverage("cnc machining capacity", ["cnc", "machin"]) == 1.0
    assert lexical.coverage("cnc lathes", ["cnc", "machin"]) == pytest.approx(3 / 9)
    assert lexical.coverage("anything", []) == 0.0


def test_save_stores_the_normalised_text_once(texts):
    assert LexicalText.objects.get(collection="lexcoll", object_id=5).text == "full-width cnc lathes and ai inspection"
    assert lexical.save("lexcoll", TEXTS) == 0  # unchanged: nothing written
    assert lexical.save("lexcoll", {1: "Something else"}) == 1
    assert LexicalText.objects.get(collection="lexcoll", object_id=1).text == "something else"


def test_matching_ids_finds_each_script(texts):
    assert lexical.matching_ids("lexcoll", lexical.terms("machining")) == [1]
    assert lexical.matching_ids("lexcoll", lexical.terms("自動車部品")) == [2]
    assert lexical.matching_ids("lexcoll", lexical.terms("मशीनिंग")) == [3]


def test_matching_ids_ranks_documents_with_more_terms_first(texts):
    assert lexical.matching_ids("lexcoll", lexical.terms("CNC machining"))[0] == 1


def test_matching_ids_of_short_terms_uses_an_escaped_like(texts):
    assert lexical.matching_ids("lexcoll", ["ai"]) == [5]
    assert lexical.matching_ids("lexcoll", ["%"]) == [4]
    assert lexical.matching_ids("lexcoll", ["%", "_"]) == [4]  # not every text: the wildcards are escaped


def test_matching_ids_keeps_to_its_collection(texts):
    lexical.save("othercoll", {1: "CNC machining elsewhere"})

    assert lexical.matching_ids("othercoll", ["cnc"]) == [1]
    assert lexical.matching_ids("lexcoll", ["elsewhere"]) == []


@pytest.mark.parametrize("text", [
    '"', '""', '"unclosed', "*", "machin*", "NEAR(cnc machining)", "cnc OR", "OR", "AND", "NOT", "-cnc", "^cnc",
    "text:cnc", "(cnc", "cnc)", "%", "_", "%_%", "\\", "'; DROP TABLE matching_lexicaltext; --", "a" * 600,
])
def test_syntax_in_user_text_is_only_text(texts, text):
    found = lexical.matching_ids("lexcoll", lexical.terms(text))

    assert set(found) <= set(TEXTS)
    assert LexicalText.objects.filter(collection="lexcoll").count() == len(TEXTS)


def test_naughty_strings_never_raise(texts):
    for text in blns():
        lexical.matching_ids("lexcoll", lexical.terms(text))


def test_forget_removes_the_texts(texts):
    store.forget("lexcoll", [1, 2])

    assert set(LexicalText.objects.filter(collection="lexcoll").values_list("object_id", flat=True)) == {3, 4, 5}
    assert lexical.matching_ids("lexcoll", ["auto"]) == []


def test_store_save_writes_the_whole_text(db):
    store.save("lexcoll", [Document(7, "en", ("Welder for shipbuilding in Nagasaki", "Welder for shipbuilding"))])

    assert LexicalText.objects.get(collection="lexcoll", object_id=7).text == "welder for shipbuilding in nagasaki"
    assert lexical.matching_ids("lexcoll", ["shipbuilding"]) == [7]


def test_the_index_suits_the_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'matching_lexical_fts'")
            assert "tokenize='trigram'" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'matching_lexicaltext_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]


def test_terms_strip_hindi_plural_and_oblique_endings():
    assert lexical.terms("जेनेरिक दवाओं का अनुबंध") == ["जेनेरिक", "दवा", "अनुबंध"]
    assert lexical.terms("इलेक्ट्रिक वाहनों के लिए") == ["इलेक्ट्रिक", "वाहन"]
    assert lexical.terms("बुज़ुर्गों की देखभाल") == ["बुज़ुर्ग", "देखभाल"]


def test_terms_keep_hindi_words_without_a_plural_ending():
    assert lexical.terms("जापानी तकनीक") == ["जापानी", "तकनीक"]


def test_terms_drop_the_hindi_words_for_seeking_and_partner_like_their_english_ones():
    assert lexical.terms("मसाला प्रसंस्करण के लिए साझेदार की तलाश") == ["मसाला", "प्रसंस्करण"]
    assert lexical.terms("seeking a partner for spice processing") == ["spice", "process"]


def test_a_hindi_plural_in_the_query_finds_the_singular_in_the_text():
    text = lexical.normalise("कैंसर की दवा के लिए एपीआई")
    assert lexical.coverage(text, lexical.terms("दवाओं")) == 1.0


@pytest.mark.parametrize(("english", "hindi"), [
    ("battery", "बैटरी"), ("batteries", "बैटरी"), ("drone", "ड्रोन"), ("semiconductor", "सेमीकंडक्टर"),
    ("recycling", "रीसाइक्लिंग"), ("logistics", "लॉजिस्टिक्स"), ("decarbonization", "डीकार्बोनाइज़ेशन"),
])
def test_a_hindi_loanword_sounds_like_its_english_word(english, hindi):
    assert lexical.sound_key(english) == lexical.sound_key(hindi) != ""


def test_short_words_and_other_scripts_have_no_sound_key():
    assert [lexical.sound_key(w) for w in ("पैक", "api", "電池", "")] == ["", "", "", ""]


def test_coverage_finds_hindi_loanwords_in_an_english_text():
    text = lexical.normalise("Drone spraying services for pesticides")
    q = "ड्रोन से कीटनाशक छिड़काव"

    assert lexical.coverage(text, lexical.terms(q)) == 0.0
    assert lexical.coverage(text, lexical.terms(q), lexical.sound_keys(q)) == pytest.approx(5 / 17)


def test_coverage_finds_an_english_word_in_a_hindi_text():
    text = lexical.normalise("किसानों के लिए ड्रोन से छिड़काव")

    assert lexical.coverage(text, lexical.terms("drone"), lexical.sound_keys("drone")) == 1.0


def test_sound_keys_never_match_within_one_script():
    assert lexical.coverage("stack of boxes", lexical.terms("stock"), lexical.sound_keys("stock")) == 0.0


def test_save_stores_the_sound_keys_of_the_text(db):
    lexical.save("lexcoll", {8: "Drone spraying: ड्रोन से छिड़काव"})

    row = LexicalText.objects.get(collection="lexcoll", object_id=8)
    assert row.sound_keys == "SPRNK TRN|JRKV TRN"  # छिड़काव: J R K V
    assert lexical.load_keys(row.sound_keys, row.text) == (frozenset({"SPRNK", "TRN"}), frozenset({"JRKV", "TRN"}))


def test_coverages_read_the_stored_sound_keys_not_the_text(db):
    lexical.save("lexcoll", {9: "Pesticide spraying services"})
    # Keys stored for a text are what a search reads: no word of this text sounds like "drone".
    LexicalText.objects.filter(collection="lexcoll", object_id=9).update(sound_keys="TRN|")
    q = "ड्रोन"

    assert lexical.coverages("lexcoll", lexical.terms(q), [9], lexical.sound_keys(q)) == {9: 1.0}


def test_coverages_compute_the_keys_of_a_text_stored_without_them(db):
    lexical.save("lexcoll", {10: "Drone spraying services"})
    LexicalText.objects.filter(collection="lexcoll", object_id=10).update(sound_keys=None)
    q = "ड्रोन"

    assert lexical.coverages("lexcoll", lexical.terms(q), [10], lexical.sound_keys(q)) == {10: 1.0}


def test_saving_a_changed_text_renews_its_sound_keys(db):
    lexical.save("lexcoll", {11: "Drone spraying"})
    lexical.save("lexcoll", {11: "Battery packs"})

    assert LexicalText.objects.get(collection="lexcoll", object_id=11).sound_keys == "PKS PTR|"


def test_the_migration_stores_the_keys_of_texts_written_without_them(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kakehashi.matching.migrations.0005_lexical_text_sound_keys")
    lexical.save("lexcoll", {12: "Drone spraying", 13: "バッテリー"})
    LexicalText.objects.filter(collection="lexcoll").update(sound_keys=None)

    class Editor:  # what the migration uses of Django's schema editor
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.fill_keys(apps, Editor())

    assert dict(LexicalText.objects.filter(collection="lexcoll").values_list("object_id", "sound_keys")) == {
        12: "SPRNK TRN|", 13: "|",
    }
    assert lexical.matching_ids("lexcoll", ["drone"]) == [12]  # the text is still indexed
