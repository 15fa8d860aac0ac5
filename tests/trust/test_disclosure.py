import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from answers.models import Answer
from doctors.models import DoctorProfile
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_answer_carries_the_doctors_disclosure_line(client):
    doctor = DoctorFactory(treatment_interest="performs", clinic="Bow River Dermatology")
    answer = AnswerFactory(doctor=doctor)
    other = AnswerFactory(question=answer.question)
    response = client.get(answer.question.get_absolute_url())
    assertContains(response, "Performs the treatments discussed at Bow River Dermatology.")
    assert other.doctor.treatment_interest == ""
    assertContains(response, "has not stated whether they perform or sell")


def test_doctor_adds_a_per_answer_disclosure(client):
    doctor = DoctorFactory()
    question = QuestionFactory()
    client.force_login(doctor.user)
    client.post(
        reverse("answers:create", args=[question.pk]),
        {"body": "Try azelaic acid.", "disclosure": "I advise the maker of this cream.", "action": "publish"},
    )
    answer = Answer.objects.get()
    assert answer.disclosure == "I advise the maker of this cream."
    assertContains(
        client.get(question.get_absolute_url()), "For this answer: I advise the maker of this cream."
    )


def test_disclosure_of_5000_characters_is_a_form_error_that_keeps_the_answer(client):
    doctor = DoctorFactory()
    question = QuestionFactory()
    client.force_login(doctor.user)
    response = client.post(
        reverse("answers:create", args=[question.pk]),
        {"body": "Try azelaic acid.", "disclosure": "x" * 5000, "action": "publish"},
    )
    assert response.status_code == 200
    assertContains(response, "Please keep the disclosure under 500 characters.")
    assertContains(response, "Try azelaic acid.")
    assert not Answer.objects.exists()


def test_answer_linking_to_the_doctors_own_clinic_is_marked(client):
    doctor = DoctorFactory(clinic_url="https://www.bowriverderm.example/")
    own = AnswerFactory(doctor=doctor, body="Book at [our clinic](https://bowriverderm.example/book).")
    AnswerFactory(question=own.question, body="See [the CDA](https://dermatology.ca/).")
    response = client.get(own.question.get_absolute_url())
    assertContains(response, "s own clinic</span>", count=1)


# --- Doctors state their own disclosure ------------------------------------------------

JOIN = reverse("doctors:join")
PROFILE_EDIT = reverse("doctors:profile_edit")


def _join_data(**overrides):
    data = {
        "name": "Ward",
        "specialty": "Dermatology",
        "licence_number": "12345",
        "licensing_body": "College of Physicians and Surgeons of Alberta",
    }
    return {**data, **overrides}


def test_doctor_states_the_disclosure_when_joining(client):
    client.force_login(UserFactory())
    client.post(
        JOIN,
        _join_data(
            treatment_interest="both",
            clinic="Bow River Dermatology",
            clinic_url="bowriverderm.example",
            licensed_in="Alberta",
            disclosure_note="Paid consultant for Lumenis.",
        ),
    )
    doctor = DoctorProfile.objects.get()
    assert (doctor.treatment_interest, doctor.clinic, doctor.clinic_url) == (
        "both",
        "Bow River Dermatology",
        "https://bowriverderm.example",
    )
    assert doctor.licensed_in == "Alberta" and doctor.disclosure_note == "Paid consultant for Lumenis."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("licence_number", "9" * 5000, "Ensure this value has at most 50 characters"),
        ("disclosure_note", "x" * 5000, "Please keep the disclosure under 500 characters."),
        ("treatment_interest", "everything", "Please choose one of the answers listed."),
        ("clinic_url", "not a web address", "Please enter a web address"),
        ("licensed_in", "A" * 5000, "Ensure this value has at most 100 characters"),
    ],
)
def test_bad_join_disclosure_is_explained_beside_the_field(client, field, value, message):
    client.force_login(UserFactory())
    response = client.post(JOIN, _join_data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assertContains(response, message)
    assertContains(response, "College of Physicians and Surgeons of Alberta")  # what was typed is kept
    assert not DoctorProfile.objects.exists()


@pytest.mark.parametrize("status", ["verified", "pending", "rejected"])
def test_doctor_edits_their_own_disclosure(client, status):
    doctor = DoctorFactory(verification_status=status, treatment_interest="")
    client.force_login(doctor.user)
    assertContains(client.get(PROFILE_EDIT), "Do you perform or sell the treatments you answer about?")
    data = {
        "treatment_interest": "performs",
        "clinic": "Glow Clinic",
        "clinic_url": "https://glow.example/",
        "disclosure_note": "I own the clinic.",
    }
    response = client.post(PROFILE_EDIT, data)
    assert response.status_code == 302
    doctor.refresh_from_db()
    assert (doctor.treatment_interest, doctor.clinic, doctor.clinic_url, doctor.disclosure_note) == (
        "performs",
        "Glow Clinic",
        "https://glow.example/",
        "I own the clinic.",
    )


def test_edited_disclosure_shows_on_every_answer_and_the_profile(client):
    doctor = DoctorFactory()
    answer = AnswerFactory(doctor=doctor)
    client.force_login(doctor.user)
    client.post(
        PROFILE_EDIT, {"treatment_interest": "sells", "clinic": "Glow", "disclosure_note": "I own it."}
    )
    client.logout()
    expected = "Sells the products discussed at Glow. I own it."
    assertContains(client.get(answer.question.get_absolute_url()), expected)
    assertContains(client.get(doctor.get_absolute_url()), expected)


def test_pending_doctor_sets_the_licence_region_verified_doctor_cannot(client):
    pending = DoctorFactory(verification_status="pending", verified_at=None)
    client.force_login(pending.user)
    client.post(PROFILE_EDIT, {"licensed_in": "Manitoba"})
    pending.refresh_from_db()
    assert pending.licensed_in == "Manitoba"
    verified = DoctorFactory(licensed_in="Alberta")
    client.force_login(verified.user)
    response = client.get(PROFILE_EDIT)
    assert "licensed_in" not in response.context["form"].fields
    assertContains(response, "Licensed in: Alberta")
    client.post(PROFILE_EDIT, {"licensed_in": "Manitoba", "treatment_interest": "none"})
    verified.refresh_from_db()
    assert verified.licensed_in == "Alberta" and verified.treatment_interest == "none"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("disclosure_note", "x" * 5000, "Please keep the disclosure under 500 characters."),
        ("treatment_interest", "x" * 5000, "Please choose one of the answers listed."),
        ("clinic", "c" * 5000, "Ensure this value has at most 150 characters"),
        ("clinic_url", "javascript:alert(1)", "Please enter a web address"),
    ],
)
def test_bad_profile_input_is_explained_beside_the_field_and_kept(client, field, value, message):
    doctor = DoctorFactory(treatment_interest="none", disclosure_note="")
    client.force_login(doctor.user)
    response = client.post(PROFILE_EDIT, {field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    doctor.refresh_from_db()
    assert doctor.treatment_interest == "none" and doctor.disclosure_note == ""


@pytest.mark.parametrize("who", ["anonymous", "patient", "withdrawn"])
def test_only_doctors_edit_a_profile(client, who):
    if who == "patient":
        client.force_login(UserFactory())
    elif who == "withdrawn":
        client.force_login(DoctorFactory(verification_status="withdrawn").user)
    response = client.post(PROFILE_EDIT, {"treatment_interest": "none"})
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    assert not DoctorProfile.objects.filter(treatment_interest="none").exists()


def test_a_doctor_edits_only_their_own_profile(client):
    mine, other = DoctorFactory(), DoctorFactory(treatment_interest="")
    client.force_login(mine.user)
    client.post(PROFILE_EDIT, {"treatment_interest": "both", "doctor": other.pk, "user": other.user.pk})
    other.refresh_from_db()
    mine.refresh_from_db()
    assert other.treatment_interest == "" and mine.treatment_interest == "both"


def test_profile_edit_page_query_count(client, django_assert_num_queries):
    doctor = DoctorFactory()
    client.force_login(doctor.user)
    with django_assert_num_queries(4):  # session, user, doctor, its topics (doctor_for)
        client.get(PROFILE_EDIT)
