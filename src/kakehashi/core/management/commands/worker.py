from django.conf import settings
from django.core.management.base import BaseCommand

from kakehashi.core import periodic
from kakehashi.core.taskworker import Worker


class Command(BaseCommand):
    help = "Run background tasks from the database queue and the periodic jobs (mail retries, …)."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of the queue.")

    def handle(self, *args, queue_name: str, interval: float, **options):
        stop = periodic.start_in_background()
        try:
            if settings.TASK_BACKEND == "database":
                # django-tasks-db's worker loop, with a heartbeat (core/taskworker.py); built
                # here rather than through `db_worker`, whose --reload (on with DEBUG) would
                # run the tasks in a child process.
                worker = Worker(prefix="worker", queue_names=queue_name.split(","), interval=interval)
                worker.configure_signals()
                worker.run()
            else:
                self.stdout.write("TASK_BACKEND is not 'database': running the periodic jobs only.")
                stop.wait()
        finally:
            stop.set()
