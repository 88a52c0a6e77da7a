"""A member's @handle: generated from the name on first need, unique whatever the case,
editable in the settings."""

import pytest
from django.db import IntegrityError
from django.utils.translation import override

from kakehashi.accounts.models import User, handle_base
from kakehashi.accounts.services import ensure_handle, suggest_handle

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "email", "expected"),
    [
        ("Asha Rao", "asha@example.org", "asha_rao"),
        ("  Dr. K. Sundaram  ", "k@example.org", "dr_k_sundaram"),
        ("森 健司", "kenji.mori@example.jp", "kenji_mori"),
        ("अनन्या", "an@example.in", "member"),
        ("Admin", "admin@example.org", "member"),
        ("Ōtani Shōhei", "o@example.jp", "otani_shohei"),
        ("x" * 60, "x@example.org", "x" * 26),
        ("", "first_last-name@example.org", "first_last_name"),
    ],
)
def test_handle_base_from_name_then_email(name, email, expected):
    assert handle_base(name, email) == expected


def test_ensure_handle_generates_once_with_a_suffix_when_taken():
    UserFactory(display_name="Asha Rao", handle="asha_rao")
    UserFactory(display_name="Asha Rao", handle="asha_rao2")
    third = UserFactory(display_name="Asha Rao")

    first = ensure_handle(third)
    third.display_name = "Somebody Else"
    again = ensure_handle(third)

    third.refresh_from_db()
    assert (first, again, third.handle) == ("asha_rao3", "asha_rao3", "asha_rao3")


def test_ensure_handle_keeps_a_handle_set_meanwhile():
    user = UserFactory(display_name="Asha Rao")
    User.objects.filter(pk=user.pk).update(handle="chosen")

    assert ensure_handle(user) == "chosen"


def test_suggest_handle_skips_taken_numbers():
    UserFactory(display_name="Ravi", handle="ravi")
    UserFactory(display_name="Ravi", handle="ravi3")

    assert suggest_handle(UserFactory(display_name="Ravi")) == "ravi2"


def test_handles_are_unique_whatever_the_case_in_the_database():
    UserFactory(handle="asha_rao")

    with pytest.raises(IntegrityError):
        UserFactory(handle="ASHA_RAO")


# --- settings form ------------------------------------------------------------------------------


def _profile(**overrides) -> dict:
    data = {"form": "profile", "profile-display_name": "Asha Rao", "profile-job_title": "", "profile-bio": "",
            "profile-language": "en", "profile-timezone": "UTC"}
    data.update({f"profile-{k}": v for k, v in overrides.items()})
    return data


def test_settings_suggests_a_handle_before_the_member_has_one(client, member):
    member.display_name = "Asha Rao"
    member.save()
    client.force_login(member)

    response = client.get("/settings/")

    member.refresh_from_db()
    assert response.context["profile"]["handle"].value() == "asha_rao"
    assert member.handle is None  # suggested, not stored until saved


@pytest.mark.parametrize("typed", ["Asha_Rao", "@asha_rao", "  asha_rao "])
def test_settings_saves_the_handle_in_lower_case(client, member, typed):
    client.force_login(member)

    response = client.post("/settings/", _profile(handle=typed))

    member.refresh_from_db()
    assert (response.status_code, member.handle) == (302, "asha_rao")


def test_settings_blank_handle_keeps_the_current_one(client, member):
    User.objects.filter(pk=member.pk).update(handle="kept")
    client.force_login(member)

    response = client.post("/settings/", _profile(handle="", job_title="CTO"))

    member.refresh_from_db()
    assert (response.status_code, member.handle, member.job_title) == (302, "kept", "CTO")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ab", "Use 3 to 30 characters: lower-case letters a–z, digits and _."),
        ("a" * 31, "Use 3 to 30 characters: lower-case letters a–z, digits and _."),
        ("asha rao", "Use 3 to 30 characters: lower-case letters a–z, digits and _."),
        ("asha-rao", "Use 3 to 30 characters: lower-case letters a–z, digits and _."),
        ("आशा", "Use 3 to 30 characters: lower-case letters a–z, digits and _."),
        ("<script>", "Use 3 to 30 characters: lower-case letters a–z, digits and _."),
        ("staff", "This handle is reserved. Choose another."),
        ("TAKEN_ONE", "This handle is taken."),
        ("x" * 40, "Ensure this value has at most 31 characters (it has 40)."),
        ("asha\x00rao", "Null characters are not allowed."),
    ],
)
def test_settings_refuses_a_bad_handle_with_a_field_error(client, member, typed, message):
    UserFactory(handle="taken_one")
    User.objects.filter(pk=member.pk).update(handle="mine")
    client.force_login(member)

    response = client.post("/settings/", _profile(handle=typed))

    member.refresh_from_db()
    assert response.status_code == 200
    with override("en"):
        assert {k: list(v) for k, v in response.context["profile"].errors.items()} == {"handle": [message]}
    assert (member.handle, member.display_name) == ("mine", member.display_name)


def test_settings_keeping_your_own_handle_in_another_case_is_fine(client, member):
    User.objects.filter(pk=member.pk).update(handle="mine")
    client.force_login(member)

    response = client.post("/settings/", _profile(handle="MINE"))

    member.refresh_from_db()
    assert (response.status_code, member.handle) == (302, "mine")


def test_member_page_shows_the_handle(client, member):
    person = UserFactory(display_name="Asha Rao", job_title="CTO")
    client.force_login(member)

    html = client.get(f"/community/members/{person.pk}/").content.decode()

    person.refresh_from_db()
    assert person.handle == "asha_rao"  # generated on first need
    assert '<span class="handle">@asha_rao</span> · CTO' in html
