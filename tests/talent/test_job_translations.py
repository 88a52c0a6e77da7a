"""SSW jobs on the translation features: the employer's own English and Japanese texts are
shown as written; readers of another language get the employer's or the secretariat's
version, else a machine translation on request; the desk lists jobs waiting for a version;
the API's `?lang=` returns the best text. Nobody reads a translation of a job they may not
read."""

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from kakehashi.mail.models import OutboxMessage
from kakehashi.talent import translation
from kakehashi.talent.pipeline import services as pipeline
from kakehashi.translations import desk, sources
from kakehashi.translations import services as translations
from kakehashi.translations.models import Version

from ..api import NOT_FOUND, api_url, bearer_client
from ..factories import ApplicationFactory, CandidateProfileFactory, MembershipFactory, SswJobFactory, UserFactory
from ..translations.servers import fake_translate

pytestmark = pytest.mark.django_db

HINDI = {"title": "रेस्तरां रसोई कर्मचारी", "duties": "सामग्री तैयार करना, भोजन पकाना और रसोई साफ रखना।"}
JA_TITLE, JA_DUTIES = "ハウス野菜の農作業員", "トマトの収穫と出荷作業を行います。"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(user, url: str, **params) -> str:
    response = client_for(user).get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def japanese_only(world):
    """A job its employer wrote in Japanese only."""
    return SswJobFactory(organisation=world.employer.organisation, field_code="agriculture", title_en="", duties_en="",
                         title_ja=JA_TITLE, duties_ja=JA_DUTIES, prefecture="JP-43", monthly_wage_jpy=190_000)


def test_the_job_source_is_registered_with_the_languages_the_employer_wrote(world, japanese_only):
    source = sources.get("ssw_job")
    assert (source.fields, source.multiline) == (("title", "duties"), ("duties",))
    assert source.texts(world.job) == ("en", {"title": world.job.title_en, "duties": world.job.duties_en})
    assert source.texts(japanese_only) == ("ja", {"title": JA_TITLE, "duties": JA_DUTIES})
    assert (source.authored_languages(world.job), source.authored_languages(japanese_only)) == ({"en", "ja"}, {"ja"})


def test_a_japanese_reader_sees_the_employers_japanese_text_with_no_translate_button(world, libretranslate):
    html = page(world.actors["employer"], world.job.get_absolute_url())

    assert '<h1 lang="ja">飲食店の調理スタッフ</h1>' in html
    assert "translate-button" not in html


def test_a_hindi_candidate_reads_the_employers_hindi_version_and_the_original_one_click_away(world):
    translations.save_version(world.actors["employer"], "ssw_job", world.job.pk, "hi", HINDI)
    assert Version.objects.get(source="ssw_job", object_id=world.job.pk).origin == "author"

    html = page(world.actors["candidate"], world.job.get_absolute_url())
    assert f'<h1 lang="hi">{HINDI["title"]}</h1>' in html
    assert f'<dd lang="hi">{HINDI["duties"]}</dd>' in html
    assert "मूल भाषा English · लेखक द्वारा अनूदित" in html  # "Written in English · translated by the author"
    original = page(world.actors["candidate"], world.job.get_absolute_url(), original="1")
    assert f'<h1 lang="en">{world.job.title_en}</h1>' in original


def test_a_hindi_candidate_asks_for_a_machine_translation_and_reads_it(world, japanese_only, libretranslate):
    candidate = world.actors["candidate"]
    assert "translate-button" in page(candidate, japanese_only.get_absolute_url())

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(candidate).post(reverse("translations:translate", args=["ssw_job", japanese_only.pk]), {"lang": "hi"})
    assert response.status_code == 302

    html = page(candidate, japanese_only.get_absolute_url())
    assert f'<h1 lang="hi">{fake_translate(JA_TITLE, "hi")}</h1>' in html
    assert f'<dd lang="hi">{fake_translate(JA_DUTIES, "hi")}</dd>' in html
    assert "मूल भाषा 日本語 · मशीन द्वारा अनूदित" in html  # "Written in Japanese · translated by machine"
    listed = page(candidate, reverse("talent:jobs"), field="agriculture")
    assert fake_translate(JA_TITLE, "hi") in listed


def test_an_english_reader_of_a_japanese_only_job_gets_the_secretariats_version(world, japanese_only):
    translations.save_version(world.actors["staff"], "ssw_job", japanese_only.pk, "en",
                              {"title": "Greenhouse vegetable farm worker", "duties": "Harvest and ship tomatoes."})

    html = page(world.actors["other_employer"], japanese_only.get_absolute_url())
    assert '<h1 lang="en">Greenhouse vegetable farm worker</h1>' in html
    assert "translated by the secretariat" in html


def test_the_versions_panel_offers_the_employer_only_the_languages_they_did_not_write(world, japanese_only):
    employer = world.actors["employer"]
    both = page(employer, world.job.get_absolute_url())
    assert 'class="version-row version-hi"' in both and 'class="version-row version-ja"' not in both
    assert 'class="version-row version-en"' not in both
    only_ja = page(employer, japanese_only.get_absolute_url())
    assert 'class="version-row version-en"' in only_ja and 'class="version-row version-hi"' in only_ja
    assert "version-row" not in page(world.actors["candidate"], japanese_only.get_absolute_url())


@pytest.mark.parametrize(("actor", "status"), [
    ("visitor", 302), ("candidate", 404), ("other_candidate", 404), ("employer", 200), ("other_employer", 404), ("staff", 200),
])
def test_who_may_write_a_version_of_a_job(world, actor, status):
    response = world.client(actor).get(reverse("translations:version", args=["ssw_job", world.job.pk, "hi"]))
    assert response.status_code == status


def test_a_version_in_a_language_the_employer_wrote_is_refused(world):
    response = world.client("employer").get(reverse("translations:version", args=["ssw_job", world.job.pk, "ja"]))
    assert response.status_code == 404


@pytest.mark.parametrize(("actor", "status"), [
    ("candidate", 404), ("other_employer", 404), ("employer", 302), ("staff", 302),
])
def test_nobody_translates_a_draft_job_they_may_not_read(world, actor, status, libretranslate):
    url = reverse("translations:translate", args=["ssw_job", world.draft.pk])
    assert world.client(actor).post(url, {"lang": "hi"}).status_code == status


def test_the_desk_lists_published_jobs_waiting_in_a_language_readers_first(world, japanese_only):
    for _n in range(2):
        CandidateProfileFactory(fields_of_interest=["agriculture"])  # Hindi readers interested in farming
    ApplicationFactory(candidate=world.profile, job=world.job)

    def waiting(language):
        translations.refresh_desk()
        return [(item.obj, item.reach) for item in desk.waiting(language) if item.source.name == "ssw_job"]

    # the world's two Hindi candidates are interested in food service, one applied; the draft is not offered
    assert waiting("hi") == [(world.job, 3), (japanese_only, 2)]
    assert waiting("ja") == []
    assert waiting("en") == [(japanese_only, 0)]
    translations.save_version(world.actors["employer"], "ssw_job", world.job.pk, "hi", HINDI)
    assert waiting("hi") == [(japanese_only, 2)]
    html = page(world.actors["staff"], reverse("translations:desk"), lang="hi")
    assert JA_TITLE in html


def test_the_api_gives_the_best_text_in_the_language_asked(world, japanese_only):
    translations.save_version(world.actors["employer"], "ssw_job", world.job.pk, "hi", HINDI)
    url = api_url(f"talent/jobs/{world.job.pk}")

    hindi = bearer_client(None).get(url + "?lang=hi").json()
    assert (hindi["title"], hindi["duties"], hindi["shown_language"], hindi["translated_by"]) == (
        HINDI["title"], HINDI["duties"], "hi", "author")
    japanese = bearer_client(None).get(url + "?lang=ja").json()
    assert (japanese["title"], japanese["shown_language"], japanese["translated_by"]) == ("飲食店の調理スタッフ", "ja", "original")
    plain = bearer_client(None).get(url).json()
    assert (plain["title"], plain["shown_language"], plain["translated_by"]) == (world.job.title_en, "", "original")
    listed = bearer_client(None).get(api_url("talent/jobs") + "?lang=hi").json()
    assert {(j["id"], j["title"], j["translated_by"]) for j in listed} == {
        (world.job.pk, HINDI["title"], "author"), (japanese_only.pk, JA_TITLE, "original")}
    ranked = bearer_client(world.actors["candidate"]).get(api_url("talent/profile/jobs") + "?lang=hi").json()
    assert {m["job"]["title"] for m in ranked} == {HINDI["title"], JA_TITLE}


def test_the_application_lists_name_the_job_in_the_language_asked(world):
    translations.save_version(world.actors["employer"], "ssw_job", world.job.pk, "hi", HINDI)
    application = ApplicationFactory(candidate=world.profile, job=world.job)
    candidate, employer = bearer_client(world.actors["candidate"]), bearer_client(world.actors["employer"])

    [mine] = candidate.get(api_url("talent/applications") + "?lang=hi").json()
    [theirs] = employer.get(api_url(f"talent/jobs/{world.job.pk}/applications") + "?lang=hi").json()
    one = candidate.get(api_url(f"talent/applications/{application.pk}") + "?lang=hi").json()
    assert (mine["job_title"], theirs["job_title"], one["job_title"]) == (HINDI["title"],) * 3
    assert candidate.get(api_url(f"talent/applications/{application.pk}") + "?lang=ja").json()["job_title"] == "飲食店の調理スタッフ"
    assert candidate.get(api_url(f"talent/applications/{application.pk}")).json()["job_title"] == world.job.title_en
    assert candidate.get(api_url("talent/applications") + "?lang=xx").status_code == 422


def test_the_api_lang_never_shows_a_draft_to_a_stranger(world):
    translations.save_version(world.actors["employer"], "ssw_job", world.draft.pk, "hi", HINDI)
    response = bearer_client(None).get(api_url(f"talent/jobs/{world.draft.pk}") + "?lang=hi")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert bearer_client(None).get(api_url(f"talent/jobs/{world.job.pk}") + "?lang=xx").status_code == 422


def test_the_candidates_email_names_the_job_in_the_hindi_version(world):
    translations.save_version(world.actors["employer"], "ssw_job", world.job.pk, "hi", HINDI)
    application = ApplicationFactory(candidate=world.profile, job=world.job)

    pipeline.transition(world.actors["employer"], application, "screening")

    [mail] = OutboxMessage.objects.filter(recipient=world.profile.user.email)
    assert mail.locale == "hi" and HINDI["title"] in mail.subject
    assert translation.title_for(world.job, "ja") == "飲食店の調理スタッフ"


def test_a_title_without_duties_in_the_same_language_is_refused(world):
    english_speaker = MembershipFactory(organisation=world.employer.organisation, user=UserFactory(language="en"), role="member").user
    form = {"field_code": "food_service", "level": "1", "category": "", "title_en": "Cook", "duties_en": "",
            "title_ja": "調理", "duties_ja": "調理をします", "prefecture": "JP-27", "city": "Osaka", "monthly_wage_jpy": "230000",
            "hours_per_week": "40", "housing": "provided", "openings": "1", "start_date": world.job.start_date.isoformat(),
            "interview_mode": "online"}

    response = client_for(english_speaker).post(reverse("talent:job_new", args=[world.employer.organisation_id]), form)

    assert response.status_code == 400
    assert response.context["form"].errors["duties_en"] == ["Describe the duties in English too, or leave the English title empty."]
    assert not world.employer.organisation.ssw_jobs.filter(title_ja="調理").exists()


def test_an_employer_reads_a_hindi_applicants_experience_in_japanese_by_machine(world, libretranslate):
    experience = "पुणे के एक होटल की रसोई में तीन साल रसोइया"
    world.profile.work_experience = experience
    world.profile.save()
    ApplicationFactory(candidate=world.profile, job=world.job)
    employer, url = world.actors["employer"], reverse("talent:candidate", args=[world.profile.pk])
    assert "translate-button" in page(employer, url)

    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(employer).post(reverse("translations:translate", args=["ssw_candidate", world.profile.pk]), {"lang": "ja"})

    html = page(employer, url)
    assert f'{fake_translate(experience, "ja")}</dd>' in html and '<dd lang="ja">' in html
    assert experience in page(employer, url, original="1")


@pytest.mark.parametrize(("actor", "status"), [("candidate", 404), ("other_employer", 404), ("visitor", 302), ("other_candidate", 302)])
def test_nobody_else_translates_a_candidates_profile(world, actor, status, libretranslate):
    ApplicationFactory(candidate=world.other_profile, job=world.job)  # not discoverable: only Naniwa Foods sees it
    url = reverse("translations:translate", args=["ssw_candidate", world.other_profile.pk])
    assert world.client(actor).post(url, {"lang": "ja"}).status_code == status
