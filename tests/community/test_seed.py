"""The community demo: a dozen posts from 2021 to 2026 in English, Japanese and Hindi, one of
them in English on semiconductors (the README's cross-language search example)."""

import io

import pytest
from django.core.management import call_command

from kakehashi.community.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_community", stdout=io.StringIO())
    return Post.objects.all()


def test_seed_spreads_public_posts_over_the_years_and_three_languages(seeded):
    public = seeded.filter(visibility="public")

    assert seeded.count() >= 12
    assert sorted({p.published_at.year for p in public}) == [2021, 2022, 2023, 2024, 2025, 2026]
    assert {lang: public.filter(language=lang).count() >= 3 for lang in ("en", "ja", "hi")} == {
        "en": True, "ja": True, "hi": True,
    }


def test_seed_has_an_english_post_on_semiconductors(seeded):
    assert seeded.filter(language="en", visibility="public", tags__slug="semiconductors", title__icontains="semiconductor").exists()


def test_seeded_posts_carry_no_meta_text_about_being_made_up(seeded):
    texts = " ".join(f"{p.title} {p.body}" for p in seeded).lower()

    assert [word for word in ("fictional", "fictitious", "made up", "placeholder", "lorem") if word in texts] == []


def test_seed_twice_adds_nothing():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_community", stdout=io.StringIO())
    before = Post.objects.count()

    out = io.StringIO()
    call_command("seed_community", stdout=out)

    assert (Post.objects.count(), out.getvalue().strip()) == (before, "Community demo data already loaded (0 new posts).")


def test_seed_has_one_english_guide_per_topic_with_japanese_and_hindi_versions(seeded):
    assert seeded.filter(kind=Post.Kind.GUIDE, topic="").count() == 2  # the semiconductor and quality guides
    from kakehashi.translations.models import Version

    call_command("seed_translations", stdout=io.StringIO())
    guides = seeded.filter(kind=Post.Kind.GUIDE, visibility="public", language="en").exclude(topic="")

    assert sorted(guides.values_list("topic", "language")) == [
        ("business_culture", "en"), ("company_setup", "en"), ("ease_of_business", "en"), ("visas", "en"),
    ]
    assert sorted(Version.objects.filter(source="post", object_id__in=guides.values("pk")).values_list("language", flat=True)) == [
        "hi", "hi", "hi", "hi", "ja", "ja", "ja", "ja",
    ]
    assert [g.topic for g in guides if len(g.body) < 1200] == []
    assert sorted(g.topic for g in guides if "https://" in g.body) == ["company_setup", "ease_of_business", "visas"]
