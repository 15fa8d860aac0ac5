"""`make lighthouse`: Lighthouse (tools/package.json) on a production-like askdoc.

A throwaway site under var/lighthouse/site (SQLite, demo data, collectstatic with whitenoise's
manifest storage), served by gunicorn with DEBUG off, then Lighthouse with Debian's Chromium on the
seed question page, home and the ask form (signed in as the demo patient). Reports go to
var/lighthouse/<page>.report.html and .json; the run fails when any category scores below 95.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "lighthouse"
SITE = OUT / "site"
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
MINIMUM = 95
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")

ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "VAR_DIR": str(SITE),
    "DATABASE_URL": f"sqlite:///{SITE / 'askdoc.sqlite3'}",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": BASE,
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "TASKS_BACKEND": "immediate",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
    "CHROME_PATH": CHROME,
}

SESSION_SNIPPET = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(email="patient@askdoc.test")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""

SEED_URL_SNIPPET = """
from askdoc import demo_seed
from questions.models import Question
print(Question.objects.get(title=demo_seed.SEED_QUESTION_TITLE).get_absolute_url())
"""


def manage(*args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, text=True, capture_output=capture
    )
    return result.stdout.strip() if capture else None


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def lighthouse(name, path, cookie=None):
    command = [
        str(LIGHTHOUSE),
        BASE + path,
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output=html",
        f"--output-path={OUT / name}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, cwd=ROOT, env=ENV, check=True)
    report = json.loads((OUT / f"{name}.report.json").read_text())
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse` (npm ci in tools/).")
    shutil.rmtree(SITE, ignore_errors=True)
    SITE.mkdir(parents=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo", "--force", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    session = manage("shell", "-c", SESSION_SNIPPET, capture=True).splitlines()[-1]
    seed_path = manage("shell", "-c", SEED_URL_SNIPPET, capture=True).splitlines()[-1]

    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "askdoc.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
        cwd=ROOT,
        env=ENV,
    )
    try:
        wait_for(BASE + "/health/")
        pages = [
            ("seed-question", seed_path, None),
            ("home", "/", None),
            ("ask-form", "/questions/ask/", f"sessionid={session}"),
        ]
        scores = {name: lighthouse(name, path, cookie) for name, path, cookie in pages}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    failed = False
    print(f"\n{'page':<16}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, result in scores.items():
        print(f"{name:<16}" + "".join(f"{result[c]:>16}" for c in CATEGORIES))
        failed |= any(score < MINIMUM for score in result.values())
    (OUT / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    print(f"\nReports: {OUT}/*.report.html")
    if failed:
        print(f"FAILED: a category scored below {MINIMUM}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
