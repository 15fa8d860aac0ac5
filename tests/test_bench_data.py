"""The benchmark dataset command: builds quickly, and never touches a real site's data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
    assert response.content.decode().count('class="reply"') == 150
    # A second run on its own dataset may reuse it; it is not "real data".
    call_command("bench_data", questions=40, reuse=True)
    assert "reusing it" in capsys.readouterr().out
