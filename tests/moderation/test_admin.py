"""The moderator's day in Django admin, through the admin's own URLs."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from doctors.models import DoctorProfile
from moderation.models import DecisionAction, Flag, ModerationDecision
from moderation.services import post_hide
from questions.models import PostStatus
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    FlagFactory,
    QuestionFactory,
    ReplyFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model}_changelist")


def run_action(client, model, action, objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "index": "0", **extra}
    return client.post(changelist(model), data)


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


# --- Changelists cost a fixed number of queries -----------------------------


def _make_questions(count):
    topic = TopicFactory()
    author, reporter = UserFactory(), UserFactory()
    for question in QuestionFactory.create_batch(count, author=author):
        question.topics.add(topic)
        FlagFactory(question=question, reporter=reporter)


def _make_answers(count):
    doctor, reporter = DoctorFactory(), UserFactory()
    author = UserFactory()
    for answer in AnswerFactory.create_batch(count, doctor=doctor, question__author=author):
        FlagFactory(question=None, answer=answer, reporter=reporter)


def _make_replies(count):
    ReplyFactory.create_batch(count, answer=AnswerFactory())


def _make_flags(count):
    _make_answers(count)


def _make_doctors(count):
    DoctorFactory.create_batch(count)


def _make_decisions(count):
    staff = UserFactory()
    for question in QuestionFactory.create_batch(count, author=staff):
        ModerationDecision.objects.create(
            actor=staff, content_type_id=_question_type_id(), object_id=question.pk, action="publish"
        )


def _question_type_id():
    from django.contrib.contenttypes.models import ContentType

    from questions.models import Question

    return ContentType.objects.get_for_model(Question).pk


@pytest.mark.parametrize(
    "model,make",
    [
        ("questions_question", _make_questions),
        ("answers_answer", _make_answers),
        ("answers_reply", _make_replies),
        ("moderation_flag", _make_flags),
        ("doctors_doctorprofile", _make_doctors),
        ("moderation_moderationdecision", _make_decisions),
    ],
)
def test_changelist_costs_the_same_queries_for_10_and_100_rows(
    moderator_client, django_assert_num_queries, model, make
):
    make(10)
    with CaptureQueriesContext(connection) as ten_rows:
        assert moderator_client.get(changelist(model)).status_code == 200
    make(90)
    with django_assert_num_queries(len(ten_rows)):
        response = moderator_client.get(changelist(model))
    assert response.context["cl"].result_count >= 100


def test_question_changelist_shows_status_author_topic_and_flag_count(moderator_client):
    question = QuestionFactory(author=UserFactory(email="asker@example.com"))
    question.topics.add(TopicFactory(name="Rosacea"))
    FlagFactory(question=question)
    FlagFactory(question=question)
    response = moderator_client.get(changelist("questions_question"))
    row = response.context["cl"].result_list[0]
    assert row.open_flag_count == 2
    assertContains(response, "asker@example.com")
    assertContains(response, "Rosacea")
    assertContains(response, "Published")


def test_question_search_finds_by_author_email(moderator_client):
    QuestionFactory(title="Needle in haystack", author=UserFactory(email="findme@example.com"))
    QuestionFactory(title="Other question")
    response = moderator_client.get(changelist("questions_question"), {"q": "findme@example"})
    assertContains(response, "Needle in haystack")
    assertNotContains(response, "Other question")


def test_reported_filter_lists_only_posts_with_open_reports(moderator_client):
    flagged = FlagFactory().question
    QuestionFactory(title="Quiet question")
    response = moderator_client.get(changelist("questions_question"), {"reported": "yes"})
    assert list(response.context["cl"].result_list) == [flagged]


def test_user_autocomplete_works_for_a_moderator(moderator_client):
    UserFactory(email="someone@example.com")
    response = moderator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "questions", "model_name": "question", "field_name": "author", "term": "someone"},
    )
    assert response.status_code == 200
    assert "someone@example.com" in response.json()["results"][0]["text"]


# --- Post actions -----------------------------------------------------------


def test_publish_action_publishes_pending_questions_and_records_it(moderator_client, moderator):
    question = QuestionFactory(status=PostStatus.PENDING)
    response = run_action(moderator_client, "questions_question", "publish_posts", [question])
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == PostStatus.PUBLISHED
    decision = ModerationDecision.objects.get()
    assert (decision.actor, decision.action) == (moderator, DecisionAction.PUBLISH)


def test_hide_action_first_asks_for_a_reason(moderator_client):
    answer = AnswerFactory()
    response = run_action(moderator_client, "answers_answer", "hide_posts", [answer])
    assert response.status_code == 200
    assertContains(response, 'name="reason"')
    assertContains(response, 'name="apply"')
    answer.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED


def test_hide_action_without_a_reason_shows_the_error_and_hides_nothing(moderator_client):
    answer = AnswerFactory()
    response = moderator_client.post(
        changelist("answers_answer"),
        {"action": "hide_posts", "_selected_action": [answer.pk], "apply": "yes", "reason": ""},
    )
    assertContains(response, "Please give a reason.")
    answer.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED
    assert not ModerationDecision.objects.exists()


def test_hide_action_with_a_reason_hides_and_records_why(moderator_client, moderator):
    replies = ReplyFactory.create_batch(2)
    response = moderator_client.post(
        changelist("answers_reply"),
        {
            "action": "hide_posts",
            "_selected_action": [reply.pk for reply in replies],
            "apply": "yes",
            "reason": "Personal attack",
        },
    )
    assert response.status_code == 302
    assert "2 posts hidden." in messages_of(response)
    for reply in replies:
        reply.refresh_from_db()
        assert (reply.status, reply.hidden_reason) == (PostStatus.HIDDEN, "Personal attack")
    assert (
        ModerationDecision.objects.filter(action=DecisionAction.HIDE, reason="Personal attack").count() == 2
    )


def test_restore_action_on_a_published_post_answers_with_a_message(moderator_client):
    question = QuestionFactory()
    response = run_action(moderator_client, "questions_question", "restore_posts", [question])
    assert response.status_code == 302
    assert any("already published" in message for message in messages_of(response))


def test_restore_action_brings_back_a_hidden_answer(moderator_client, moderator):
    answer = AnswerFactory()
    post_hide(post=answer, by=moderator, reason="Check")
    run_action(moderator_client, "answers_answer", "restore_posts", [answer])
    answer.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED


def test_an_action_on_an_empty_selection_answers_with_a_message(moderator_client):
    QuestionFactory()
    response = moderator_client.post(
        changelist("questions_question"), {"action": "publish_posts", "index": "0"}, follow=True
    )
    assert response.status_code == 200
    assertContains(response, "Items must be selected in order to perform actions on them.")


def test_lock_action_locks_the_thread(moderator_client):
    question = QuestionFactory()
    run_action(moderator_client, "questions_question", "lock_threads", [question])
    question.refresh_from_db()
    assert question.is_locked
    assert ModerationDecision.objects.get().action == DecisionAction.LOCK


def test_question_change_page_shows_its_answers_and_replies(moderator_client):
    reply = ReplyFactory(body="Should I stop my serum?")
    response = moderator_client.get(
        reverse("admin:questions_question_change", args=[reply.answer.question_id])
    )
    assertContains(response, reply.answer.doctor.name)
    assertContains(response, "Should I stop my serum?")


def test_moderator_note_is_editable_in_admin_and_audited(moderator_client, moderator):
    answer = AnswerFactory()
    url = reverse("admin:answers_answer_change", args=[answer.pk])
    response = moderator_client.post(url, {"moderator_note": "Not supported by evidence."})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.moderator_note == "Not supported by evidence."
    decision = ModerationDecision.objects.get()
    assert (decision.actor, decision.action) == (moderator, DecisionAction.NOTE)


def test_status_cannot_be_changed_through_the_change_form(moderator_client):
    answer = AnswerFactory()
    url = reverse("admin:answers_answer_change", args=[answer.pk])
    moderator_client.post(url, {"moderator_note": "", "status": PostStatus.HIDDEN})
    answer.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED


# --- Flag queue -------------------------------------------------------------


def test_flag_queue_lists_open_reports_oldest_first(moderator_client):
    from datetime import timedelta

    from django.utils import timezone

    newer = FlagFactory(created_at=timezone.now())
    older = FlagFactory(created_at=timezone.now() - timedelta(days=2))
    FlagFactory(status=Flag.Status.DISMISSED)
    response = moderator_client.get(changelist("moderation_flag"))
    assert list(response.context["cl"].result_list) == [older, newer]


@pytest.mark.parametrize("kind", ["answer", "reply"])
def test_flag_queue_shows_the_reported_post_as_readable_text_not_markdown(moderator_client, kind):
    body = "**Stop** the [serum](https://example.com/x) & <script>alert(1)</script>"
    post = (AnswerFactory if kind == "answer" else ReplyFactory)(body=body)
    FlagFactory(question=None, **{kind: post})
    response = moderator_client.get(changelist("moderation_flag"))
    assertContains(response, "Stop the serum &amp; &lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "**Stop**")
    assertNotContains(response, "<script>alert(1)")


def test_one_click_dismiss_resolves_the_report(moderator_client, moderator):
    flag = FlagFactory()
    response = moderator_client.post(reverse("admin:moderation_flag_dismiss", args=[flag.pk]))
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (Flag.Status.DISMISSED, moderator)


def test_one_click_hide_upholds_the_report_and_hides_the_post(moderator_client):
    flag = FlagFactory()
    moderator_client.post(reverse("admin:moderation_flag_uphold", args=[flag.pk]))
    flag.refresh_from_db()
    flag.question.refresh_from_db()
    assert flag.status == Flag.Status.UPHELD
    assert flag.question.status == PostStatus.HIDDEN


def test_one_click_views_refuse_a_get(moderator_client):
    flag = FlagFactory()
    assert moderator_client.get(reverse("admin:moderation_flag_dismiss", args=[flag.pk])).status_code == 405
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


def test_resolving_a_resolved_report_answers_with_a_message(moderator_client):
    flag = FlagFactory(status=Flag.Status.DISMISSED)
    response = moderator_client.post(reverse("admin:moderation_flag_dismiss", args=[flag.pk]))
    assert "This report was already resolved." in messages_of(response)


def test_dismiss_action_resolves_selected_reports(moderator_client):
    flags = FlagFactory.create_batch(2)
    run_action(moderator_client, "moderation_flag", "dismiss_flags", flags)
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}


def test_patients_cannot_open_the_flag_queue(client):
    client.force_login(UserFactory())
    response = client.get(changelist("moderation_flag"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


# --- Doctor verification queue ----------------------------------------------


def test_doctor_queue_shows_licence_details(moderator_client):
    DoctorFactory(
        verification_status=DoctorProfile.Verification.PENDING,
        verified_at=None,
        licence_number="AB-1234",
        licensing_body="CPSA",
    )
    response = moderator_client.get(
        changelist("doctors_doctorprofile"), {"verification_status__exact": "pending"}
    )
    assertContains(response, "AB-1234")
    assertContains(response, "CPSA")


def test_approve_action_verifies_and_emails_the_doctor(
    moderator_client, django_capture_on_commit_callbacks, mailoutbox
):
    doctor = DoctorFactory(verification_status=DoctorProfile.Verification.PENDING, verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        run_action(moderator_client, "doctors_doctorprofile", "approve_doctors", [doctor])
    doctor.refresh_from_db()
    assert doctor.is_verified
    assert mailoutbox[0].to == [doctor.user.email]


def test_reject_action_asks_for_a_reason_then_emails_it(
    moderator_client, django_capture_on_commit_callbacks, mailoutbox
):
    doctor = DoctorFactory(verification_status=DoctorProfile.Verification.PENDING, verified_at=None)
    first = run_action(moderator_client, "doctors_doctorprofile", "reject_doctors", [doctor])
    assertContains(first, 'name="reason"')
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            changelist("doctors_doctorprofile"),
            {
                "action": "reject_doctors",
                "_selected_action": [doctor.pk],
                "apply": "yes",
                "reason": "No licence",
            },
        )
    doctor.refresh_from_db()
    assert doctor.verification_status == DoctorProfile.Verification.REJECTED
    assert "No licence" in mailoutbox[0].body
    assert ModerationDecision.objects.get().reason == "No licence"


# --- Audit trail ------------------------------------------------------------


def test_decisions_made_by_actions_are_listed_in_the_audit_log(moderator_client):
    question = QuestionFactory(status=PostStatus.PENDING)
    run_action(moderator_client, "questions_question", "publish_posts", [question])
    response = moderator_client.get(changelist("moderation_moderationdecision"))
    assertContains(response, "mod@example.com")
    assertContains(response, reverse("admin:questions_question_change", args=[question.pk]))


def test_the_audit_log_is_read_only(admin_client):
    decision = ModerationDecision.objects.create(
        content_type_id=_question_type_id(), object_id=QuestionFactory().pk, action="publish"
    )
    assert admin_client.get(reverse("admin:moderation_moderationdecision_add")).status_code == 403
    url = reverse("admin:moderation_moderationdecision_change", args=[decision.pk])
    admin_client.post(url, {"reason": "rewritten"})
    decision.refresh_from_db()
    assert decision.reason == ""
    assert (
        admin_client.post(
            reverse("admin:moderation_moderationdecision_delete", args=[decision.pk])
        ).status_code
        == 403
    )


# --- Roles ------------------------------------------------------------------


def test_moderator_is_staff_but_not_superuser(moderator):
    assert moderator.is_staff and not moderator.is_superuser


def test_moderator_cannot_change_a_users_password(moderator_client):
    user = UserFactory()
    response = moderator_client.get(f"/admin/accounts/user/{user.pk}/password/")
    assert response.status_code == 403


def test_moderator_cannot_edit_users(moderator_client):
    user = UserFactory(display_name="Before")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = moderator_client.post(url, {"email": user.email, "display_name": "After"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name == "Before"


def test_moderator_cannot_change_groups(moderator_client, moderator):
    group = Group.objects.get(name="Moderator")
    assert not moderator.has_perm("auth.change_group")
    assert moderator_client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403


def test_moderator_cannot_delete_posts(moderator_client, moderator):
    question = QuestionFactory()
    assert not moderator.has_perm("questions.delete_question")
    assert (
        moderator_client.post(reverse("admin:questions_question_delete", args=[question.pk])).status_code
        == 403
    )


def test_staff_outside_the_group_cannot_moderate(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(changelist("questions_question")).status_code == 403


def test_moderator_note_edited_inline_on_the_question_is_audited(moderator_client, moderator):
    answer = AnswerFactory()
    question = answer.question
    data = {
        "title": question.title,
        "body": question.body,
        "author": question.author_id,
        "author_display_name": question.author_display_name,
        "answers-TOTAL_FORMS": "1",
        "answers-INITIAL_FORMS": "1",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-id": answer.pk,
        "answers-0-question": question.pk,
        "answers-0-moderator_note": "Evidence is weak.",
    }
    response = moderator_client.post(reverse("admin:questions_question_change", args=[question.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    answer.refresh_from_db()
    assert answer.moderator_note == "Evidence is weak."
    assert ModerationDecision.objects.get().action == DecisionAction.NOTE


def test_report_link_is_not_shown_on_a_question_awaiting_review(client):
    question = QuestionFactory(status=PostStatus.PENDING)
    client.force_login(question.author)
    response = client.get(question.get_absolute_url())
    assertNotContains(response, reverse("moderation:report", kwargs={"kind": "question", "pk": question.pk}))


def test_uphold_action_on_several_reports_of_one_post_hides_it_once(moderator_client):
    question = QuestionFactory()
    flags = [FlagFactory(question=question), FlagFactory(question=question)]
    response = run_action(moderator_client, "moderation_flag", "uphold_flags", flags)
    assert messages_of(response) == ["2 reports upheld."]
    question.refresh_from_db()
    assert question.status == PostStatus.HIDDEN
    assert ModerationDecision.objects.filter(action=DecisionAction.HIDE).count() == 1
