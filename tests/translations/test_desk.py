"""The translation desk: what waits for a version in each language, for staff and translators."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from kakehashi.opportunities.models import Match
from kakehashi.translations import desk, services

from ..factories import OpportunityFactory
from .helpers import client_for, page
from .servers import fake_translate
from .test_machine import translate
from .test_versions import HINDI, detail

DESK = reverse("translations:desk")


def opportunities(items):
    return [item for item in items if item.source.name == "opportunity"]


def test_the_desk_lists_live_items_lacking_a_version_in_the_language(world):
    english = OpportunityFactory(organisation=world.sundaram, title="Gear blanks from Pune")
    OpportunityFactory(organisation=world.sundaram, title="A draft", status="draft", published_at=None)
    services.refresh_desk()
    assert {item.obj.pk for item in opportunities(desk.waiting("hi"))} == {world.request.pk, english.pk}
    assert [item.obj for item in opportunities(desk.waiting("ja"))] == [english]
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    assert [item.obj for item in opportunities(desk.waiting("hi"))] == [english]


def test_items_reaching_more_readers_of_the_language_come_first(world):
    quiet = OpportunityFactory(organisation=world.sundaram, title="Quiet offer", target_countries=["DE"])
    popular = OpportunityFactory(organisation=world.sundaram, title="Popular offer", target_countries=["DE"])
    for n in range(3):
        other = OpportunityFactory(organisation=world.tokai, language="ja", title=f"日本の案件 {n}")
        Match.objects.create(opportunity=popular, other=other, score=0.7)
    services.refresh_desk()
    items = [item for item in desk.waiting("ja") if item.obj in (quiet, popular)]
    assert [(item.obj, item.reach) for item in items] == [(popular, 3), (quiet, 0)]


def test_counts_per_language_show_on_the_programme_view(world):
    services.refresh_desk()
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    # the Japanese request waits in English; the three organisations' English profiles in ja and hi
    assert desk.counts() == {"en": {"waiting": 1, "versions": 0}, "ja": {"waiting": 3, "versions": 0},
                             "hi": {"waiting": 3, "versions": 1}}
    html = page(world.staff, reverse("opportunities:programme"))
    assert 'class="breakdown breakdown-translations"' in html
    assert '<tr class="translations-hi"><td lang="hi">हिन्दी</td><td>1</td>' in html


def test_staff_open_the_desk_and_publish_a_version_that_replaces_the_machine_one(world, libretranslate):
    services.refresh_desk()
    translate(world.reader, world)
    assert f'<h1 lang="hi">{fake_translate(world.request.title, "hi")}</h1>' in page(world.reader, detail(world))
    html = page(world.staff, DESK + "?lang=hi")  # a machine translation is not a version: the item still waits
    assert f'data-source="opportunity" data-id="{world.request.pk}"' in html
    form = page(world.staff, reverse("translations:version", args=["opportunity", world.request.pk, "hi"]))
    assert 'class="notice machine-draft"' in form and fake_translate(world.request.title, "hi") in form
    response = client_for(world.staff).post(reverse("translations:version", args=["opportunity", world.request.pk, "hi"]), HINDI)
    assert response.status_code == 302
    html = page(world.reader, detail(world))
    assert f'<h1 lang="hi">{HINDI["title"]}</h1>' in html and 'class="translation-note"' in html


def test_a_member_staff_made_a_translator_uses_the_desk(world):
    world.outsider.user_permissions.add(Permission.objects.get(codename="translate", content_type__app_label="translations"))
    assert client_for(world.outsider).get(DESK).status_code == 200


@pytest.mark.parametrize("actor", ["reader", "owner"])
def test_members_without_the_permission_may_not_use_the_desk(world, actor):
    assert client_for(world[actor]).get(DESK).status_code == 403


def test_a_visitor_and_an_unapproved_account_are_sent_away_from_the_desk(world):
    assert client_for(None).get(DESK).status_code == 302
    assert client_for(world.unapproved).get(DESK)["Location"] == reverse("accounts:onboarding")
