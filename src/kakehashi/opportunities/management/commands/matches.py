"""`kakehashi matches <reference>`: an opportunity's ranked matches and why."""

from django.core.management.base import BaseCommand, CommandError

from kakehashi.opportunities.matches import ranking
from kakehashi.opportunities.models import Match, Opportunity, Visibility, live_q


class Command(BaseCommand):
    help = "List the ranked matches of an opportunity (by reference, e.g. KK-7F3A9C2D, or id) with their reasons."

    def add_arguments(self, parser):
        parser.add_argument("opportunity")
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, **options):
        key = options["opportunity"]
        opportunity = Opportunity.objects.filter(reference=key.upper()).first()
        if opportunity is None and key.isdigit():
            opportunity = Opportunity.objects.filter(pk=int(key)).first()
        if opportunity is None:
            raise CommandError(f"No opportunity {key!r}.")
        self.stdout.write(f"{opportunity.reference} [{opportunity.language}] {opportunity.title}")
        rows = (
            Match.objects.filter(opportunity=opportunity, other__in=Opportunity.objects.filter(live_q()))
            .select_related("other__organisation")
            .order_by("-score", "id")[: options["limit"]]
        )
        if not rows:
            self.stdout.write("No matches yet (they are computed after publication; `kakehashi reindex` recomputes all).")
        for row in rows:
            other, signals = row.other, row.signals
            owner = "anonymous" if other.visibility == Visibility.ANONYMOUS else other.organisation.name
            self.stdout.write(
                f"{row.score:5.2f}  {ranking.strength(row.score):<8}  {other.reference} [{other.language}] "
                f"{other.get_kind_display()} · {other.title} · {owner}\n"
                f"       semantic {signals['semantic']:.2f} × stage {signals['stage']['value']:.2f}"
                f" × country {signals['country']['value']:.2f} × sectors {signals['sectors']['value']:.2f}"
                + (f" · missed: {', '.join(signals['constraints'])}" if signals.get("constraints") else "")
                + "".join(f"\n       “{p['mine']}” ↔ “{p['theirs']}” ({p['similarity']:.2f})" for p in signals["passages"])
            )
