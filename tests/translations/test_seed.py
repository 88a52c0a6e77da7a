"""The demo's human versions: loaded by seed_translations, once, for the items that exist."""

from django.core.management import call_command

from kakehashi.translations.models import Version

from ..factories import OpportunityFactory, OrganisationFactory, PostFactory


def test_the_seeder_gives_key_demo_items_their_versions_once(db):
    owari = OrganisationFactory(country="JP", region_code="JP-23", city="Kariya")
    request = OpportunityFactory(organisation=owari, reference="KK-A0000001", language="ja", title="精密自動車部品の調達先を募集")
    post = PostFactory(slug="india-japan-partnership-perspectives-digital-partnership")
    call_command("seed_translations")
    call_command("seed_translations")
    assert sorted(Version.objects.values_list("source", "object_id", "language", "origin")) == [
        ("opportunity", request.pk, "en", "author"), ("opportunity", request.pk, "hi", "secretariat"),
        ("post", post.pk, "hi", "author"), ("post", post.pk, "ja", "author"),
    ]  # KK-886B1F85 is not in this database: skipped
