"""Signed links sent by e-mail (django.core.signing): confirm a visitor's address, cancel a
registration, answer the feedback survey. Each names the registration and its e-mail
address, so a link stops working if the row is given to another address."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kakehashi.core.links import absolute_url

from .models import Registration

CONFIRM_SALT = "kakehashi.events.confirm"
CANCEL_SALT = "kakehashi.events.cancel"
FEEDBACK_SALT = "kakehashi.events.feedback"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def make(registration: Registration, salt: str) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=salt, compress=True)


def url(registration: Registration, salt: str) -> str:
    name = {CONFIRM_SALT: "events:confirm", CANCEL_SALT: "events:cancel", FEEDBACK_SALT: "events:feedback"}[salt]
    return absolute_url(name, make(registration, salt))


def registration_for(token: str, salt: str) -> Registration:
    """The registration a link names, or a ValidationError saying the link is not valid."""
    max_age = CONFIRM_MAX_AGE if salt == CONFIRM_SALT else None
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired. Register again to get a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    registration = (
        Registration.objects.select_related("session", "session__series", "user")
        .filter(pk=data.get("r"), email=data.get("e"))
        .first()
    )
    if registration is None:
        raise ValidationError(_("This link is not valid."))
    return registration
