"""Project-wide checks: migrations, settings from the environment, demo content."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from answers.models import Answer, Reply
from askdoc import demo_seed
from questions.models import Question

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _run_python(code, **env):
    ignored = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_production_server_refuses_the_development_secret_key():
    result = _run_python("import askdoc.wsgi", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_production_server_starts_with_a_real_secret_key():
    result = _run_python("import askdoc.wsgi", DEBUG="0", SECRET_KEY="a-real-secret-" + "x" * 50)
    assert result.returncode == 0, result.stderr


def test_settings_read_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='askdoc.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.TIME_ZONE, s.ALLOWED_HOSTS, s.DEBUG, s.EMAIL_HOST)"
    )
    result = _run_python(
        code,
        DATABASE_URL="postgres://u:p@db.example:5432/askdoc",
        TIME_ZONE="America/Toronto",
        ALLOWED_HOSTS="askdoc.example,www.askdoc.example",
        DEBUG="1",
        EMAIL_HOST="smtp.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "America/Toronto",
        "['askdoc.example',",
        "'www.askdoc.example']",
        "True",
        "smtp.example",
    ]


def test_a_malformed_boolean_is_refused_clearly():
    result = _run_python("import askdoc.settings", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_creates_the_seed_page_and_is_idempotent():
    call_command("load_demo", verbosity=0, stdout=StringIO())
    counts = (Question.objects.count(), Answer.objects.count(), Reply.objects.count())
    call_command("load_demo", verbosity=0, stdout=StringIO())
    assert (Question.objects.count(), Answer.objects.count(), Reply.objects.count()) == counts
    seed = Question.objects.get(title=demo_seed.SEED_QUESTION_TITLE)
    answers = list(seed.answers.order_by("created_at"))
    assert [a.doctor.name for a in answers] == ["Isabella Ward", "Isla Marshall"]
    assert all(a.created_at > seed.created_at for a in answers)
    assert "not supported by evidence" in answers[1].moderator_note
    assert Question.objects.published().count() >= 13


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_demo", verbosity=0)


def test_server_error_page_is_styled_and_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "askdoc.css" in html


@pytest.mark.django_db
def test_server_error_handler_serves_the_styled_page(client, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("broken/", broken)]})
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


# Production settings for `check --deploy`; a Redis in the environment would be checked too
# (askdoc.W002), so there is none.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "askdoc.settings",
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-" + "k7Qz" * 12,
    "ALLOWED_HOSTS": "askdoc.example",
    "REDIS_URL": "",
}
CHECK_DEPLOY = (
    "from django.core.management import execute_from_command_line;"
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)


def test_deploy_check_with_production_settings_reports_nothing():
    result = _run_python(CHECK_DEPLOY, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_behind_tls_proxy_without_trusted_proxy_count():
    result = _run_python(CHECK_DEPLOY, **PRODUCTION, BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="0")
    assert result.returncode != 0
    assert "askdoc.W001" in result.stderr and "TRUSTED_PROXY_COUNT" in result.stderr

    result = _run_python(CHECK_DEPLOY, **PRODUCTION, BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deploy_warning_checked_by_hand_can_be_silenced_from_the_environment():
    # A managed Redis that refuses CONFIG gives askdoc.W004 on every deploy; once its eviction
    # policy is checked in the provider's console, the warning can be silenced.
    proxied = {**PRODUCTION, "BEHIND_TLS_PROXY": "1", "TRUSTED_PROXY_COUNT": "0"}
    result = _run_python(CHECK_DEPLOY, **proxied, SILENCED_SYSTEM_CHECKS="askdoc.W001, askdoc.W004")
    assert result.returncode == 0, result.stdout + result.stderr
