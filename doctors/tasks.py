"""Emails to doctors. Queued with ids; each task re-reads what it needs."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from doctors.models import DoctorProfile
from doctors.selectors import unanswered_questions

DIGEST_PERIOD = timedelta(days=1)
DIGEST_MAX_QUESTIONS = 20


@task()
def doctor_send_digest(doctor_id):
    """Email a verified doctor who asked for it the questions published in their topics
    in the last day that still wait for an answer; nothing is sent when there are none."""
    doctor = DoctorProfile.objects.verified().select_related("user").filter(pk=doctor_id).first()
    if doctor is None or not doctor.wants_daily_digest or not doctor.user.is_active:
        return
    since = timezone.now() - DIGEST_PERIOD
    topics = list(doctor.topics.all())
    questions = list(
        unanswered_questions(doctor=doctor, topics=topics or None).filter(published_at__gte=since)[
            :DIGEST_MAX_QUESTIONS
        ]
    )
    if not questions:
        return
    context = {"doctor": doctor, "questions": questions, "SITE_URL": settings.SITE_URL}
    subject = render_to_string("doctors/email/digest_subject.txt", context).strip()
    body = render_to_string("doctors/email/digest.txt", context)
    send_mail(subject, body, None, [doctor.user.email])
