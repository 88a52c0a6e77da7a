"""`kakehashi reindex`: rebuild every registered collection's embeddings and index files (and,
through the collections' hooks, what their apps derive from them) from the database."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from kakehashi.matching import services


class Command(BaseCommand):
    help = ("Rebuild every embedding, vector index file and neighbourhood from the database, and what the apps "
            "derive from them (opportunity matches).")

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=0, help="threads for encoding (0: all cores; sized at process start); "
                                 "the index files are built by one thread, so that they are deterministic")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if options["quiet"]:
                return
            bar = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=stage, file=self.stderr._out))
            bar.update(done - bar.n)

        figures = services.reindex(progress)
        for bar in bars.values():
            bar.close()
        if figures.get("skipped"):
            self.stdout.write("Skipped: another reindex is running.")
            return
        self.stdout.write(", ".join(f"{value} {name}" for name, value in figures.items()))
