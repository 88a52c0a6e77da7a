"""`kakehashi seed-demo`: every app's demo data, in dependency order. Idempotent."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

SEEDERS = ["seed_accounts", "seed_opportunities", "seed_community", "seed_events", "seed_interests"]


class Command(BaseCommand):
    help = "Load the demo data of every app (organisations, members, staff, community posts). Idempotent."

    def handle(self, *args, **options):
        for name in SEEDERS:
            call_command(name, stdout=self.stdout)
