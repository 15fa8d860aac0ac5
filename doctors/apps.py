from django.apps import AppConfig
from django.db.models.signals import post_save


class DoctorsConfig(AppConfig):
    name = "doctors"
    verbose_name = "Doctors"

    def ready(self):
        from doctors.models import DoctorProfile
        from doctors.permissions import forget_not_a_doctor

        post_save.connect(forget_not_a_doctor, sender=DoctorProfile, dispatch_uid="doctors.not_a_doctor")
