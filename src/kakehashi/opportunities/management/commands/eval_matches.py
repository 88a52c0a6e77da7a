"""`kakehashi eval-matches`: the production match ranking against judged pairs of opportunities."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kakehashi.opportunities.matches.evaluation import (
    DEFAULT_JUDGEMENTS,
    JUDGEMENTS_FORMAT,
    JudgementError,
    MissingData,
    evaluate,
    read_judgements,
)

EXIT_GOAL_MISSED, EXIT_BAD_FILE, EXIT_NO_DATA = 1, 2, 3


class Command(BaseCommand):
    help = (
        "Rank the matches of every judged source opportunity with the production ranking and print "
        "pairwise accuracy, nDCG@10 and whether every constraint case is ranked correctly (the goal). "
        "Needs the demo data with vectors (kakehashi seed-demo, kakehashi reindex). "
        f"Format of FILE.tsv: {JUDGEMENTS_FORMAT} "
        f"Exit status: 0 goal met, {EXIT_GOAL_MISSED} goal missed, {EXIT_BAD_FILE} malformed file, "
        f"{EXIT_NO_DATA} data or vectors missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--judgements", type=Path, default=DEFAULT_JUDGEMENTS, metavar="FILE.tsv",
                            help="the judged pairs (default: opportunities/data/match_judgements.tsv)")
        parser.add_argument("--verbose", action="store_true", help="one line per judged pair")
        parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")

    def handle(self, *args, **options):
        path: Path = options["judgements"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}", returncode=EXIT_BAD_FILE)
        try:
            judgements = read_judgements(path)
        except JudgementError as error:
            raise CommandError(str(error), returncode=EXIT_BAD_FILE) from error
        try:
            result = evaluate(judgements)
        except MissingData as error:
            raise CommandError(str(error), returncode=EXIT_NO_DATA) from error
        if options["verbose"]:
            for case in result["cases"]:
                place = f"#{case['rank']:<2} {case['score']:.2f} {case['label']:<8}" if case["rank"] else "not listed       "
                self.stdout.write(
                    f"{'ok   ' if case['correct'] else 'WRONG'} {case['source']} → {case['candidate']}  "
                    f"{'relevant    ' if case['relevant'] else 'not relevant'}  {place}"
                    f"{' [' + case['constraint'] + ']' if case['constraint'] else ''}  {case['note']}"
                )
        verdict = "PASS" if result["goal_met"] else "FAIL"
        accuracy, ndcg = result["pairwise_accuracy"], result["ndcg_at_10"]
        self.stdout.write(
            f"{result['judgements']} judged pairs, {result['sources']} sources ({path.name})\n"
            f"pairwise accuracy  {'n/a' if accuracy is None else f'{accuracy:.3f}'}"
            f"  ({result['pairs_correct']}/{result['pairs']} pairs ordered correctly)\n"
            f"nDCG@10            {'n/a' if ndcg is None else f'{ndcg:.3f}'}  (mean over {result['ndcg_sources']} sources)\n"
            f"constraint cases   {result['constraint_cases_correct']}/{result['constraint_cases']} ranked correctly"
            f"  goal: {result['goal']}: {verdict}"
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True, ensure_ascii=False))
        if not result["goal_met"]:
            raise CommandError(f"goal missed: {result['constraint_cases'] - result['constraint_cases_correct']} "
                               "constraint cases ranked wrongly", returncode=EXIT_GOAL_MISSED)
