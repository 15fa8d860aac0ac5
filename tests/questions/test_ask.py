from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from questions.models import PostStatus, Question, QuestionPhoto
from tests.factories import QuestionFactory, TopicFactory, UserFactory
from tests.images import decompression_bomb_png, image_bytes

pytestmark = pytest.mark.django_db
ASK = reverse("questions:ask")


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(ASK)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_patient_asks_a_question_that_waits_for_review(client):
    patient = UserFactory(display_name="Theo")
    topic = TopicFactory()
    client.force_login(patient)
    response = client.post(
        ASK,
        {
            "title": "Why am I breaking out after microneedling?",
            "body": "Spots on my cheeks since Friday.",
            "topics": [topic.pk],
        },
    )
    question = Question.objects.get()
    assertRedirects(response, question.get_absolute_url())
    assert question.status == PostStatus.PENDING
    assert question.author_display_name == "Theo"


def test_a_first_question_is_said_to_wait_for_a_moderator(client):
    client.force_login(UserFactory())
    response = client.post(
        ASK,
        {
            "title": "Why am I breaking out after microneedling?",
            "body": "Spots since Friday, both cheeks.",
            "topics": [TopicFactory().pk],
        },
        follow=True,
    )
    assert Question.objects.get().status == PostStatus.PENDING
    assertContains(response, "Only you can see your question until a moderator has read it")
    assertNotContains(response, "is published")


def test_a_question_that_publishes_at_once_is_said_to_be_published(client):
    patient = UserFactory()
    QuestionFactory(author=patient, title="An earlier question, already published")
    client.force_login(patient)
    response = client.post(
        ASK,
        {
            "title": "Is redness normal two days after a peel?",
            "body": "Both cheeks, no fever, mild itching.",
            "topics": [TopicFactory().pk],
        },
        follow=True,
    )
    question = Question.objects.get(author=patient, title__startswith="Is redness")
    assert question.status == PostStatus.PUBLISHED
    assertContains(response, "Your question is published")
    assertNotContains(response, "moderator has read it")


def test_bad_input_keeps_what_was_typed_and_explains_next_to_the_field(client):
    client.force_login(UserFactory())
    response = client.post(ASK, {"title": "x" * 10_000, "body": "   ", "topics": ["not-a-number"]})
    assert response.status_code == 200
    assertContains(response, "Ensure this value has at most 200 characters")
    assertContains(response, "This field is required")
    assert Question.objects.count() == 0


# --- Steps before posting, photos, double clicks and bad input -----------------------------


GOOD_BODY = "Small red spots on both cheeks since Friday, no fever."


def _ask_data(topic, **overrides):
    data = {
        "title": "Why am I breaking out after microneedling?",
        "body": GOOD_BODY,
        "topics": [topic.pk],
        "form_token": "token-1",
    }
    data.update(overrides)
    return data


def _photo_slots(*files, visibility=(), captions=()):
    """Form data putting each file in its own photo slot, with optional choices per slot."""
    data = {}
    for number, uploaded in enumerate(files, start=1):
        data[f"photo-{number}-photo"] = uploaded
    for number, choice in enumerate(visibility, start=1):
        data[f"photo-{number}-visibility"] = choice
    for number, caption in enumerate(captions, start=1):
        data[f"photo-{number}-caption"] = caption
    return data


@pytest.fixture
def patient(client):
    user = UserFactory(display_name="Theo")
    client.force_login(user)
    return user


def test_ask_form_carries_a_fresh_hidden_token(client, patient):
    response = client.get(ASK)
    assertContains(response, 'name="form_token"')
    assert response.context["form"].initial["form_token"]


def test_similar_published_questions_are_shown_before_posting_and_keep_what_was_typed(client, patient):
    similar = QuestionFactory(title="Breaking out after microneedling: is it normal?")
    topic = TopicFactory()
    response = client.post(ASK, _ask_data(topic))
    assertContains(response, "Similar questions already answered")
    assertContains(response, similar.get_absolute_url())
    assertContains(response, "Post my question anyway")
    assertContains(response, GOOD_BODY)
    assertContains(response, 'value="Why am I breaking out after microneedling?"')
    assert Question.objects.filter(author=patient).count() == 0


def test_post_anyway_after_seeing_similar_questions_creates_the_question(client, patient):
    QuestionFactory(title="Breaking out after microneedling: is it normal?")
    topic = TopicFactory()
    response = client.post(ASK, _ask_data(topic, seen_similar="on"))
    question = Question.objects.get(author=patient)
    assertRedirects(response, question.get_absolute_url())


def test_pending_questions_are_never_suggested(client, patient):
    QuestionFactory(title="Breaking out after microneedling", status=PostStatus.PENDING, published_at=None)
    response = client.post(ASK, _ask_data(TopicFactory()))
    assert response.status_code == 302


def test_emergency_words_show_an_urgent_notice_before_posting(client, patient):
    body = "Spreading redness around the area and a fever since last night."
    response = client.post(ASK, _ask_data(TopicFactory(), body=body))
    assertContains(response, "This may need urgent care")
    assertContains(response, "911")
    assertContains(response, body)
    assert not Question.objects.exists()


def test_confirmed_emergency_question_waits_for_urgent_review(client, patient):
    body = "I have chest pain since the filler injection this morning."
    client.post(ASK, _ask_data(TopicFactory(), body=body, confirmed_urgent="on"))
    question = Question.objects.get()
    assert question.status == PostStatus.PENDING
    assert question.needs_urgent_review


def test_ordinary_question_is_not_flagged_urgent(client, patient):
    client.post(ASK, _ask_data(TopicFactory()))
    assert not Question.objects.get().needs_urgent_review


def test_a_double_click_creates_the_question_once(client, patient):
    topic = TopicFactory()
    first = client.post(ASK, _ask_data(topic))
    second = client.post(ASK, _ask_data(topic))
    question = Question.objects.get()
    assertRedirects(first, question.get_absolute_url())
    assertRedirects(second, question.get_absolute_url())


def test_ask_with_photos_stores_them_reencoded_and_private_by_default(client, patient):
    photos = [SimpleUploadedFile(f"p{i}.png", image_bytes("PNG"), "image/png") for i in range(2)]
    response = client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(*photos)))
    assert response.status_code == 302
    stored = list(QuestionPhoto.objects.all())
    assert len(stored) == 2
    assert all(not photo.is_public for photo in stored)
    assert all(photo.image.name.endswith(f"{photo.uuid}.jpg") for photo in stored)


def test_ask_form_offers_doctors_only_as_the_checked_choice_for_each_photo(client, patient):
    response = client.get(ASK)
    for number in range(1, 5):
        assertContains(response, f'name="photo-{number}-photo"')
        assertContains(response, f'name="photo-{number}-caption"')
        assertContains(response, f'name="photo-{number}-visibility" value="doctors"')
    form = response.context["form"]
    assert all(photo_form["visibility"].value() == "doctors" for photo_form in form.photo_forms)


@pytest.mark.parametrize(("limit", "shown"), [(8 * 1024 * 1024, "8 MB"), (5 * 1024 * 1024 // 2, "2.5 MB")])
def test_photo_help_states_the_size_limit_that_is_enforced(client, patient, settings, limit, shown):
    settings.ASKDOC_PHOTO_MAX_BYTES = limit
    response = client.get(ASK)
    help_text = response.content.decode().split('id="photos-help">', 1)[1].split("</p>", 1)[0]
    assert f"up to {shown} each" in help_text


def test_each_photo_has_its_own_visibility_and_caption(client, patient):
    photos = [SimpleUploadedFile(f"p{i}.jpg", image_bytes(), "image/jpeg") for i in range(3)]
    slots = _photo_slots(
        *photos, visibility=["public", "doctors"], captions=["Left cheek", "", "  Right cheek  "]
    )
    client.post(ASK, _ask_data(TopicFactory(), **slots))
    stored = list(QuestionPhoto.objects.order_by("caption"))
    assert [(photo.caption, photo.is_public) for photo in stored] == [
        ("", False),
        ("Left cheek", True),
        ("Right cheek", False),
    ]


def test_a_caption_over_the_limit_gets_a_message_beside_it(client, patient):
    photo = SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")
    response = client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(photo, captions=["x" * 121])))
    assert "at most 120 characters" in str(response.context["form"].photo_forms[0].errors["caption"])
    assertContains(response, GOOD_BODY)
    assert not Question.objects.exists()


def test_a_caption_without_a_photo_gets_a_message_beside_it(client, patient):
    response = client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(captions=["Left cheek"])))
    assert "Choose a photo for this caption" in str(response.context["form"].photo_forms[0].errors)
    assert not Question.objects.exists()


def test_an_unknown_visibility_value_gets_a_message_not_a_500(client, patient):
    photo = SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")
    response = client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(photo, visibility=["everyone!"])))
    assert response.status_code == 200
    assert "visibility" in response.context["form"].photo_forms[0].errors
    assert not Question.objects.exists()


def test_a_pdf_named_photo_jpg_gets_a_message_beside_the_field_and_keeps_the_text(client, patient):
    pdf = SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not an image", "image/jpeg")
    response = client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(pdf)))
    assert response.status_code == 200
    assert "not a photo we can read" in str(response.context["form"].photo_forms[0].errors["photo"])
    assertContains(response, "Please check the photos below")
    assertContains(response, GOOD_BODY)
    assert not Question.objects.exists()


def test_a_20000_by_20000_png_gets_a_clear_message(client, patient):
    bomb = SimpleUploadedFile("big.png", decompression_bomb_png(), "image/png")
    response = client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(bomb)))
    assert "too large" in str(response.context["form"].photo_forms[0].errors["photo"])
    assert not Question.objects.exists()


def test_a_fifth_photo_slot_is_ignored(client, patient):
    photos = [SimpleUploadedFile(f"p{i}.jpg", image_bytes(), "image/jpeg") for i in range(5)]
    client.post(ASK, _ask_data(TopicFactory(), **_photo_slots(*photos)))
    assert QuestionPhoto.objects.count() == 4


def test_an_empty_title_and_a_body_of_spaces_get_messages_beside_their_fields(client, patient):
    response = client.post(ASK, _ask_data(TopicFactory(), title="", body="     "))
    errors = response.context["form"].errors
    assert "title" in errors
    assert "body" in errors


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_621_440)
def test_a_10_mb_title_gets_the_styled_400_page_not_a_500(client, patient):
    response = client.post(ASK, _ask_data(TopicFactory(), title="x" * 10 * 1024 * 1024))
    assert response.status_code == 400
    assertContains(response, "Bad request", status_code=400)
    assertContains(response, "far too long, so nothing was saved", status_code=400)
    assertContains(response, "at most 200 characters", status_code=400)
    assert not Question.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_621_440)
def test_a_10_mb_title_with_csrf_checks_on_still_gets_the_400_page(patient):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(patient)
    token = browser.get(ASK).context["csrf_token"]
    data = {**_ask_data(TopicFactory(), title="x" * 10 * 1024 * 1024), "csrfmiddlewaretoken": str(token)}
    response = browser.post(ASK, data)
    assert response.status_code == 400
    assertContains(response, "far too long", status_code=400)


def test_photos_are_kept_across_the_similar_questions_step(
    client, patient, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    QuestionFactory(title="Breaking out after microneedling: is it normal?")
    topic = TopicFactory()
    photo = SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg")
    step = client.post(ASK, _ask_data(topic, **_photo_slots(photo, visibility=["public"], captions=["Chin"])))
    assertContains(step, "Your photo is kept")
    token = step.context["form"].data["photo_drafts"]
    assert token
    drafts = Path(settings.PRIVATE_MEDIA_ROOT) / "drafts"
    assert len(list(drafts.iterdir())) == 2
    with django_capture_on_commit_callbacks(execute=True):
        # The browser sends the step's form back as it was rendered (what was typed, the choices).
        response = client.post(ASK, dict(step.context["form"].data.lists()))
    question = Question.objects.get(author=patient)
    assertRedirects(response, question.get_absolute_url())
    assert [(photo.caption, photo.is_public) for photo in question.photos.all()] == [("Chin", True)]
    assert list(drafts.iterdir()) == []


def test_another_patients_photo_draft_token_brings_no_photos(client, patient):
    from questions.photos import photo_drafts_store, photo_process

    other = UserFactory()
    token = photo_drafts_store(
        user=other, photos=[photo_process(SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"))]
    )
    client.post(ASK, _ask_data(TopicFactory(), photo_drafts=token))
    assert Question.objects.get().photos.count() == 0


def test_posting_another_patients_draft_token_never_deletes_their_drafts(
    client, patient, settings, tmp_path, django_capture_on_commit_callbacks
):
    from questions.photos import photo_drafts_load, photo_drafts_store, photo_process

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    other = UserFactory()
    token = photo_drafts_store(
        user=other, photos=[photo_process(SimpleUploadedFile("p.jpg", image_bytes(), "image/jpeg"))]
    )
    mine = SimpleUploadedFile("mine.jpg", image_bytes(), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ASK, _ask_data(TopicFactory(), photo_drafts=token, **_photo_slots(mine)))
    assert photo_drafts_load(user=other, token=token)[0] is not None


def test_a_forged_photo_draft_token_is_ignored(client, patient):
    response = client.post(ASK, _ask_data(TopicFactory(), photo_drafts="forged:token"))
    assert response.status_code == 302
    assert not QuestionPhoto.objects.exists()
