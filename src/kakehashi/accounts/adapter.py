"""allauth adapter: its e-mails go through the outbox, in the recipient's language."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from kakehashi.mail.services import store_rendered

from . import services
from .models import User


class AccountAdapter(DefaultAccountAdapter):
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
