"""`kakehashi refresh_desk` (the last step of `kakehashi seed-demo`): bring the translation
desk's stored queue up to date now, rather than at the next periodic refresh. Safe to run
at any time, and twice."""

from django.core.management.base import BaseCommand

from ... import services
from ...models import DeskEntry


class Command(BaseCommand):
    help = "Refresh the translation desk's queue (what waits for a version in each language)."

    def handle(self, *args, **options):
        changed = services.refresh_desk()
        self.stdout.write(f"Translation desk: {changed} entries changed, {DeskEntry.objects.count()} waiting in all.")
