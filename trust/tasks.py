"""Emails of the trust app. Queued on commit with ids; each re-reads what it needs."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from trust.models import Invitation


@task()
def invitation_email(invitation_id):
    """Tell a doctor they were invited to answer a question, if it is still open."""
    invitation = (
        Invitation.objects.open().select_related("question", "doctor__user").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.question.is_published or not invitation.doctor.user.is_active:
        return
    context = {"invitation": invitation, "question": invitation.question, "SITE_URL": settings.SITE_URL}
    subject = render_to_string("trust/email/invitation_subject.txt", context).strip()
    body = render_to_string("trust/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.doctor.user.email])
