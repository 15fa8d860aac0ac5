from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from questions.photos import DRAFTS_MAX_AGE, photo_drafts_cleanup


class Command(BaseCommand):
    help = (
        "Delete photos uploaded during the ask form's steps but never attached to a posted "
        "question (abandoned drafts). Run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=DRAFTS_MAX_AGE / 3600,
            help="Delete drafts older than this many hours (default: %(default)s, when their token expires).",
        )

    def handle(self, *args, hours, **options):
        if hours < 0:
            raise CommandError("--hours must be zero or more.")
        deleted = photo_drafts_cleanup(older_than=timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} abandoned draft photo file(s).")
