"""`kakehashi`: every Django management command, plus run, worker and seed-demo.

    kakehashi run [--port 8000]   serve the embedded default (migrates, seeds demo data once)
    kakehashi worker              run queued tasks and periodic jobs (production)
    kakehashi seed-demo           fill the database with the demo organisations and members
    kakehashi migrate | check --deploy | createsuperuser | …
"""

import os
import sys

ALIASES = {"seed-demo": "seed_demo", "eval-matching": "eval_matching"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
        if argv[1] == "run":
            # The embedded default is a local server: debug pages on, no HTTPS redirect,
            # tasks queued in the database and run by a thread of this process.
            os.environ.setdefault("DEBUG", "1")
            os.environ.setdefault("TASK_BACKEND", "database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415  (after DJANGO_SETTINGS_MODULE is chosen above)

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
