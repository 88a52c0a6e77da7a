"""`kakehashi search "…" [--lang ja]`: free-text search of the published opportunities."""

from django.core.management.base import BaseCommand, CommandError

from kakehashi.core.languages import CODES
from kakehashi.matching import queries as matching
from kakehashi.matching.encoders import clean
from kakehashi.opportunities.matches import COLLECTION
from kakehashi.opportunities.models import Opportunity, Visibility, live_q


class Command(BaseCommand):
    help = "Search the live opportunities in any language (a Japanese query finds English ones)."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--lang", choices=CODES, help="language of the query (default: detected)")
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, **options):
        text = clean(options["text"])
        if not text:
            raise CommandError("Give some words to search for.")
        live = {o.pk: o for o in Opportunity.objects.filter(live_q()).select_related("organisation")}
        hits = matching.search(COLLECTION, text, allowed=set(live), limit=options["limit"], language=options["lang"])
        if not hits:
            self.stdout.write("No opportunity is relevant to this search (run `kakehashi reindex` if the index is empty).")
        for object_id, score in hits:
            opportunity = live[object_id]
            owner = "anonymous" if opportunity.visibility == Visibility.ANONYMOUS else opportunity.organisation.name
            self.stdout.write(
                f"{score:6.2f}  {opportunity.reference}  [{opportunity.language}] {opportunity.get_kind_display()}"
                f" · {opportunity.title} · {owner}"
            )
