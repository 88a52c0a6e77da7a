"""`kakehashi eval-search`: nDCG@10, precision@5 and nonsense rejection of opportunity search
on a judged set of queries in English, Japanese and Hindi (logic: opportunities/evaluation.py)."""

import json
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kakehashi.core.languages import CODES
from kakehashi.opportunities import evaluation
from kakehashi.opportunities.evaluation import GOALS, JudgementError, NotReady

DESCRIPTION = """\
Measure opportunity search on a judged set of queries: every query runs through the search
of the platform (the same permission-checked search as the search page) as one viewer, and
its results are scored against the judged references. Prints per language and overall:
nDCG@10 (graded gains 2^grade - 1), precision@5 (relevant = grade 1 or 2), the median number
of results, and the share of nonsense queries answered with no result; then the goals
(nDCG@10 >= {ndcg}, nonsense answered with nothing >= {nonsense:.0%}) with PASS or FAIL.

Needs the demo data, indexed: kakehashi seed-demo, then kakehashi reindex. The default
judged set is opportunities/data/search_judgements.tsv (written for the demo opportunities).

""".format(ndcg=GOALS["ndcg_at_10"], nonsense=GOALS["nonsense_empty_share"])


def _figure(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


class Command(BaseCommand):
    help = DESCRIPTION.splitlines()[0]

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = DESCRIPTION + evaluation.FORMAT.replace("%", "%%")
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--judgements", type=Path, default=evaluation.DEFAULT_JUDGEMENTS, metavar="FILE.tsv",
                            help="the judged set (format above; default: the demo set shipped with the platform)")
        parser.add_argument("--as", dest="role", choices=("member", "visitor"), default="member",
                            help="search as an approved member of a demo organisation, who may see every live "
                                 "opportunity (default), or as a visitor, who sees the public ones only")
        parser.add_argument("--member", default="", metavar="EMAIL",
                            help="with --as member: the member to search as (default: the first person of the "
                                 "first approved organisation by name)")
        parser.add_argument("--json", action="store_true", help="print one JSON object (every figure and query) instead")
        parser.add_argument("--verbose", action="store_true",
                            help="also print one line per query: its nDCG@10, P@5, result count and top five")
        parser.add_argument("--check", action="store_true", help="exit with status 1 when a goal is missed")

    def handle(self, *args, **options):
        path = options["judgements"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}", returncode=2)
        try:
            judged = evaluation.read_judgements(path)
        except JudgementError as error:
            raise CommandError(str(error), returncode=2) from error
        try:
            viewer, who = evaluation.viewer_for(options["role"], options["member"])
            result = evaluation.run(judged, viewer)
        except NotReady as error:
            raise CommandError(str(error)) from error
        result["viewer"] = options["role"]
        result["judgements"] = str(path)
        for reference in result["unknown_references"]:
            self.stderr.write(f"warning: {reference} is not a live opportunity here; left out of the ideal ranking")
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=True))
        else:
            self._report(result, who, options["verbose"])
        if options["check"] and not result["passed"]:
            raise CommandError("a search quality goal is missed")

    def _report(self, result: dict, who: str, verbose: bool) -> None:
        write = self.stdout.write
        write(f"Judged set {result['judgements']}, searched as {who}")
        if verbose:
            for row in result["queries"]:
                top = " ".join(f"{ref}({grade})" for ref, grade in row["top"]) or "(no result)"
                if row["nonsense"]:
                    figures = f"{'nonsense':<8} {'':>6}"
                else:
                    figures = f"{_figure(row['ndcg_at_10']):>8} {_figure(row['precision_at_5'], 2):>6}"
                write(f"{row['id']:<8} {figures} {row['results']:>5}  {row['query']}  →  {top}")
            write("")
        write(f"{'':<8} {'queries':>7} {'nDCG@10':>8} {'P@5':>6} {'median n':>9}   {'nonsense':>8} {'→ none':>7}")
        for language in (*CODES, "all"):
            s = result["summary"][language]
            write(
                f"{language:<8} {s['queries']:>7} {_figure(s['ndcg_at_10']):>8} {_figure(s['precision_at_5'], 2):>6} "
                f"{_figure(s['median_results'], 0):>9}   {s['nonsense_queries']:>8} "
                f"{_figure(s['nonsense_empty_share'], 2):>7}"
            )
        overall = result["summary"]["all"]
        write("")
        write(f"Goal nDCG@10 >= {GOALS['ndcg_at_10']}: {_figure(overall['ndcg_at_10'])} "
              f"{'PASS' if result['pass']['ndcg_at_10'] else 'FAIL'}")
        write(f"Goal nonsense answered with no result >= {GOALS['nonsense_empty_share']:.0%}: "
              f"{_figure(overall['nonsense_empty_share'], 2)} {'PASS' if result['pass']['nonsense_empty_share'] else 'FAIL'}")
        if result["unknown_references"]:
            write(f"{len(result['unknown_references'])} judged references are not live opportunities here (ignored)")
        if result["judged_but_hidden"]:
            write(f"{result['judged_but_hidden']} judged pairs are hidden from this viewer (left out of the ideal ranking)")
