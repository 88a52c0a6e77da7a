"""`kakehashi seed_translations` (run by `kakehashi seed-demo`): human versions of key demo items.

The Japanese sourcing request KK-A0000001 in English and Hindi, the Hindi distributor
request KK-886B1F85 in English and Japanese, and the pinned session write-up in Japanese and
Hindi, so readers see the bilingual experience with no machine translation configured.
Fixture loading: rows are written directly, found through the registered sources' `lookup`;
an item missing from the database is skipped. Running it twice changes nothing.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from ...models import Version, fields_hash
from ...sources import find

DATA = Path(__file__).resolve().parents[2] / "data" / "demo_versions.json"


class Command(BaseCommand):
    help = "Load human versions of key demo items (idempotent)."

    def handle(self, *args, **options):
        created = 0
        for entry in json.loads(DATA.read_text(encoding="utf-8")):
            source = find(entry["source"])
            obj = source.lookup(entry["key"]) if source is not None and source.lookup is not None else None
            if obj is None:
                continue
            _language, original = source.texts(obj)
            _version, new = Version.objects.get_or_create(
                source=source.name, object_id=obj.pk, language=entry["language"],
                defaults={"fields": entry["fields"], "origin": entry["origin"], "original_hash": fields_hash(original)},
            )
            created += new
        self.stdout.write(f"Demo versions: {created} new, {Version.objects.count()} in all.")
