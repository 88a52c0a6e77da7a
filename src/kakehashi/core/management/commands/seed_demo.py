"""`kakehashi seed-demo`: every app's demo data, in the order the apps registered
(`core.registry.seeder`), then the `demo_data` flag (`core/flags.py`). Idempotent."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kakehashi.core import flags, registry


class Command(BaseCommand):
    help = "Load the demo data of every app (organisations, members, staff, community posts). Idempotent."

    def handle(self, *args, **options):
        for seeder in registry.seeders():
            call_command(seeder.command, stdout=self.stdout)
        flags.set_flag(flags.DEMO_DATA)  # the footer says the data is invented
