from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class KnowledgeConfig(AppConfig):
    name = "kakehashi.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        registry.item_aside("knowledge/_part_of.html", "kakehashi.knowledge.queries.part_of")
        registry.text_annotator("kakehashi.knowledge.glossary.annotate")
