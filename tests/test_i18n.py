"""Internationalisation-readiness: the site layout's text is marked for translation, and the time
zone comes from the environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every template of the project: the site's and each app's (not third-party packages').
TEMPLATES = ROOT / "templates"
ALL_TEMPLATES = sorted(
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if not {".venv", "node_modules"} & set(path.relative_to(ROOT).parts)
)
# Text that is the same in every language: the brand, separators and entities.
UNTRANSLATED_OK = {"ask", "doc", "askdoc", "·", "*", ":", ",", "(", ")", "“", "”", "&rsaquo;"}


def untranslated_text(source):
    """Words a person would read that sit outside {% translate %} / {% blocktranslate %}."""
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    # Blocks that hold code, not text: CSS classes of the page body.
    source = re.sub(r"{%\s*block bodyclass\s*%}.*?{%\s*endblock\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r'\bclass="[^"]*"', " ", source)  # class names are code, not text
    # Attributes people read: alt, title, aria-label, placeholder, content of a description.
    readable = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', source)
    text = re.sub(r"<[^>]+>", " ", source)
    words = [word for chunk in [text, *readable] for word in chunk.split()]
    return [word for word in words if word not in UNTRANSLATED_OK and re.search(r"[A-Za-z]", word)]


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(template):
    assert untranslated_text(template.read_text()) == []


def test_the_checker_finds_unmarked_text():
    assert untranslated_text('<p title="Hello">{% translate "Fine" %} Plain words</p>') == [
        "Plain",
        "words",
        "Hello",
    ]


def test_time_zone_comes_from_the_environment():
    env = {**os.environ, "TIME_ZONE": "Europe/Paris", "DJANGO_SETTINGS_MODULE": "askdoc.settings"}
    code = (
        "import django; django.setup();"
        " from django.utils import timezone; print(timezone.get_current_timezone())"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Europe/Paris"
