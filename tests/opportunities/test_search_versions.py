"""Search reads an opportunity's published versions (people's translations) besides its
original: the lexical signal finds the opportunity by their words."""

import pytest

from kakehashi.matching import lexical
from kakehashi.matching.models import LexicalText
from kakehashi.opportunities.matches import collection
from kakehashi.translations import services as translations
from tests.factories import MembershipFactory, OpportunityFactory

VERSION = {"title": "精密自動車部品", "summary": "トランスミッションシャフト", "details": "月産5万個"}


def _owner(opportunity):
    return MembershipFactory(organisation=opportunity.organisation, role="admin").user

pytestmark = pytest.mark.django_db


def test_an_opportunity_document_carries_its_published_versions():
    opportunity = OpportunityFactory(title="Precision auto parts", language="en")
    OpportunityFactory(title="Organic rice", language="en")
    translations.save_version(_owner(opportunity), "opportunity", opportunity.pk, "ja", VERSION)

    documents = {d.object_id: d for d in collection.fetch([opportunity.pk])}

    assert documents[opportunity.pk].versions == ("精密自動車部品\nトランスミッションシャフト\n月産5万個",)


def test_a_published_version_puts_its_words_in_the_lexical_text(django_capture_on_commit_callbacks):
    opportunity = OpportunityFactory(title="Precision auto parts", language="en")
    owner = _owner(opportunity)
    with django_capture_on_commit_callbacks(execute=True):  # the version re-indexes the opportunity after commit
        translations.save_version(owner, "opportunity", opportunity.pk, "ja", VERSION)

    text = LexicalText.objects.get(collection="opportunity", object_id=opportunity.pk).text
    assert lexical.coverage(text, lexical.terms("トランスミッション")) == 1.0
