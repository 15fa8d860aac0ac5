"""The gunicorn configuration caps request lines and headers, and loads as gunicorn loads it."""

from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.fixture
def config():
    from gunicorn.config import Config

    namespace = {"__file__": str(CONFIG)}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)
    settings = Config()
    for key, value in namespace.items():
        if key in settings.settings:
            settings.set(key, value)
    return settings


def test_gunicorn_limits_request_lines_and_headers(config):
    assert config.limit_request_line == 4094
    assert config.limit_request_fields == 50
    assert config.limit_request_field_size == 8190
    assert config.timeout == 30


def test_access_log_lines_are_json():
    import json

    namespace = {}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)
    line = namespace["access_log_format"] % {
        "t": "[24/Nov/2026:10:00:00 +0000]",
        "h": "10.0.0.1",
        "m": "GET",
        "U": "/",
        "s": 200,
        "B": "512",
        "D": 1200,
        "{x-request-id}o": "abc",
        "a": "curl",
    }
    assert json.loads(line)["status"] == 200
