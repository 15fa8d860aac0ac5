"""A doctor's whole journey through the test client: join, stay pending, get verified by staff
through the admin, answer with the preview step, edit, and continue in the thread."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.models import Answer, AnswerVersion, Reply
from doctors.models import DoctorProfile
from moderation.models import DecisionAction, ModerationDecision
from questions.models import PostStatus
from tests.factories import CityFactory, QuestionFactory, TopicFactory, UserFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


def test_join_pending_verified_answer_edit_reply(client, django_capture_on_commit_callbacks, mailoutbox):
    topic, city = TopicFactory(name="Acne"), CityFactory()
    question = QuestionFactory(
        title="Breakouts after microneedling", created_at=timezone.now() - timedelta(days=2)
    )
    question.topics.add(topic)
    applicant = UserFactory(email="ward@clinic.example")
    client.force_login(applicant)

    # 1. Join with every field and a portrait.
    response = client.post(
        reverse("doctors:join"),
        {
            "name": "Isabella Ward",
            "specialty": "Dermatology",
            "licence_number": "AB-12345",
            "licensing_body": "College of Physicians and Surgeons of Alberta",
            "clinic": "Bow River Dermatology",
            "city": city.pk,
            "topics": [topic.pk],
            "bio": "Twenty years of treating acne.",
            "portrait": SimpleUploadedFile("me.png", image_bytes("PNG"), content_type="image/png"),
            "wants_daily_digest": "on",
        },
    )
    assert response.status_code == 302
    doctor = DoctorProfile.objects.get(user=applicant)
    assert doctor.verification_status == DoctorProfile.Verification.PENDING
    assert (doctor.licence_number, doctor.clinic, doctor.city, doctor.wants_daily_digest) == (
        "AB-12345",
        "Bow River Dermatology",
        city,
        True,
    )
    assert list(doctor.topics.all()) == [topic]
    assert doctor.portrait.name.endswith(".png")

    # 2. Pending: no public profile, no dashboard, but a draft is possible and private.
    assert client.get(doctor.get_absolute_url()).status_code == 404
    assert client.get(reverse("doctors:dashboard")).status_code == 403
    client.post(
        reverse("answers:create", args=[question.pk]),
        {"body": "Draft: **purging** is common.", "action": "draft"},
    )
    draft = Answer.objects.get(doctor=doctor)
    assert draft.status == PostStatus.PENDING
    assertContains(client.get(question.get_absolute_url()), "Draft: only you can see this answer.")
    client.logout()
    assertNotContains(client.get(question.get_absolute_url()), "purging")

    # 3. Staff verify the doctor from the verification queue in admin; the doctor is emailed.
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderator"))
    client.force_login(moderator)
    queue = reverse("admin:doctors_doctorawaitingverification_changelist")
    assertContains(client.get(queue), "AB-12345")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(queue, {"action": "approve_doctors", "_selected_action": [doctor.pk], "index": "0"})
    doctor.refresh_from_db()
    assert doctor.is_verified
    assert mailoutbox[-1].to == ["ward@clinic.example"]
    decision = ModerationDecision.objects.get(action=DecisionAction.DOCTOR_APPROVE)
    assert decision.actor == moderator and decision.target == doctor

    # 4. The doctor previews, then publishes the draft as their answer.
    client.force_login(applicant)
    assert client.get(reverse("doctors:dashboard")).status_code == 200
    edit_url = reverse("answers:edit", args=[draft.pk])
    preview = client.post(edit_url, {"body": "**Purging** fades in 2 weeks.", "action": "preview"})
    assertContains(preview, "<strong>Purging</strong> fades in 2 weeks.", html=False)
    assertContains(preview, "**Purging** fades in 2 weeks.")  # what was typed is kept in the form
    draft.refresh_from_db()
    assert draft.status == PostStatus.PENDING  # a preview saves nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"body": "**Purging** fades in 2 weeks.", "action": "publish"})
    answer = Answer.objects.get(pk=draft.pk)
    assert answer.status == PostStatus.PUBLISHED and answer.edited_at is None
    client.logout()
    page = client.get(question.get_absolute_url())
    assertContains(page, "<strong>Purging</strong> fades in 2 weeks.", html=False)
    assertContains(page, doctor.get_absolute_url())
    assertNotContains(page, "edited")

    # 5. The doctor edits: the page says "edited" with the time; the earlier body is kept.
    client.force_login(applicant)
    client.post(edit_url, {"body": "Purging usually fades within 2 to 6 weeks.", "action": "publish"})
    answer.refresh_from_db()
    assert answer.edited_at is not None
    client.logout()
    page = client.get(question.get_absolute_url())
    assertContains(page, "edited")
    assertContains(page, f'datetime="{timezone.localtime(answer.edited_at).isoformat()}"', html=False)
    assert list(AnswerVersion.objects.filter(answer=answer).values_list("body", flat=True)) == [
        "**Purging** fades in 2 weeks.",
        "Draft: **purging** is common.",
    ]

    # 6. The asker replies; the doctor is emailed and answers in the thread.
    client.force_login(question.author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("answers:reply", args=[answer.pk]), {"body": "Should I stop my serum?"})
    assert mailoutbox[-1].to == ["ward@clinic.example"]
    assert "replied under your answer" in mailoutbox[-1].subject
    asker_reply = Reply.objects.get(author=question.author)
    client.force_login(applicant)
    dashboard = client.get(reverse("doctors:dashboard"), {"tab": "replies"})
    assertContains(dashboard, question.title)
    client.post(
        reverse("answers:reply", args=[answer.pk]), {"body": "Yes, pause it.", "parent": asker_reply.pk}
    )
    doctor_reply = Reply.objects.get(author=applicant)
    assert doctor_reply.parent == asker_reply
    assertNotContains(client.get(reverse("doctors:dashboard"), {"tab": "replies"}), question.title)
    client.logout()
    assertContains(client.get(question.get_absolute_url()), "Yes, pause it.")
