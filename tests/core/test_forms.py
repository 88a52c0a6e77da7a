"""`service_errors`: the one way a view shows a service's ValidationError."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from kakehashi.core.forms import service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def _form() -> NameForm:
    form = NameForm({"name": "Tokai Seiki"})
    assert form.is_valid()
    return form


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_no_error_leaves_the_form_alone_and_the_call_ok():
    form = _form()

    with service_errors(form) as call:
        pass

    assert (call.ok, form.errors) == (True, {})


def test_a_plain_error_goes_on_top_of_the_form():
    form = _form()

    with service_errors(form) as call:
        raise ValidationError("This organisation is not accepting members.")

    assert (call.ok, form.non_field_errors()) == (False, ["This organisation is not accepting members."])


def test_a_plain_error_goes_on_the_named_field():
    form = _form()

    with service_errors(form, field="name") as call:
        raise ValidationError("Taken.")

    assert (call.ok, form.errors) == (False, {"name": ["Taken."]})


def test_field_errors_go_on_their_field_or_on_top_when_the_form_lacks_it():
    form = _form()

    with service_errors(form):
        raise ValidationError({"name": "Too short.", "sectors": "Pick one."})

    assert form.errors == {"name": ["Too short."], "__all__": ["Pick one."]}


def test_without_a_form_each_message_is_a_flash_message():
    request = _request()

    with service_errors(request) as call:
        raise ValidationError(["The session is full.", "Registration closed."])

    assert [str(m) for m in get_messages(request)] == ["The session is full.", "Registration closed."]
    assert call.message == "The session is full. Registration closed."


def test_without_a_target_the_errors_are_only_kept():
    with service_errors() as call:
        raise ValidationError("This link has expired.")

    assert (call.ok, call.errors) == (False, ["This link has expired."])


def test_other_exceptions_pass_through():
    with pytest.raises(PermissionDenied), service_errors(_form()):
        raise PermissionDenied
