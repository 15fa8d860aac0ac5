import csv
import io

import pytest
from django.test import Client
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
from trust.services.consents import PHOTO_USE_VERSION, PHOTO_USE_WORDING, Kind, user_consent_record

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
    user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient, source_page="/accounts/settings/")
    user_consent_record(kind=Kind.PHOTO_USE, user=patient, source_page="/ask/")
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
    record = user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient)
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
    record = user_consent_record(kind=Kind.PHOTO_USE, user=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    assert not QuestionPhoto.objects.get(pk=photo.pk).is_public


def test_withdrawing_photo_consent_takes_the_photo_off_cached_pages(client, patient):
    photo = QuestionPhotoFactory(question=QuestionFactory(author=patient), is_public=True)
    record = user_consent_record(kind=Kind.PHOTO_USE, user=patient)
    page = photo.question.get_absolute_url()
    assert Client().get(page).content.count(b'class="question-photo"') == 1  # now cached
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    assert Client().get(page).content.count(b'class="question-photo"') == 0


def test_someone_elses_consent_is_a_404(client, patient):
    record = user_consent_record(kind=Kind.ANSWER_EMAILS, user=UserFactory())
    client.force_login(patient)
    assert client.post(reverse("trust:consent_withdraw", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.withdrawn_at is None


def test_anonymous_cannot_withdraw_and_get_is_refused(client, patient):
    record = user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient)
    assert client.post(reverse("trust:consent_withdraw", args=[record.pk])).status_code == 302
    client.force_login(patient)
    assert client.get(reverse("trust:consent_withdraw", args=[record.pk])).status_code == 405


def test_withdrawing_twice_is_a_message(client, patient):
    record = user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    response = client.post(reverse("trust:consent_withdraw", args=[record.pk]), follow=True)
    assertContains(response, "You already withdrew this consent.")


def test_staff_export_the_ledger_as_csv(admin_client, patient):
    record = user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient, source_page="/accounts/settings/")
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

    from tests.factories import TopicFactory
    from tests.images import image_bytes

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


# --- Newsletter double opt-in, and what each withdrawal stops ---------------------------


def _subscribe_and_confirm(client, email):
    from newsletter.models import Subscriber
    from newsletter.tokens import confirm_token_make

    client.post(reverse("newsletter:subscribe"), {"email": email, "consent": "on", "next": "/topics/"})
    subscriber = Subscriber.objects.get(email=email.lower())
    client.post(reverse("newsletter:confirm", args=[confirm_token_make(subscriber)]))
    return subscriber


def test_confirming_the_newsletter_marks_the_consent_confirmed(client):
    _subscribe_and_confirm(client, "reader@example.com")
    record = ConsentRecord.objects.get()
    assert record.kind == "newsletter" and record.confirmed_at is not None
    assert record.confirmed_at >= record.given_at and record.withdrawn_at is None


def test_confirming_twice_keeps_one_consent_and_its_first_confirmation(client):
    from newsletter.tokens import confirm_token_make

    subscriber = _subscribe_and_confirm(client, "reader@example.com")
    first = ConsentRecord.objects.get().confirmed_at
    client.post(reverse("newsletter:confirm", args=[confirm_token_make(subscriber)]))
    assert ConsentRecord.objects.get().confirmed_at == first


def test_unconfirmed_sign_up_is_recorded_but_not_confirmed(client):
    client.post(
        reverse("newsletter:subscribe"), {"email": "reader@example.com", "consent": "on", "next": "/"}
    )
    assert ConsentRecord.objects.get().confirmed_at is None


def test_confirming_a_subscriber_without_a_ledger_entry_records_one(client):
    from newsletter.services import subscriber_confirm

    subscriber = SubscriberFactory(status="pending", consent_text="Yes, email me tips.", source_page="/a/")
    subscriber_confirm(subscriber_id=subscriber.pk, email=subscriber.email)
    record = ConsentRecord.objects.get()
    assert (record.email, record.wording, record.source_page) == (
        subscriber.email,
        "Yes, email me tips.",
        "/a/",
    )
    assert record.confirmed_at is not None


def test_patient_sees_the_confirmation_and_withdraws_it_then_no_campaign_reaches_them(
    client, patient, mailoutbox, django_capture_on_commit_callbacks
):
    _subscribe_and_confirm(client, patient.email)
    SubscriberFactory(email="other@example.com")
    client.force_login(patient)
    assertContains(client.get(SETTINGS), "confirmed by email")
    record = ConsentRecord.objects.get(email=patient.email)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert campaign_send(campaign=CampaignFactory()) == 1
    assert [message.to for message in mailoutbox] == [["other@example.com"]]


def test_unsubscribe_link_withdraws_the_newsletter_consent(client):
    from newsletter.tokens import unsubscribe_token_make

    _subscribe_and_confirm(client, "reader@example.com")
    client.post(reverse("newsletter:unsubscribe", args=[unsubscribe_token_make("reader@example.com")]))
    assert ConsentRecord.objects.get().withdrawn_at is not None


def test_withdrawing_answer_emails_consent_stops_reply_emails_too(
    client, patient, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from tests.factories import AnswerFactory

    question = QuestionFactory(author=patient, created_at=timezone.now() - datetime.timedelta(hours=2))
    answer = AnswerFactory(question=question, created_at=timezone.now() - datetime.timedelta(hours=1))
    record = user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    client.force_login(answer.doctor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("answers:reply", args=[answer.pk]), {"body": "Any better after a week?"})
    assert answer.replies.count() == 1
    assert patient.email not in [address for message in mailoutbox for address in message.to]


def test_withdrawn_photo_consent_is_asked_again_when_a_photo_is_made_public(client, patient):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import TopicFactory
    from tests.images import image_bytes

    record = user_consent_record(kind=Kind.PHOTO_USE, user=patient)
    client.force_login(patient)
    client.post(reverse("trust:consent_withdraw", args=[record.pk]))
    client.post(
        reverse("questions:ask"),
        {
            "title": "Why am I breaking out after microneedling?",
            "body": "Spots on my cheeks since Friday.",
            "topics": [TopicFactory().pk],
            "photo-1-photo": SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg"),
            "photo-1-visibility": "public",
        },
    )
    record = ConsentRecord.objects.active().get(kind="photo_use", user=patient)
    assert (record.wording, record.version) == (PHOTO_USE_WORDING, PHOTO_USE_VERSION)
    assert record.source_page == reverse("questions:ask")


def _sign_up(client, **extra):
    data = {
        "email": "theo@example.com",
        "display_name": "Theo",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    return client.post(reverse("account_signup"), {**data, **extra})


def _answer_emails_checkbox(response):
    page = response.content.decode()
    return page.split('name="wants_answer_emails"', 1)[1].split(">", 1)[0]


def test_sign_up_answer_emails_box_is_unticked_until_the_person_ticks_it(client):
    assert "checked" not in _answer_emails_checkbox(client.get(reverse("account_signup")))
    # A sign-up refused for another field shows the box as the person left it.
    ticked = _sign_up(client, wants_answer_emails="on", password2="something-else-entirely")
    assert "checked" in _answer_emails_checkbox(ticked)
    assert "checked" not in _answer_emails_checkbox(_sign_up(client, password2="something-else-entirely"))
    assert not ConsentRecord.objects.exists()


def test_sign_up_with_answer_emails_records_the_consent_with_the_wording_shown(client):
    assertContains(client.get(reverse("account_signup")), "Email me when a doctor answers or replies.")
    _sign_up(client, wants_answer_emails="on")
    record = ConsentRecord.objects.get()
    assert record.kind == "answer_emails" and record.user.email == "theo@example.com"
    assert record.wording == "Email me when a doctor answers or replies."
    assert record.source_page == reverse("account_signup") and record.user.wants_answer_emails


def test_sign_up_without_answer_emails_records_nothing_and_sends_none(client):
    from accounts.models import User

    _sign_up(client)
    assert not User.objects.get(email="theo@example.com").wants_answer_emails
    assert not ConsentRecord.objects.exists()


def test_making_a_photo_public_on_the_edit_form_records_photo_consent(client, patient):
    question = QuestionFactory(author=patient, status="pending")
    photo = QuestionPhotoFactory(question=question, is_public=False)
    client.force_login(patient)
    data = {"title": question.title, "body": question.body}
    client.post(reverse("questions:edit", kwargs={"pk": question.pk}), data)
    assert not ConsentRecord.objects.exists()
    client.post(
        reverse("questions:edit", kwargs={"pk": question.pk}),
        {**data, f"photo-{photo.pk}-visibility": "public"},
    )
    record = ConsentRecord.objects.get()
    assert record.kind == "photo_use" and record.user == patient
    client.post(
        reverse("questions:edit", kwargs={"pk": question.pk}),
        {**data, f"photo-{photo.pk}-visibility": "public"},
    )
    assert ConsentRecord.objects.count() == 1  # already public: no new consent


def test_photo_consent_wording_recorded_is_the_wording_shown_on_the_ask_form(client, patient, settings):
    from trust.services.consents import PHOTO_USE_WORDING

    client.force_login(patient)
    response = client.get(reverse("questions:ask"))
    assertContains(response, PHOTO_USE_WORDING, count=settings.ASKDOC_PHOTOS_PER_QUESTION)  # each slot
    record = user_consent_record(kind=Kind.PHOTO_USE, user=patient)
    assert record.wording == PHOTO_USE_WORDING


def test_a_consent_without_a_person_is_refused_with_a_message():
    from django.core.exceptions import ValidationError

    from trust.services.consents import consent_record

    with pytest.raises(ValidationError, match="needs the person who gave it"):
        consent_record(kind=ConsentRecord.Kind.NEWSLETTER, wording="I agree.", version="2026-01", email="  ")
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("field", ["confirmed_at", "withdrawn_at"])
def test_a_consent_cannot_be_confirmed_or_withdrawn_before_it_was_given(field):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    now = timezone.now()
    record = ConsentRecord(kind=ConsentRecord.Kind.NEWSLETTER, email="a@example.com", wording="I agree.")
    record.version, record.given_at = "2026-01", now
    setattr(record, field, now - timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        record.full_clean(validate_constraints=False)
    assert field in error.value.message_dict
