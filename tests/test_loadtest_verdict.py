"""The load test's verdict (scripts/loadtest.py, run by `make loadtest`, not here) fails on
every kind of problem it is meant to catch. Only its pure summary logic is tested."""

import importlib.util
from argparse import Namespace
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "loadtest.py"


@pytest.fixture(scope="module")
def loadtest():
    spec = importlib.util.spec_from_file_location("loadtest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARGS = Namespace(clients=2, duration=60, outage=10)
OUTAGE = (20.0, 30.0)  # PostgreSQL stopped at t=20 s, accepting connections again at t=30 s
HEALTHY = [(19.0, 200), (25.0, 503), (31.0, 200)]
NO_MISSING = {"questions": [], "answers": [], "subscribers": []}


def verdict(loadtest, events, health=HEALTHY, missing=NO_MISSING):
    recorder = loadtest.Recorder()
    for t, kind, status, text in events:
        recorder.record(kind, status, text)
        recorder.events[-1] = (t, *recorder.events[-1][1:])
    return loadtest.summarise(recorder, *OUTAGE, health, missing, ARGS)


CLEAN_503 = "<h1>askdoc is temporarily unavailable</h1>"
GOOD_RUN = [(10.0, "read", 200, ""), (22.0, "read", 503, CLEAN_503), (40.0, "write", 302, "")]


def test_a_good_run_passes(loadtest):
    summary = verdict(loadtest, GOOD_RUN)
    assert summary["passed"], summary
    assert summary["recovery_s"] == 1.0


@pytest.mark.parametrize(
    "event",
    [
        (10.0, "read", 500, "Server Error"),  # an error outside the outage
        (50.0, "read", 503, CLEAN_503),  # still down long after PostgreSQL came back
        (22.0, "read", 503, "Traceback (most recent call last)"),  # an unclean 503
        (22.0, "write", 500, ""),  # a 500 instead of a 503 during the outage
        (10.0, "read", "connection error", ""),
    ],
)
def test_each_kind_of_failure_fails_the_run(loadtest, event):
    assert not verdict(loadtest, [*GOOD_RUN, event])["passed"]


def test_a_slow_recovery_fails_the_run(loadtest):
    assert not verdict(loadtest, GOOD_RUN, health=[(25.0, 503), (36.0, 200)])["passed"]


def test_a_lost_write_fails_the_run(loadtest):
    missing = {**NO_MISSING, "answers": [(1, 2)]}
    assert not verdict(loadtest, GOOD_RUN, missing=missing)["passed"]
