"""A throwaway, production-like askdoc for the tools in scripts/ (Lighthouse, screenshots).

SQLite and collected static files under a folder of var/, the demo data, DEBUG off, served by
gunicorn with whitenoise exactly as in production (but over plain HTTP on 127.0.0.1).
"""

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")

SESSION_SNIPPET = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
for email in {emails!r}:
    user = get_user_model().objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(email, session.session_key)
"""

SEED_URL_SNIPPET = """
from askdoc import demo_seed
from questions.models import Question
print(Question.objects.get(title=demo_seed.SEED_QUESTION_TITLE).get_absolute_url())
"""


class ScratchSite:
    def __init__(self, folder, port):
        self.folder = Path(folder)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "VAR_DIR": str(self.folder),
            "DATABASE_URL": f"sqlite:///{self.folder / 'askdoc.sqlite3'}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "TASKS_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True, text=True, capture_output=True
        )
        return result.stdout.strip()

    def shell(self, code):
        return self.manage("shell", "-c", code)

    def build(self):
        """A fresh database with the demo data, and the static files collected."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.manage("migrate", "--noinput")
        self.manage("load_demo", "--force")
        self.manage("collectstatic", "--noinput")
        self.seed_path = self.shell(SEED_URL_SNIPPET).splitlines()[-1]

    def sessions(self, *emails):
        """Session cookie values signing in each of these demo accounts."""
        lines = self.shell(SESSION_SNIPPET.format(emails=list(emails))).splitlines()
        return dict(line.split() for line in lines[-len(emails) :])

    @contextlib.contextmanager
    def serving(self):
        server = subprocess.Popen(  # noqa: S603 (gunicorn from the venv, fixed arguments)
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "askdoc.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "2", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env,
        )
        try:
            self._wait_for(self.url + "/health/")
            yield self
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    def _wait_for(self, url, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own http URL)
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{url} did not answer within {seconds} s")
