"""askdoc's own system checks (askdoc/checks.py), as `manage.py check --deploy` runs them."""

import pytest
from django.core.checks import run_checks

BEHIND_PROXY_SETTINGS = [
    {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")},
    {"USE_X_FORWARDED_HOST": True},
    {"USE_X_FORWARDED_PORT": True},
]


def _deploy_check_ids():
    return {message.id for message in run_checks(include_deployment_checks=True, tags=["deploy"])}


@pytest.mark.parametrize("proxy_settings", BEHIND_PROXY_SETTINGS, ids=lambda s: next(iter(s)))
def test_deploy_check_warns_behind_a_proxy_without_trusted_proxy_count(settings, proxy_settings):
    for name, value in proxy_settings.items():
        setattr(settings, name, value)
    settings.TRUSTED_PROXY_COUNT = 0

    assert "askdoc.W001" in _deploy_check_ids()


def test_deploy_check_is_quiet_behind_a_proxy_with_trusted_proxy_count(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.USE_X_FORWARDED_HOST = True
    settings.TRUSTED_PROXY_COUNT = 1

    assert "askdoc.W001" not in _deploy_check_ids()


def test_deploy_check_is_quiet_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.USE_X_FORWARDED_HOST = False
    settings.USE_X_FORWARDED_PORT = False
    settings.TRUSTED_PROXY_COUNT = 0

    assert "askdoc.W001" not in _deploy_check_ids()


def test_proxy_check_runs_only_with_deploy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0

    assert "askdoc.W001" not in {message.id for message in run_checks()}
