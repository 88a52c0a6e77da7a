"""Who may call every page of the supply-chain namespace. A supplier list belongs to the
Japanese maker "Chubu Brake Works"; its lists and analyses are for its members and staff.

- visitor: not signed in
- unapproved: signed in, approval pending
- loner: approved member of no organisation
- other_org_member: approved owner of another organisation
- member: approved member of the maker
- staff: staff of the running body (reads every list; uploads only for its own organisations)
"""

import pytest
from django.test import Client

from kakehashi.supplychain import services
from kakehashi.supplychain.models import ListStatus, SupplierList
from tests.factories import StaffFactory, UserFactory

from .conftest import ja_csv

pytestmark = pytest.mark.django_db
LOGIN = ("redirect", "login")
WELCOME = ("redirect", "/welcome/")
ACTORS = ["visitor", "unapproved", "loner", "other_org_member", "member", "staff"]


@pytest.fixture
def world(buyer, maker, other_org_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ready = services.upload_list(buyer, maker.pk, "Brakes", "s.csv", ja_csv())
        waiting = services.upload_list(buyer, maker.pk, "Odd", "o.csv", b"Part,Vendor,Made in,Value,Curr\r\nA,B,Japan,1,JPY\r\n")
    assert waiting.status == ListStatus.MAPPING
    return {
        "ready": ready.pk, "waiting": waiting.pk,
        "actors": {
            "visitor": None, "unapproved": UserFactory(approval_status="pending"), "loner": UserFactory(),
            "other_org_member": other_org_member, "member": buyer, "staff": StaffFactory(),
        },
    }


def client_as(world, actor):
    client = Client()
    if world["actors"][actor] is not None:
        client.force_login(world["actors"][actor])
    return client


def members_only(allowed, staff=None) -> dict:
    return {"visitor": LOGIN, "unapproved": WELCOME, "loner": 404, "other_org_member": 404, "member": allowed,
            "staff": allowed if staff is None else staff}


PAGES = [
    ("/supply-chain/", {"visitor": LOGIN, "unapproved": WELCOME, "loner": 200, "other_org_member": 200, "member": 200, "staff": 200}),
    ("/supply-chain/template/ja.csv", dict.fromkeys(ACTORS, 200)),
    ("/supply-chain/lists/{ready}/", members_only(200)),
    ("/supply-chain/lists/{ready}/export.csv", members_only(200)),
    ("/supply-chain/lists/{ready}/export.xlsx", members_only(200)),
    ("/supply-chain/lists/{ready}/alternatives/", members_only(200)),
    ("/supply-chain/lists/{waiting}/mapping/", members_only(200, staff=404)),
]


def assert_outcome(response, expected, url):
    if isinstance(expected, tuple):
        target = f"/accounts/login/?next={url}" if expected[1] == "login" else expected[1]
        assert (response.status_code, response.headers.get("Location")) == (302, target)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[p for p, _ in PAGES])
@pytest.mark.parametrize("actor", ACTORS)
def test_get_pages(world, actor, path, expected):
    url = path.format(**world)
    assert_outcome(client_as(world, actor).get(url), expected[actor], url)


def test_list_index_shows_only_the_viewers_organisations_lists(world):
    assert "Brakes" not in client_as(world, "other_org_member").get("/supply-chain/").content.decode()
    assert "Brakes" in client_as(world, "member").get("/supply-chain/").content.decode()
    assert "Brakes" in client_as(world, "staff").get("/supply-chain/").content.decode()


@pytest.mark.parametrize(("actor", "expected"), [
    ("visitor", LOGIN), ("unapproved", WELCOME), ("loner", 400), ("other_org_member", 400), ("staff", 400),
])
def test_upload_for_an_organisation_one_does_not_act_for_is_refused(world, maker, actor, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = SupplierList.objects.count()
    response = client_as(world, actor).post("/supply-chain/upload/", {
        "organisation": maker.pk, "name": "Mine now", "file": SimpleUploadedFile("s.csv", ja_csv()),
    })
    assert_outcome(response, expected, "/supply-chain/upload/")
    assert SupplierList.objects.count() == before


@pytest.mark.parametrize("actor", ["loner", "other_org_member", "staff"])
def test_mapping_by_someone_not_acting_for_the_organisation_is_refused(world, actor):
    response = client_as(world, actor).post(f"/supply-chain/lists/{world['waiting']}/mapping/", {
        "item": "Part", "supplier": "Vendor", "country": "Made in", "spend": "Value", "currency": "Curr",
    })
    assert response.status_code == 404
    assert SupplierList.objects.get(pk=world["waiting"]).status == ListStatus.MAPPING


def test_service_refuses_an_upload_for_another_organisation(world, maker, other_org_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.upload_list(other_org_member, maker.pk, "Mine now", "s.csv", ja_csv())
