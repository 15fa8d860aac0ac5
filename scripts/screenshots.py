"""`make screenshots`: the README's pictures of askdoc, taken from the demo data.

Builds a throwaway site under var/screenshots/site (scripts/scratch_site.py: SQLite, demo data,
gunicorn, DEBUG off), adds two reports so the moderation queue has something in it, and captures
with Playwright driving Debian's Chromium (CHROMIUM_PATH, as the browser tests do):

    docs/screenshots/question-desktop.png   the seed question page, 1280 px wide
    docs/screenshots/question-phone.png     the same on a 390 px phone
    docs/screenshots/question-phone-dark.png  and with the phone set to dark
    docs/screenshots/ask.png                the ask form, signed in as the demo patient
    docs/screenshots/dashboard.png          a verified doctor's dashboard (their answers)
    docs/screenshots/moderation-queue.png   the admin's queue of open reports, as the demo moderator

COLOR_SCHEME=dark takes them all in the dark theme; SCREENSHOTS_DIR writes them elsewhere.
"""

import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright
from scratch_site import ROOT, ScratchSite

OUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "docs" / "screenshots"))
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
COLOR_SCHEME = os.environ.get("COLOR_SCHEME", "light")

REPORTS_SNIPPET = """
from answers.models import Answer
from accounts.models import User
from moderation.services import flag_create
from askdoc import demo_seed
answers = Answer.objects.filter(question__title=demo_seed.SEED_QUESTION_TITLE).order_by("pk")
asker_ids = [answer.question.author_id for answer in answers]
reporters = User.objects.filter(email__startswith="patient").exclude(pk__in=asker_ids)
flag_create(post=answers.last(), reporter=reporters[0], reason="misinformation",
            note="A strong acid peel on broken skin sounds dangerous.")
flag_create(post=answers.last(), reporter=reporters[1], reason="misinformation", note="")
"""


def main():
    site = ScratchSite(ROOT / "var" / "screenshots" / "site", int(os.environ.get("SCREENSHOTS_PORT", "8766")))
    site.build()
    site.shell(REPORTS_SNIPPET)
    sessions = site.sessions("patient@askdoc.test", "isabella.ward@askdoc.test", "moderator@askdoc.test")
    OUT.mkdir(parents=True, exist_ok=True)

    with site.serving(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])

        def shoot(
            name, path, email=None, full_page=True, max_height=2400, init_script=None, **context_options
        ):
            options = {"viewport": {"width": 1280, "height": 900}, "color_scheme": COLOR_SCHEME}
            context = browser.new_context(**{**options, **context_options})
            if init_script:
                context.add_init_script(init_script)
            if email:
                cookie = {"name": "sessionid", "value": sessions[email], "url": site.url}
                context.add_cookies([cookie])
            page = context.new_page()
            page.goto(site.url + path, wait_until="networkidle")
            clip = None
            if full_page:
                height = min(page.evaluate("document.documentElement.scrollHeight"), max_height)
                clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
            page.screenshot(path=OUT / f"{name}.png", full_page=full_page, clip=clip)
            context.close()
            print(OUT / f"{name}.png")

        shoot("question-desktop", site.seed_path)
        shoot(
            "question-phone",
            site.seed_path,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            full_page=False,
        )
        shoot(
            "question-phone-dark",
            site.seed_path,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            full_page=False,
            color_scheme="dark",
        )
        shoot("ask", "/questions/ask/", "patient@askdoc.test")
        shoot("dashboard", "/doctors/dashboard/?tab=mine", "isabella.ward@askdoc.test")
        shoot(
            "moderation-queue",
            "/admin/moderation/flag/",
            "moderator@askdoc.test",
            full_page=False,
            viewport={"width": 1440, "height": 640},
            # The admin's app list folded away, so the whole queue fits.
            init_script="localStorage.setItem('django.admin.navSidebarIsOpen', 'false')",
        )
        browser.close()


if __name__ == "__main__":
    main()
