from django.core.management.base import BaseCommand

from search.indexing import BATCH_SIZE, search_reindex


class Command(BaseCommand):
    help = "Rebuild the search row of every question (run after bulk inserts, which skip signals)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size, **options):
        written = search_reindex(batch_size=max(1, batch_size))
        self.stdout.write(f"Reindexed {written} questions.")
