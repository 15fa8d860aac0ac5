"""Email that moderation decisions send, after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def doctor_verification_email(decision_id):
    """Tell a doctor the outcome of their verification (approved, rejected or withdrawn)."""
    from moderation.models import ModerationDecision

    decision = ModerationDecision.objects.select_related("content_type").get(pk=decision_id)
    doctor = decision.target
    context = {"doctor": doctor, "decision": decision, "SITE_URL": settings.SITE_URL}
    send_mail(
        subject=render_to_string("moderation/email/doctor_verification_subject.txt", context).strip(),
        message=render_to_string("moderation/email/doctor_verification.txt", context),
        from_email=None,
        recipient_list=[doctor.user.email],
    )
