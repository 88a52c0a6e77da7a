from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class MailConfig(AppConfig):
    name = "kakehashi.mail"
    label = "mail"
    verbose_name = _("Mail outbox")

    def ready(self) -> None:
        registry.periodic("kakehashi.mail.services.deliver_due", every="MAIL_SWEEP_SECONDS")
