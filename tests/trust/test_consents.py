import csv
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from newsletter.services import campaign_send
from questions.models import QuestionPhoto
from tests.factories import (
    CampaignFactory,
    DoctorFactory,
    QuestionFactory,
    QuestionPhotoFactory,
    SubscriberFactory,
    UserFactory,
)
from trust.models import ConsentRecord
from trust.services.consents import answer_emails_consent_record, photo_use_consent_record

pytestmark = pytest.mark.django_db
SETTINGS = reverse("accounts:settings")


def test_newsletter_subscription_is_recorded_with_its_wording(client):
    client.post(
        reverse("newsletter:subscribe"), {"email": "Reader@Example.com", "consent": "on", "next": "/topics/"}
    )
    record = ConsentRecord.objects.get()
    assert record.kind == "newsletter" and record.email == "reader@example.com"
    assert record.wording and record.version and record.source_page == "/topics/"


def test_answer_emails_switched_on_in_settings_is_recorded_and_off_withdrawn(client, patient):
    patient.wants_answer_emails = False
    patient.save()
    client.force_login(patient)
    client.post(SETTINGS, {"display_name": "Theo", "wants_answer_emails": "on"})
    record = ConsentRecord.objects.get()
    assert record.kind == "answer_emails" and record.user == patient and record.withdrawn_at is None
    client.post(SETTINGS, {"display_name": "Theo"})
    record.refresh_from_db()
    assert record.withdrawn_at is not None


def test_patient_sees_consents_on_the_account_page_with_fixed_queries(
    client, patient, django_assert_num_queries
):
    answer_emails_consent_record(user=patient, source_page="/accounts/settings/")
    photo_use_consent_record(user=patient, source_page="/ask/")
    ConsentRecord.objects.create(
        kind="newsletter", email=patient.email.upper(), wording="Yes, email me", version="1"
    )
    ConsentRecord.objects.create(
        kind="newsletter", email="someone@else.example", wording="Other", version="1"
    )
    client.force_login(patient)
    with django_assert_num_queries(3):
        response = client.get(SETTINGS)
    assertContains(response, "Your consents")
    assertContains(response, "Withdraw", count=3)
    assert "someone@else.example" not in response.content.decode()


def test_withdrawing_answer_emails_consent_stops_answer_emails(
    client, patient, mailoutbox, django_capture_on_commit_callbacks
):
    record = answer_emails_consent_record(user=patient)
    question = QuestionFactory(author=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    patient.refresh_from_db()
    record.refresh_from_db()
    assert not patient.wants_answer_emails and record.withdrawn_at is not None
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("answers:create", args=[question.pk]),
            {"body": "Use a bland moisturiser.", "action": "publish"},
        )
    assert question.answers.count() == 1
    assert mailoutbox == []


def test_with_consent_the_answer_email_is_sent(
    client, patient, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory(author=patient)
    client.force_login(DoctorFactory().user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("answers:create", args=[question.pk]),
            {"body": "Use a bland moisturiser.", "action": "publish"},
        )
    assert [message.to for message in mailoutbox] == [[patient.email]]


def test_withdrawing_newsletter_consent_stops_campaigns(client, patient, mailoutbox):
    SubscriberFactory(email=patient.email)
    record = ConsentRecord.objects.create(kind="newsletter", email=patient.email, wording="Yes", version="1")
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    assert campaign_send(campaign=CampaignFactory()) == 0
    assert mailoutbox == []


def test_withdrawing_photo_consent_makes_photos_doctors_only(client, patient):
    photo = QuestionPhotoFactory(question=QuestionFactory(author=patient), is_public=True)
    record = photo_use_consent_record(user=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    assert not QuestionPhoto.objects.get(pk=photo.pk).is_public


def test_someone_elses_consent_is_a_404(client, patient):
    record = answer_emails_consent_record(user=UserFactory())
    client.force_login(patient)
    assert client.post(reverse("trust:consent_withdraw", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.withdrawn_at is None


def test_anonymous_cannot_withdraw_and_get_is_refused(client, patient):
    record = answer_emails_consent_record(user=patient)
    assert client.post(reverse("trust:consent_withdraw", args=[record.pk])).status_code == 302
    client.force_login(patient)
    assert client.get(reverse("trust:consent_withdraw", args=[record.pk])).status_code == 405


def test_withdrawing_twice_is_a_message(client, patient):
    record = answer_emails_consent_record(user=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    response = client.post(reverse("trust:consent_withdraw", args=[record.pk]), follow=True)
    assertContains(response, "You already withdrew this consent.")


def test_staff_export_the_ledger_as_csv(admin_client, patient):
    record = answer_emails_consent_record(user=patient, source_page="/accounts/settings/")
    ConsentRecord.objects.create(
        kind="newsletter", email="=cmd@example.com", wording="=HYPERLINK()", version="1"
    )
    response = admin_client.post(
        reverse("admin:trust_consentrecord_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(ConsentRecord.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["id", "user_id", "email", "kind"]
    assert [str(record.pk), str(patient.pk), patient.email, "answer_emails"] == rows[1][:4]
    assert rows[2][4] == "'=HYPERLINK()"


def test_photo_upload_made_public_records_photo_consent(client, patient):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import TopicFactory, image_bytes

    topic = TopicFactory()
    client.force_login(patient)
    photo = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")
    client.post(
        reverse("questions:ask"),
        {
            "title": "Why am I breaking out after microneedling?",
            "body": "Spots on my cheeks since Friday.",
            "topics": [topic.pk],
            "photo-1-photo": photo,
            "photo-1-visibility": "public",
        },
    )
    record = ConsentRecord.objects.get()
    assert record.kind == "photo_use" and record.user == patient and record.source_page == "/questions/ask/"
