"""The benchmark dataset command: builds quickly, and never touches a real site's data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.asserts import assertContains

from answers.models import Answer, Reply
from askdoc.management.commands.bench_data import HEAVY_SLUG
from questions.models import Question
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_refuses_a_database_holding_real_data():
    UserFactory()
    QuestionFactory()
    with pytest.raises(CommandError, match="Refusing to build benchmark data") as refusal:
        call_command("bench_data", questions=10)
    assert "would wipe them" in str(refusal.value)
    assert Question.objects.count() == 1


def test_builds_the_seed_page_the_heavy_thread_and_the_bulk_questions(client, capsys):
    call_command("bench_data", questions=40, answers_per_question=3)
    heavy = Question.objects.get(slug=HEAVY_SLUG)
    assert Answer.objects.filter(question=heavy).count() == 50
    assert Reply.objects.filter(answer__question=heavy).count() == 150
    assert Question.objects.filter(slug__startswith="bench-question-").count() == 40
    assert Answer.objects.filter(question__slug__startswith="bench-question-").count() == 120
    response = client.get(heavy.get_absolute_url())
    assert response.content.decode().count('class="reply"') == 10 * 3  # answers come 10 to a page
    assertContains(response, "50 Answers")
    # A second run on its own dataset may reuse it; it is not "real data".
    call_command("bench_data", questions=40, reuse=True)
    assert "reusing it" in capsys.readouterr().out


def test_the_floor_page_exists_only_in_bench_mode(client):
    assert client.get("/bench/floor/?bytes=10").status_code == 404


def test_the_floor_page_returns_the_bytes_asked_for_and_refuses_bad_sizes():
    from django.test import RequestFactory

    from askdoc.views import bench_floor

    assert len(bench_floor(RequestFactory().get("/", {"bytes": "12345"})).content) == 12345
    for bad in ("abc", "-1", "99999999999"):
        assert bench_floor(RequestFactory().get("/", {"bytes": bad})).status_code == 400
