#!/usr/bin/env python3
"""Load and fault test: `make loadtest` (not part of `make test`; it takes about two minutes).

1. Starts its own PostgreSQL cluster in a scratch directory (initdb + pg_ctl from
   PG_BIN, default /usr/lib/postgresql/15/bin, run as the `postgres` user when we are root)
   on a free port, so stopping it disturbs nothing else; migrates, collects static files,
   loads the demo and creates the load-test accounts.
2. Starts gunicorn (gunicorn.conf.py) with DEBUG off, as in production.
3. Runs CLIENTS (64) concurrent clients for DURATION (60) seconds: readers walk the public
   pages; patients ask questions, doctors answer them, visitors sign up for the newsletter.
4. Stops PostgreSQL for OUTAGE (10) seconds in the middle of the run.

It passes when: outside the outage no response is an error (anything but 200/301/302);
during the outage every failure is a clean 503 page (no traceback); /health/ is 200 again
within 5 s of PostgreSQL accepting connections; and every write the site accepted
(a redirect after the POST) is in the database afterwards. The summary is printed and, with
--report, written as Markdown. Exit status 0 only when everything passed.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
RECOVERY_LIMIT = 5.0
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- PostgreSQL, in a scratch directory ------------------------------------------------


class Cluster:
    def __init__(self, scratch, pg_bin):
        self.dir = scratch / "pg"
        self.port = free_port()
        self.pg_bin = Path(pg_bin)
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args, check=True):
        return subprocess.run(
            [*self.as_postgres, *map(str, args)], check=check, capture_output=True, text=True
        )

    def create(self):
        self.dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(self.pg_bin / "initdb", "-D", self.dir, "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()
        self._run(self.pg_bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "askdoc")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c max_connections=200 -c fsync=off"
        )
        self._run(
            self.pg_bin / "pg_ctl",
            "-D",
            self.dir,
            "-o",
            options,
            "-l",
            self.dir / "server.log",
            "-w",
            "start",
        )

    def stop(self):
        self._run(self.pg_bin / "pg_ctl", "-D", self.dir, "-m", "fast", "-w", "stop", check=False)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/askdoc"


# --- The site ------------------------------------------------------------------------------


def site_environment(scratch, cluster):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "askdoc.settings",
        "DATABASE_URL": cluster.url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "VAR_DIR": str(scratch / "var"),
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        # The load test measures capacity, not abuse limits.
        "RATE_LIMITS": ",".join(f"{a}=1000000/60" for a in ("ask", "answer", "reply", "flag", "subscribe")),
    }


SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from accounts.models import User
from doctors.models import DoctorProfile
from doctors.services import doctor_verify
from questions.models import Question, Topic

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

patients, doctors = [], []
for n in range(16):
    user = User.objects.create_user(
        email=f"load-patient-{n}@example.com", password=None, display_name=f"Load {n}"
    )
    patients.append({"id": user.pk, "session": session_for(user)})
    user = User.objects.create_user(email=f"load-doctor-{n}@example.com", password=None)
    doctor = DoctorProfile.objects.create(
        user=user, name=f"Load Doctor {n}", slug=f"load-doctor-{n}", specialty="Dermatology",
        licence_number=f"L{n}", licensing_body="CPSA", verification_status="pending",
    )
    doctor_verify(doctor=doctor, by=None)
    doctors.append({"id": doctor.pk, "session": session_for(user)})
questions = [
    {"id": q.pk, "url": q.get_absolute_url()} for q in Question.objects.published().order_by("pk")
]
print(json.dumps({
    "patients": patients,
    "doctors": doctors,
    "questions": questions,
    "topics": list(Topic.objects.values_list("slug", "pk")),
    "doctor_slugs": list(DoctorProfile.objects.verified().values_list("slug", flat=True)),
}))
"""


def prepare_site(env):
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo", "--force"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env, port, log):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "8"}
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "askdoc.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            if request("127.0.0.1", port, "GET", "/health/")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start; see its log")


# --- Clients -----------------------------------------------------------------------------------


def request(host, port, method, path, body=None, cookies=None, connection=None):
    """One HTTP request; returns (status, headers, text). Raises OSError on network failure."""
    conn = connection or http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Host": host}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{host}:{port}/"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    if cookies is not None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name] = rest.split(";")[0]
    if connection is None:
        conn.close()
    return response.status, dict(response.getheaders()), text


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (time, kind, status, clean_503)
        self.accepted = {"questions": [], "answers": [], "subscribers": []}

    def record(self, kind, status, text):
        clean = (
            status == 503
            and "Traceback" not in text
            and ("temporarily unavailable" in text or '"database": "down"' in text)
        )
        with self.lock:
            self.events.append((time.monotonic(), kind, status, clean))

    def accept(self, what, key):
        with self.lock:
            self.accepted[what].append(key)


class Client(threading.Thread):
    def __init__(self, number, port, world, recorder, deadline):
        super().__init__(daemon=True)
        self.number, self.port, self.world, self.recorder, self.deadline = (
            number,
            port,
            world,
            recorder,
            deadline,
        )
        self.random = random.Random(number)
        self.conn = None
        self.role = ("reader", "reader", "patient", "doctor", "visitor")[number % 5]
        account = None
        if self.role == "patient":
            account = world["patients"][number % len(world["patients"])]
        elif self.role == "doctor":
            account = world["doctors"][number % len(world["doctors"])]
        self.account = account
        self.cookies = {"sessionid": account["session"]} if account else {}
        self.unanswered = [q["id"] for q in world["questions"]]
        self.random.shuffle(self.unanswered)

    def call(self, kind, method, path, data=None):
        body = None
        if data is not None:
            from urllib.parse import urlencode

            body = urlencode(data, doseq=True)
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            status, headers, text = request(
                "127.0.0.1", self.port, method, path, body, self.cookies, connection=self.conn
            )
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.recorder.record(kind, "connection error", "")
            return None, {}, ""
        self.recorder.record(kind, status, text)
        return status, headers, text

    def form_token(self, path):
        status, _headers, text = self.call("read", "GET", path)
        match = CSRF_RE.search(text) if status == 200 else None
        return match.group(1) if match else None

    def read(self):
        world = self.world
        choice = self.random.random()
        if choice < 0.3:
            path = "/"
        elif choice < 0.6:
            path = self.random.choice(world["questions"])["url"]
        elif choice < 0.75:
            path = f"/topics/{self.random.choice(world['topics'])[0]}/"
        elif choice < 0.85:
            path = "/topics/"
        elif choice < 0.95:
            path = f"/doctors/{self.random.choice(world['doctor_slugs'])}/"
        else:
            path = "/health/"
        self.call("read", "GET", path)

    def ask(self):
        token = self.form_token("/questions/ask/")
        if token is None:
            return
        form_token = uuid.uuid4().hex
        topic_pk = self.random.choice(self.world["topics"])[1]
        data = {
            "csrfmiddlewaretoken": token,
            "title": f"Load test question {form_token[:8]} about my skin?",
            "body": "My skin has been dry and flaky since I started a new cleanser last week.",
            "topics": [topic_pk],
            "photos_public": "0",
            "form_token": form_token,
            "seen_similar": "on",
            "confirmed_urgent": "on",
        }
        status, headers, _text = self.call("write", "POST", "/questions/ask/", data)
        if status == 302 and "/questions/" in headers.get("Location", ""):
            self.recorder.accept("questions", (self.account["id"], form_token))

    def answer(self):
        if not self.unanswered:
            return self.read()
        question_pk = self.unanswered[-1]
        path = f"/answers/question/{question_pk}/new/"
        token = self.form_token(path)
        if token is None:
            return
        data = {
            "csrfmiddlewaretoken": token,
            "body": "Keep the area clean and moisturised.",
            "action": "publish",
        }
        status, headers, _text = self.call("write", "POST", path, data)
        if status == 302:
            self.unanswered.pop()
            if "/answers/" in headers.get("Location", ""):  # the new answer's permalink
                self.recorder.accept("answers", (self.account["id"], question_pk))

    def subscribe(self):
        token = self.form_token("/topics/")
        if token is None:
            return
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        data = {"csrfmiddlewaretoken": token, "email": email, "next": "/topics/"}
        status, _headers, _text = self.call("write", "POST", "/newsletter/subscribe/", data)
        if status == 302:
            self.recorder.accept("subscribers", email)

    def run(self):
        write = {"patient": self.ask, "doctor": self.answer, "visitor": self.subscribe}.get(self.role)
        while time.monotonic() < self.deadline:
            if write is not None and self.random.random() < 0.3:
                write()
            else:
                self.read()


def watch_health(port, stop, samples):
    """Poll /health/ every 100 ms, recording (time, status)."""
    while not stop.is_set():
        try:
            status = request("127.0.0.1", port, "GET", "/health/")[0]
        except (OSError, http.client.HTTPException):
            status = None
        samples.append((time.monotonic(), status))
        time.sleep(0.1)


# --- Verification ---------------------------------------------------------------------------


def writes_present(cluster, accepted):
    import psycopg2

    missing = {}
    with psycopg2.connect(cluster.url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT author_id, form_token FROM questions_question WHERE form_token <> ''")
        stored = set(cursor.fetchall())
        missing["questions"] = [k for k in accepted["questions"] if tuple(k) not in stored]
        cursor.execute("SELECT doctor_id, question_id FROM answers_answer")
        stored = set(cursor.fetchall())
        missing["answers"] = [k for k in accepted["answers"] if tuple(k) not in stored]
        cursor.execute("SELECT email FROM newsletter_subscriber")
        stored = {row[0] for row in cursor.fetchall()}
        missing["subscribers"] = [k for k in accepted["subscribers"] if k not in stored]
    conn.close()
    return missing


def summarise(recorder, outage_start, outage_end, health, missing, args):
    recovered_at = next((t for t, s in health if t >= outage_end and s == 200), None)
    recovery = None if recovered_at is None else recovered_at - outage_end
    window_end = outage_end + RECOVERY_LIMIT
    during, outside = Counter(), Counter()
    errors, unclean_503 = Counter(), 0
    for t, kind, status, clean in recorder.events:
        in_outage = outage_start <= t <= window_end
        (during if in_outage else outside)[status] += 1
        if status in (200, 301, 302):
            continue
        if in_outage and status == 503 and clean:
            continue
        if status == 503 and not clean:
            unclean_503 += 1
        errors[f"{kind} {status}{' (during outage)' if in_outage else ''}"] += 1
    accepted = {k: len(v) for k, v in recorder.accepted.items()}
    passed = (
        not errors
        and unclean_503 == 0
        and recovery is not None
        and recovery <= RECOVERY_LIMIT
        and not any(missing.values())
        and during.get(503, 0) > 0
    )
    return {
        "passed": passed,
        "clients": args.clients,
        "duration_s": args.duration,
        "outage_s": args.outage,
        "requests": len(recorder.events),
        "requests_per_s": round(len(recorder.events) / args.duration, 1),
        "statuses_outside_outage": dict(outside),
        "statuses_during_outage_and_5s_after": dict(during),
        "errors": dict(errors),
        "recovery_s": None if recovery is None else round(recovery, 2),
        "accepted_writes": accepted,
        "missing_writes": {k: len(v) for k, v in missing.items()},
    }


def markdown(summary):
    verdict = "PASSED" if summary["passed"] else "FAILED"
    lines = [
        "# Load and fault test",
        "",
        f"Result of `make loadtest` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}): **{verdict}**.",
        "",
        f"- {summary['clients']} concurrent clients for {summary['duration_s']} s (readers, patients "
        "asking, doctors answering, visitors subscribing); gunicorn with 3 workers x 8 threads.",
        f"- {summary['requests']} requests ({summary['requests_per_s']}/s).",
        f"- PostgreSQL stopped for {summary['outage_s']} s mid-run.",
        f"- Statuses outside the outage: `{json.dumps(summary['statuses_outside_outage'])}`.",
        "- Statuses during the outage and the 5 s after: "
        f"`{json.dumps(summary['statuses_during_outage_and_5s_after'])}`"
        " (every 503 a clean page or health JSON, no traceback).",
        f"- Errors: `{json.dumps(summary['errors'])}`.",
        f"- `/health/` back to 200 {summary['recovery_s']} s after PostgreSQL accepted connections again.",
        f"- Accepted writes: `{json.dumps(summary['accepted_writes'])}`; missing afterwards: "
        f"`{json.dumps(summary['missing_writes'])}`.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--outage", type=int, default=10)
    parser.add_argument("--pg-bin", default=os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
    parser.add_argument("--report", help="write the summary as Markdown to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (logs) afterwards")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="askdoc-loadtest-"))
    scratch.chmod(0o755)  # the postgres user must reach its data directory inside
    cluster = Cluster(scratch, args.pg_bin)
    gunicorn = None
    log = open(scratch / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    try:
        print(f"scratch directory {scratch}; PostgreSQL on port {cluster.port}", flush=True)
        cluster.create()
        env = site_environment(scratch, cluster)
        world = prepare_site(env)
        port = free_port()
        gunicorn = start_gunicorn(env, port, log)
        print(f"gunicorn on port {port}; {args.clients} clients for {args.duration} s", flush=True)

        recorder, health, stop = Recorder(), [], threading.Event()
        start = time.monotonic()
        clients = [Client(n, port, world, recorder, start + args.duration) for n in range(args.clients)]
        watcher = threading.Thread(target=watch_health, args=(port, stop, health), daemon=True)
        watcher.start()
        for client in clients:
            client.start()

        time.sleep(max(0, args.duration / 2 - args.outage / 2))
        outage_start = time.monotonic()
        print("stopping PostgreSQL", flush=True)
        cluster.stop()
        time.sleep(args.outage)
        print("starting PostgreSQL", flush=True)
        cluster.start()
        outage_end = time.monotonic()

        for client in clients:
            client.join()
        stop.set()
        watcher.join()
        missing = writes_present(cluster, recorder.accepted)
        summary = summarise(recorder, outage_start, outage_end, health, missing, args)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        log.close()
        cluster.stop()
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    print(json.dumps(summary, indent=2))
    if args.report:
        Path(args.report).write_text(markdown(summary))
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
