from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class TranslationsConfig(AppConfig):
    name = "kakehashi.translations"
    label = "translations"
    verbose_name = _("Translations")

    def ready(self) -> None:
        registry.periodic("kakehashi.translations.services.forget_unused", every="TRANSLATION_SWEEP_SECONDS")
        registry.periodic("kakehashi.translations.services.refresh_desk_queue", every="TRANSLATION_DESK_SECONDS")
        registry.seeder(60, "seed_translations")
        registry.seeder(90, "refresh_desk")  # after every seeder that adds items
        registry.texts_in_language("kakehashi.translations.queries.in_language")
