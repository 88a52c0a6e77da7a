"""`kakehashi eval-matching`: Recall@1/@10 and MRR of cross-lingual retrieval in one mixed index,
with every language competing (as search and matches run), and R@1 restricted to the answer's
language beside it."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kakehashi.matching.evaluation import evaluate, read_pairs

DEFAULT_PAIRS = ("tatoeba_laser_en_ja.tsv", "tatoeba_laser_en_hi.tsv")
GOAL = 0.90  # R@1 with every language competing, every direction
FLOORS = {"en->ja": 0.92, "ja->en": 0.92, "en->hi": 0.94, "hi->en": 0.94}  # R@1 restricted to the answer's language


def _default_directory() -> Path:
    # ../shared/eval/parallel beside the checkout (the repository's documented layout).
    return Path(settings.BASE_DIR).parents[1].parent / "shared" / "eval" / "parallel"


class Command(BaseCommand):
    help = (
        "Index pairs of translations as documents of one mixed en/ja/hi collection through the matching "
        "pipeline and print Recall@1, Recall@10 and MRR per direction with every language competing (as search "
        "and matches run), and Recall@1 restricted to the answer's language. Touches no platform data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pairs", action="append", type=Path,
                            help="a two-column TSV of translations with a header naming the languages "
                                 "(repeatable; default: the Tatoeba en-ja and en-hi files in ../shared/eval/parallel)")
        parser.add_argument("--limit", type=int, help="use only the first N pairs of each file")
        parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")

    def handle(self, *args, **options):
        paths = options["pairs"] or [_default_directory() / name for name in DEFAULT_PAIRS]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)} (give --pairs FILE.tsv)")
        try:
            files = [read_pairs(path, options["limit"]) for path in paths]
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=stage, file=self.stderr._out))
            bar.update(done - bar.n)

        result = evaluate(files, progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(f"{result['size']} documents in one mixed index; every language competing, "
                          f"then restricted to the answer's language")
        self.stdout.write(f"{'direction':<10} {'R@1':>7} {'R@10':>7} {'MRR@10':>7}  goal     {'filtered R@1':>12}  floor")
        for direction, values in result.items():
            if direction in ("filtered", "size"):
                continue
            verdict = f"{GOAL:.2f} {'ok' if values['recall_at_1'] >= GOAL else 'BELOW'}"
            floor = FLOORS.get(direction)
            filtered = result["filtered"][direction]["recall_at_1"]
            filtered_verdict = "" if floor is None else f"{floor:.2f} {'ok' if filtered >= floor else 'BELOW'}"
            self.stdout.write(
                f"{direction:<10} {values['recall_at_1']:>7.3f} {values['recall_at_10']:>7.3f} {values['mrr']:>7.3f}"
                f"  {verdict:<8} {filtered:>12.3f}  {filtered_verdict}"
            )
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True))
