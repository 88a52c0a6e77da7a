"""`kakehashi`: every Django management command, plus run, worker and seed-demo.

    kakehashi run [--port 8000]   serve the embedded default (migrates, seeds demo data once)
    kakehashi worker              run queued tasks and periodic jobs (production)
    kakehashi seed-demo           fill the database with the demo organisations and members
    kakehashi migrate | check --deploy | createsuperuser | …

Any other command first makes sure the database is migrated: the embedded SQLite database is
migrated there and then (a data directory that was never used just works); any other
database with unapplied migrations stops the command with "run `kakehashi migrate` first"
and exit status 2, because an operator migrates production on purpose.
"""

import os
import sys

from kakehashi import threads

ALIASES = {"seed-demo": "seed_demo", "eval-matching": "eval_matching", "eval-search": "eval_search"}

# Commands that run whatever the state of the schema: they change or inspect it, do not use
# the database, open a shell, or migrate by themselves (run).
NO_MIGRATION_CHECK = frozenset({
    "help", "version", "check", "diffsettings", "shell", "dbshell",
    "migrate", "makemigrations", "squashmigrations", "optimizemigration", "showmigrations", "sqlmigrate",
    "sqlflush", "sqlsequencereset", "flush", "inspectdb", "createcachetable",
    "makemessages", "compilemessages", "collectstatic", "findstatic", "sendtestemail",
    "startapp", "startproject", "test", "testserver", "run",
})
HELP_FLAGS = frozenset({"-h", "--help", "--version"})


def _needs_migrated_database(argv: list[str]) -> bool:
    return len(argv) > 1 and argv[1] not in NO_MIGRATION_CHECK and not argv[1].startswith("-") and not HELP_FLAGS & set(argv[2:])


def ensure_migrated(command: str) -> None:
    """Before `command`: migrate the embedded SQLite database, or exit 2 if another database
    needs migrating. An unknown command is left to Django to report."""
    import django  # noqa: PLC0415  (after main() has chosen the settings module)
    from django.core.management import call_command, get_commands  # noqa: PLC0415  (after main() has chosen the settings module)
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections  # noqa: PLC0415  (after main() has chosen the settings module)
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415  (after main() has chosen the settings module)

    django.setup()
    if command not in get_commands():
        return
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return  # unreachable: the command itself says so as it always has
    if not plan:
        return
    if connection.vendor == "sqlite":
        sys.stderr.write(f"Migrating the database {connection.settings_dict['NAME']} ({len(plan)} migrations)…\n")
        call_command("migrate", interactive=False, verbosity=0)
        return
    sys.stderr.write(f"The database has {len(plan)} unapplied migrations: run `kakehashi migrate` first.\n")
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    # Before anything loads numpy or an encoder: native pools sized for this kind of process.
    threads.configure_for_command(argv)
    if len(argv) > 1 and argv[1] == "run":
        # The embedded default is a local server: debug pages on, no HTTPS redirect,
        # tasks queued in the database and run by a thread of this process.
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("TASK_BACKEND", "database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415  (after DJANGO_SETTINGS_MODULE is chosen above)

    if _needs_migrated_database(argv):
        ensure_migrated(argv[1])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
