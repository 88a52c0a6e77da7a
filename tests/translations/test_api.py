"""The API: versions as sub-resources, the 202 translate operation, `?lang=` on reads."""

import pytest
from django.test import TestCase

from kakehashi.translations import services
from kakehashi.translations.models import Version

from ..api import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, api_url, bearer_client, json_request
from .servers import fake_translate
from .test_versions import HINDI


def versions(world):
    return api_url(f"translations/opportunity/{world.request.pk}/versions")


def test_the_author_puts_a_version_and_readers_list_it(world):
    response = json_request(bearer_client(world.owner), "put", versions(world) + "/hi", {"fields": HINDI})
    assert response.status_code == 200
    assert response.json()["origin"] == "author" and response.json()["fields"] == HINDI
    listed = bearer_client(world.reader).get(versions(world)).json()
    assert [(v["language"], v["origin"], v["original_changed"]) for v in listed] == [("hi", "author", False)]


def test_a_reader_may_not_put_a_version(world):
    response = json_request(bearer_client(world.reader), "put", versions(world) + "/hi", {"fields": HINDI})
    assert response.status_code == 403 and response.json() == FORBIDDEN
    assert not Version.objects.exists()


def test_the_author_deletes_a_version(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    assert bearer_client(world.owner).delete(versions(world) + "/hi").status_code == 204
    assert not Version.objects.exists()


def test_a_missing_part_is_a_400_with_the_field(world):
    response = json_request(bearer_client(world.owner), "put", versions(world) + "/hi", {"fields": {**HINDI, "summary": ""}})
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["body", "summary"]


def test_lang_on_the_opportunity_read_returns_the_best_version(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    url = api_url(f"opportunities/{world.request.reference}")
    body = bearer_client(world.reader).get(url + "?lang=hi").json()
    assert (body["title"], body["shown_language"], body["translated_by"]) == (HINDI["title"], "hi", "author")
    body = bearer_client(world.reader).get(url + "?lang=en").json()
    assert (body["title"], body["shown_language"], body["translated_by"]) == (world.request.title, "ja", "original")
    assert bearer_client(world.reader).get(url + "?lang=xx").status_code == 422


def test_translate_answers_202_then_the_cached_result(world, libretranslate):
    url = api_url(f"translations/opportunity/{world.request.pk}")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = json_request(bearer_client(world.reader), "post", url + "/translate", {"lang": "en"})
    assert response.status_code == 202 and response.json() == {"state": "pending"}
    body = bearer_client(world.reader).get(url + "/translation?lang=en").json()
    assert body["origin"] == "machine" and body["fields"]["title"] == fake_translate(world.request.title, "en")
    assert body["original"]["title"] == world.request.title


def test_translate_without_a_provider_is_a_400(world):
    url = api_url(f"translations/opportunity/{world.request.pk}/translate")
    response = json_request(bearer_client(world.reader), "post", url, {"lang": "en"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["versions", "translation?lang=en"])
def test_strangers_get_401_others_404(world, path):
    world.request.status = "draft"
    world.request.save()
    url = api_url(f"translations/opportunity/{world.request.pk}/{path}")
    assert bearer_client(None).get(url).json() == UNAUTHENTICATED
    assert bearer_client(world.unapproved).get(url).status_code == 403
    response = bearer_client(world.outsider).get(url)
    assert response.status_code == 404 and response.json() == NOT_FOUND
    assert bearer_client(world.reader).get(api_url(f"translations/nothing/{world.request.pk}/{path}")).status_code == 404


def test_lang_on_the_post_read_returns_the_best_version(world):
    from ..factories import PostFactory

    post = PostFactory(author=world.staff, title="Write-up", body="Some **text**.")
    services.save_version(world.staff, "post", post.pk, "ja", {"title": "レポート", "body": "**本文**です。"})
    body = bearer_client(world.reader).get(api_url(f"community/posts/{post.slug}") + "?lang=ja").json()
    assert (body["title"], body["body"], body["shown_language"], body["translated_by"]) == ("レポート", "**本文**です。", "ja", "author")
    body = bearer_client(None).get(api_url(f"community/posts/{post.slug}")).json()
    assert (body["title"], body["translated_by"]) == ("Write-up", "original")


def test_lang_on_the_opportunity_lists_returns_each_results_best_version(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    listed = bearer_client(world.reader).get(api_url("opportunities") + "?lang=hi").json()["results"]
    assert [(o["title"], o["summary"], o["shown_language"], o["translated_by"]) for o in listed] == [
        (HINDI["title"], HINDI["summary"], "hi", "author"),
    ]
    mine = bearer_client(world.owner).get(api_url("opportunities/mine") + "?lang=hi").json()["results"]
    assert [(o["title"], o["translated_by"]) for o in mine] == [(HINDI["title"], "author")]
    english = bearer_client(world.reader).get(api_url("opportunities") + "?lang=en").json()["results"]
    assert [(o["title"], o["shown_language"], o["translated_by"]) for o in english] == [(world.request.title, "ja", "original")]
    plain = bearer_client(world.reader).get(api_url("opportunities")).json()["results"]
    assert [(o["title"], o["shown_language"], o["translated_by"]) for o in plain] == [(world.request.title, "", "original")]
    assert bearer_client(world.reader).get(api_url("opportunities") + "?lang=xx").status_code == 422


def test_lang_on_the_post_list_returns_each_posts_best_version_with_its_html(world):
    from kakehashi.core.markdown import render_markdown

    from ..factories import PostFactory

    post = PostFactory(author=world.staff, title="Write-up", body="Some **text**.")
    services.save_version(world.staff, "post", post.pk, "ja", {"title": "レポート", "body": "**本文**です。"})
    listed = bearer_client(None).get(api_url("community/posts") + "?lang=ja").json()["results"]
    assert [(p["title"], p["body_html"], p["shown_language"], p["translated_by"]) for p in listed] == [
        ("レポート", render_markdown("**本文**です。"), "ja", "author"),
    ]
    detail = bearer_client(None).get(api_url(f"community/posts/{post.slug}") + "?lang=ja").json()
    assert detail["body_html"] == render_markdown("**本文**です。")
