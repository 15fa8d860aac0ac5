"""`make bench`: askdoc under load, on PostgreSQL, with production settings.

1. Builds the benchmark dataset (`manage.py bench_data --reuse`) in BENCH_DATABASE_URL.
2. Measures each page once with Django's test client: SQL queries per request, HTML bytes.
3. Starts gunicorn (DEBUG off, a bench SECRET_KEY, BENCH_MODE on for the floor page) and
   drives it with wrk at 8 connections: each page uncached, then the anonymous pages with
   the page cache on. The floor is /bench/floor/, a bare view returning as many bytes as
   the page through the same middleware and server; each page's throughput is given as a
   ratio of its floor.
4. Records gunicorn worker memory (RSS) before and after 10,000 requests.
5. Writes var/bench/<time>.json and .md and copies the table into docs/performance.md.

Loopback only; every wrk run is bounded in time. Run with `make bench` (not part of `make test`).
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
PYTHON = sys.executable
DURATION = int(os.environ.get("BENCH_SECONDS", "12"))
CONNECTIONS = 8
THREADS = 2
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "100000"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "10000"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/askdoc_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SUBSCRIBE_EMAIL = "bench-reader@example.com"
READER_EMAIL = "bench-signed-in-reader@example.com"
DOC_START, DOC_END = "<!-- bench:start -->", "<!-- bench:end -->"

# Pages whose anonymous readers get cached pages; the subscribe POST is never cached.
CACHEABLE = ["seed question", "heavy question", "home", "topic", "search", "doctor profile"]
# Pages whose content signed-in readers share (no page cache for them: questions.views).
SHARED = ["seed question", "heavy question"]


def log(message):
    print(f"[bench] {message}", flush=True)


def redis_available():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(*, cached, prefix):
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies sent over HTTP.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BENCH_MODE": "1",
        "TASKS_BACKEND": "database",
        "PAGE_CACHE_SECONDS": "600" if cached else "0",
        "CONTENT_CACHE_SECONDS": "600" if cached else "0",
        "LOG_LEVEL": "WARNING",
        "CACHE_KEY_PREFIX": prefix,
        # The subscribe POST is measured for throughput, not refused by its abuse limit
        # (all of wrk's requests come from one address).
        "RATE_LIMITS": "subscribe=100000000/60",
    }
    if redis_available():
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def create_database():
    """CREATE DATABASE for BENCH_DATABASE_URL unless it exists."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(DATABASE_URL)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            log(f"creating database {config['NAME']}")
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()


def prepare(env):
    create_database()
    log("migrating and building the dataset (reused when complete)")
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("bench_data", "--reuse", "--questions", str(QUESTIONS), env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)


MEASURE = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from askdoc import demo_seed
from askdoc.management.commands.bench_data import HEAVY_SLUG
from questions.models import Question

seed = Question.objects.get(title=demo_seed.SEED_QUESTION_TITLE)
heavy = Question.objects.get(slug=HEAVY_SLUG)
pages = {
    "seed question": seed.get_absolute_url(),
    "heavy question": heavy.get_absolute_url(),
    "home": "/",
    "topic": "/topics/chemical-peels/",
    "search": "/search/?q=redness+after+peel",
    "doctor profile": "/doctors/isabella-ward/",
}
result = {}
for name, url in pages.items():
    client = Client()
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    result[name] = {
        "url": url, "status": response.status_code, "queries": len(queries), "bytes": len(response.content)
    }
# A signed-in patient who did not ask: a reader, who gets the shared content of a question page.
reader = get_user_model().objects.filter(email=sys.argv[2]).first()
if reader is None:
    reader = get_user_model().objects.create_user(sys.argv[2], display_name="Bench reader")
client = Client()
client.force_login(reader)
with override_settings(CONTENT_CACHE_SECONDS=600):
    for name in ("seed question", "heavy question"):
        client.get(pages[name])  # shares the content
        with CaptureQueriesContext(connection) as queries:
            client.get(pages[name])
        result[name]["reader_queries"] = len(queries)
# Their browser holds the session and, as any browser that has shown a form, the CSRF cookie.
names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
result["reader_cookie"] = "; ".join(f"{name}={client.cookies[name].value}" for name in names)
client = Client()
with CaptureQueriesContext(connection) as queries:
    response = client.post("/newsletter/subscribe/", {"email": sys.argv[1], "next": "/"})
result["subscribe POST"] = {"url": "/newsletter/subscribe/", "status": response.status_code,
                            "queries": len(queries), "bytes": len(response.content)}
print(json.dumps(result))
"""


def measure_pages(env):
    """Queries and bytes per page, uncached, with the test client (one request each); the
    queries of a signed-in reader's question pages; and that reader's session cookie."""
    output = subprocess.run(
        [PYTHON, "-c", MEASURE, SUBSCRIBE_EMAIL, READER_EMAIL],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "askdoc.settings", "PAGE_CACHE_SECONDS": "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


class Server:
    def __init__(self, env):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "askdoc.wsgi",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(WORKERS),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        for _ in range(120):
            try:
                with urlopen(f"{self.url}/health/", timeout=5) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def worker_rss_kib(self):
        """Resident memory of each worker (the master's children), in KiB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)))
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * UNITS[unit], 2)


def wrk(url, *, script=None, duration=DURATION):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE))
    if "99" not in latency:
        raise RuntimeError(f"wrk gave no latency distribution for {url}:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


ROUNDS = 3
# Issue #8: a search and a topic page under 50 ms at the 95th percentile, single client.
SINGLE_CLIENT_PAGES = ["search", "topic"]
SINGLE_CLIENT_P95_MS = 50
P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\\n", latency:percentile(95)))
end
"""


def single_client_p95_ms(url, workdir, *, duration=DURATION):
    """One connection, one thread: the latency one reader sees (wrk prints no 95th
    percentile itself, so a Lua `done` hook does)."""
    script = Path(workdir) / "p95.lua"
    script.write_text(P95_SCRIPT)
    command = ["wrk", "-t1", "-c1", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    output = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    return round(int(re.search(r"p95_us (\d+)", output).group(1)) / 1000, 2)


def compare(url, floor_url, *, script=None):
    """The page and its floor in alternating rounds, so both see the same machine load
    (it is shared and noisy): requests/s averaged, p50 the median round, p99 the worst."""
    page_runs, floor_runs = [], []
    seconds = max(2, DURATION // ROUNDS)
    for _round in range(ROUNDS):
        floor_runs.append(wrk(floor_url, duration=seconds))
        page_runs.append(wrk(url, script=script, duration=seconds))
    return _combine(page_runs), _combine(floor_runs)


def _combine(runs):
    p50s = sorted(run["p50_ms"] for run in runs)
    return {
        "requests": sum(run["requests"] for run in runs),
        "rps": round(sum(run["rps"] for run in runs) / len(runs), 1),
        "p50_ms": p50s[len(p50s) // 2],
        "p99_ms": max(run["p99_ms"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "rounds": runs,
    }


def subscribe_script(server, workdir):
    """A wrk script POSTing the footer form with a real CSRF cookie and token."""
    with urlopen(f"{server.url}/", timeout=10) as response:  # noqa: S310 (loopback)
        html = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "email": SUBSCRIBE_EMAIL, "next": "/"})
    path = Path(workdir) / "subscribe.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "csrftoken={cookie}"\n'
    )
    # Check it really subscribes before timing it.
    request = Request(  # noqa: S310 (loopback)
        f"{server.url}/newsletter/subscribe/",
        data=body.encode(),
        headers={"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        assert response.status == 200, response.status  # followed the 302 back to "/"
    return str(path)


def reader_script(url, cookie, workdir):
    """A wrk script sending the signed-in reader's session cookie; checks first that the
    page is really rendered for them (their header has "Log out")."""
    request = Request(url, headers={"Cookie": cookie})  # noqa: S310 (loopback)
    with urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        assert "Log out" in response.read().decode(), "the bench reader is not signed in"
    path = Path(workdir) / "reader.lua"
    path.write_text(f'wrk.headers["Cookie"] = "{cookie}"\n')
    return str(path)


def warm(url, count=20):
    for _ in range(count):
        with urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            response.read()


def run():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs Debian's wrk package).")
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    uncached_env = server_env(cached=False, prefix=prefix)
    prepare(uncached_env)
    pages = measure_pages(uncached_env)
    reader_cookie = pages.pop("reader_cookie")
    log("pages: " + ", ".join(f"{name} {page['queries']}q {page['bytes']}B" for name, page in pages.items()))
    results = {name: {**page} for name, page in pages.items()}
    memory = {}
    with tempfile.TemporaryDirectory() as workdir:
        log(f"uncached server, {WORKERS} workers")
        server = Server(uncached_env)
        try:
            for name, page in pages.items():
                if page["status"] == 404:
                    results[name]["note"] = "not on this branch (404)"
                    continue
                url = f"{server.url}{page['url']}"
                floor_url = f"{server.url}/bench/floor/?bytes={page['bytes']}"
                warm(floor_url, 5)
                log(f"{name}, uncached, against its floor ({page['bytes']} bytes)")
                script = subscribe_script(server, workdir) if name == "subscribe POST" else None
                if script is None:
                    warm(url, 5)
                results[name]["uncached"], results[name]["floor"] = compare(url, floor_url, script=script)
            for name in SINGLE_CLIENT_PAGES:
                if "uncached" in results[name]:
                    log(f"{name}, uncached, single client")
                    url = f"{server.url}{pages[name]['url']}"
                    results[name]["single_client_p95_ms"] = single_client_p95_ms(url, workdir)
        finally:
            server.stop()

        log("cached server")
        server = Server(server_env(cached=True, prefix=prefix))
        try:
            seed = f"{server.url}{pages['seed question']['url']}"
            warm(seed)
            # A short burst at 8 connections so that every worker (not just the one that took
            # the sequential warm-up) has loaded its code and templates before "before".
            wrk(seed, duration=3)
            memory["before_kib"] = server.worker_rss_kib()
            log(f"memory: {MEMORY_REQUESTS} requests to the seed page (cached)")
            memory["requests"] = 0
            for _round in range(60):  # bounded: at most 60 rounds of 5 s
                memory["requests"] += wrk(seed, duration=5)["requests"]
                if memory["requests"] >= MEMORY_REQUESTS:
                    break
            memory["after_kib"] = server.worker_rss_kib()
            for name in CACHEABLE:
                if "floor" not in results[name]:
                    continue
                url = f"{server.url}{pages[name]['url']}"
                floor_url = f"{server.url}/bench/floor/?bytes={pages[name]['bytes']}"
                warm(url, 5)
                log(f"{name}, cached, against its floor")
                results[name]["cached"], results[name]["floor_cached"] = compare(url, floor_url)
            for name in SHARED:
                if "floor" not in results[name]:
                    continue
                url = f"{server.url}{pages[name]['url']}"
                floor_url = f"{server.url}/bench/floor/?bytes={pages[name]['bytes']}"
                script = reader_script(url, reader_cookie, workdir)
                log(f"{name}, signed-in reader, against its floor")
                page_run, floor_run = compare(url, floor_url, script=script)
                results[name]["reader"], results[name]["floor_reader"] = page_run, floor_run
        finally:
            server.stop()
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "gunicorn_workers": WORKERS, "load_average": os.getloadavg()},
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "cache": "redis" if "REDIS_URL" in uncached_env else "locmem",
        },
        "pages": results,
        "memory": memory,
    }
    write(report)


MODES = {"uncached": "uncached", "reader": "signed-in reader", "cached": "cached"}


def _floor(page, mode):
    return page.get({"cached": "floor_cached", "reader": "floor_reader"}.get(mode, "floor"))


def ratio(page, mode):
    floor = _floor(page, mode)
    if mode not in page or not floor or not floor["rps"]:
        return None
    return page[mode]["rps"] / floor["rps"]


def table(report):
    rows = [
        "| page | mode | req/s | p50 ms | p99 ms | errors | SQL queries | HTML bytes "
        "| floor req/s | of floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in report["pages"].items():
        if "note" in page:
            rows.append(f"| {name} | — | — | — | — | — | — | — | — | {page['note']} |")
            continue
        for mode, label in MODES.items():
            if mode not in page:
                continue
            run, share = page[mode], ratio(page, mode)
            queries = {"uncached": page["queries"], "reader": page.get("reader_queries")}.get(mode, 0)
            rows.append(
                f"| {name} | {label} | {run['rps']:.0f} | {run['p50_ms']} | {run['p99_ms']} "
                f"| {run['errors']} | {queries} | {page['bytes']} | {_floor(page, mode)['rps']:.0f} "
                f"| {share:.0%} |"
            )
    memory = report["memory"]
    before, after = memory["before_kib"], memory["after_kib"]
    pages = report["pages"]
    seed_ratio = ratio(pages["seed question"], "uncached")
    reader_ratio = ratio(pages["seed question"], "reader")
    cached_ratios = [ratio(pages[name], "cached") for name in CACHEABLE if ratio(pages[name], "cached")]
    heavy_share = pages["heavy question"]["uncached"]["rps"] / pages["seed question"]["uncached"]["rps"]
    lines = [
        *rows,
        "",
        f"Worker memory (RSS, KiB, one number per worker) before {memory['requests']} requests "
        f"to the cached seed page: {before}; after: {after}.",
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        f"| seed page uncached (nothing cached) ≥ 20% of floor | {seed_ratio:.0%} "
        f"| {'yes' if seed_ratio >= 0.2 else 'no'} |",
        f"| seed page for a signed-in reader (no page cache; shared content) ≥ 20% of floor "
        f"| {reader_ratio:.0%} | {'yes' if reader_ratio >= 0.2 else 'no'} |",
        f"| anonymous cached ≥ 70% of floor (lowest page) | {min(cached_ratios):.0%} | "
        f"{'yes' if min(cached_ratios) >= 0.7 else 'no'} |",
        f"| heavy page ≥ 50% of seed page (uncached) | {heavy_share:.0%} "
        f"| {'yes' if heavy_share >= 0.5 else 'no'} |",
        *(
            f"| {name} p95 < {SINGLE_CLIENT_P95_MS} ms, single client, uncached "
            f"| {pages[name]['single_client_p95_ms']} ms "
            f"| {'yes' if pages[name]['single_client_p95_ms'] < SINGLE_CLIENT_P95_MS else 'no'} |"
            for name in SINGLE_CLIENT_PAGES
            if "single_client_p95_ms" in pages[name]
        ),
    ]
    settings = report["settings"]
    machine = report["machine"]
    header = (
        f"Run {report['when']} on {machine['cores']} cores, "
        f"gunicorn {machine['gunicorn_workers']} sync workers, "
        f"wrk {CONNECTIONS} connections, each row {ROUNDS} rounds of {max(2, DURATION // ROUNDS)} s "
        f"alternating with its floor, cache {settings['cache']}, "
        f"load average at the end {machine['load_average'][0]:.1f}."
    )
    return header + "\n\n" + "\n".join(lines) + "\n"


def write(report):
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = report["when"].replace(":", "").replace("+0000", "Z")
    markdown = table(report)
    (OUT / f"{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    (OUT / f"{stamp}.md").write_text(markdown)
    (OUT / "latest.md").write_text(markdown)
    text = DOC.read_text()
    start, end = text.index(DOC_START) + len(DOC_START), text.index(DOC_END)
    DOC.write_text(text[:start] + "\n" + markdown + text[end:])
    print(markdown)
    log(f"written to {OUT} and {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    run()
