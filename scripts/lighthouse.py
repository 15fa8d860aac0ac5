"""`make lighthouse`: Lighthouse (tools/package.json) on a production-like askdoc.

A throwaway site under var/lighthouse/site (scripts/scratch_site.py: SQLite, demo data,
collectstatic with whitenoise's manifest storage, gunicorn, DEBUG off), then Lighthouse with Debian's
Chromium on the seed question page, home and the ask form (signed in as the demo patient). Reports go
to var/lighthouse/<page>.report.html and .json; the run fails when any category scores below 95.
"""

import json
import os
import subprocess
import sys

from scratch_site import ROOT, ScratchSite

OUT = ROOT / "var" / "lighthouse"
MINIMUM = 95
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def lighthouse(site, name, path, cookie=None):
    command = [
        str(LIGHTHOUSE),
        site.url + path,
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output=html",
        f"--output-path={OUT / name}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    # The pinned Lighthouse from tools/, on our own scratch server.
    subprocess.run(command, cwd=ROOT, env={**site.env, "CHROME_PATH": CHROME}, check=True)  # noqa: S603
    report = json.loads((OUT / f"{name}.report.json").read_text())
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def main():
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse` (npm ci in tools/).")
    site = ScratchSite(OUT / "site", int(os.environ.get("LIGHTHOUSE_PORT", "8765")))
    site.build()
    session = site.sessions("patient@askdoc.test")["patient@askdoc.test"]
    pages = [
        ("seed-question", site.seed_path, None),
        ("home", "/", None),
        ("ask-form", "/questions/ask/", f"sessionid={session}"),
    ]
    with site.serving():
        scores = {name: lighthouse(site, name, path, cookie) for name, path, cookie in pages}

    print(f"\n{'page':<16}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, result in scores.items():
        print(f"{name:<16}" + "".join(f"{result[c]:>16}" for c in CATEGORIES))
    (OUT / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    print(f"\nReports: {OUT}/*.report.html")
    if any(score < MINIMUM for result in scores.values() for score in result.values()):
        print(f"FAILED: a category scored below {MINIMUM}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
