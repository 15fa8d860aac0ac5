from django.core.management.base import BaseCommand

from doctors.models import DoctorProfile
from doctors.tasks import doctor_send_digest


class Command(BaseCommand):
    help = "Queue the daily digest of new questions for every verified doctor who asked for it. Run daily."

    def handle(self, *args, **options):
        doctor_ids = (
            DoctorProfile.objects.verified().filter(wants_daily_digest=True).values_list("pk", flat=True)
        )
        count = 0
        for doctor_id in doctor_ids.iterator():
            doctor_send_digest.enqueue(doctor_id)
            count += 1
        self.stdout.write(f"Queued {count} digests.")
