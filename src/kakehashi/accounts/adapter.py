"""allauth adapter: its e-mails go through the outbox, in the recipient's language."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from kakehashi.core.clientip import client_ip
from kakehashi.mail.services import store_rendered

from . import services, signin_throttle
from .models import User


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email", credentials.get("username", "")) or "")


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """Through `TRUSTED_PROXY_COUNT` proxies (core.clientip); allauth's limits use it."""
        return client_ip(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse while this address must still wait for this account (signin_throttle),
        then allauth's per-address limit."""
        if signin_throttle.wait_seconds(_login(credentials), self.get_client_ip(request)) > 0:
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            signin_throttle.record_success(_login(credentials), self.get_client_ip(request))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        signin_throttle.record_failure(_login(credentials), self.get_client_ip(request))

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        services.prepare_new_user(
            user,
            language=translation.get_language() or "en",
            display_name=form.cleaned_data.get("display_name", ""),
        )
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = User.objects.filter(email__iexact=email).first()
        locale = user.language if user else (translation.get_language() or "en")[:2]
        context = {"SITE_NAME": settings.SITE_NAME, "site_url": settings.SITE_URL, "email": email, **context}
        with translation.override(locale):
            message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        store_rendered(
            to=email,
            user=user,
            template=template_prefix,
            locale=locale,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )
