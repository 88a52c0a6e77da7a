from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands.runserver import Command as RunserverCommand
from django.core.servers.basehttp import WSGIServer
from django.db import connections

from kakehashi import heap
from kakehashi.core import inprocess, periodic, registry

WILDCARDS = {"0.0.0.0", "::", ""}  # listening on every address: links name this machine


class BackloggedWSGIServer(WSGIServer):
    """Django's development server listens with Python's default backlog of 5 connections:
    50 clients at once saw about one connection in ten reset. This one queues
    `RUN_LISTEN_BACKLOG` (128) and threads answer them in turn."""

    request_queue_size = settings.RUN_LISTEN_BACKLOG

    def close_request(self, request) -> None:
        connections.close_all()  # each request has a thread of its own: its connection ends with it
        super().close_request(request)


def served_url(host: str, port: int) -> str:
    """The address this server answers on, for links in e-mails, feeds and calendar files."""
    host = "127.0.0.1" if host in WILDCARDS else host
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


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
        if not settings.SITE_URL_FROM_ENV:
            settings.SITE_URL = served_url(host, port)  # links in e-mails point at this server
        call_command("migrate", interactive=False, verbosity=0)
        if not no_seed and not registry.demo_data_present():
            self.stdout.write("Loading the demo data (first run)…")
            call_command("seed_demo")
        periodic.start_in_background()
        if settings.TASK_BACKEND == "database":
            inprocess.start_task_worker()
            for hook in registry.warm_ups():  # e.g. matching enqueues a rebuild of its index
                line = hook()
                if line:
                    self.stdout.write(line)
        self.stdout.write(f"Kakehashi on http://{host}:{port}/  (data in {settings.DATA_DIR})")
        heap.freeze_startup()
        server = RunserverCommand()
        server.server_cls = BackloggedWSGIServer
        call_command(server, f"{host}:{port}", use_reloader=False, use_threading=True)
