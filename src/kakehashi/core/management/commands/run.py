from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from kakehashi.core import inprocess, periodic


class Command(BaseCommand):
    help = (
        "Serve Kakehashi with the embedded default: migrate, seed demo data once, run queued tasks "
        "and periodic jobs on threads of this process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-seed", action="store_true", help="Do not load the demo data into an empty database.")

    def handle(self, *args, host: str, port: int, no_seed: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        from kakehashi.accounts import people  # noqa: PLC0415  (core reaches up to accounts here; the command is run after apps load)

        if not no_seed and not people.organisations_exist():
            self.stdout.write("Loading the demo data (first run)…")
            call_command("seed_demo")
        periodic.start_in_background()
        if settings.TASK_BACKEND == "database":
            inprocess.start_task_worker()
            from kakehashi.matching import services as matching

            if matching.needs_reindex():
                self.stdout.write("Computing embeddings and matches in the background (a minute or two)…")
                from kakehashi.matching.tasks import reindex_all

                reindex_all.enqueue()
        self.stdout.write(f"Kakehashi on http://{host}:{port}/  (data in {settings.DATA_DIR})")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
