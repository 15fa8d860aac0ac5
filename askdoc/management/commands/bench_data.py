"""Build the benchmark dataset: the demo site (its seed page), one heavy question (50
answers, 3 replies each) and 100,000 more questions with 300,000 answers, with bulk inserts.

It refuses to run on a database that holds anything but a benchmark dataset: it wipes
what it finds, and a real site must never be wiped by a mistyped DATABASE_URL.
"""

import random
from datetime import timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from answers.models import Answer, Reply
from askdoc.markdown import render_markdown
from doctors.models import DoctorProfile
from questions.models import City, PostStatus, Question, Topic

MARKER_EMAIL = "benchmark-dataset@askdoc.invalid"
HEAVY_SLUG = "bench-heavy-question-with-fifty-answers"
BATCH = 5000

QUESTION_BODY = (
    "I had a chemical peel ten days ago and the skin on my cheeks is still red and a little "
    "flaky in the mornings. I use a bland moisturiser and sunscreen. Is this normal, and when "
    "should I worry?"
)
ANSWER_BODY = """Redness for **one to two weeks** after a medium peel is common.

- Keep using a bland moisturiser twice a day.
- Use a mineral sunscreen (SPF 30 or more) every morning.
- Avoid retinoids and acids until the skin has settled.

See your doctor if the redness spreads, feels hot, or comes with fever."""
REPLY_BODY = "Thank you. Should I keep using my vitamin C serum in the meantime?"

# The generated questions combine these, so a search matches a realistic share of them
# (one treatment and one symptom: about 1 in 150 questions), not all 100,000.
TREATMENTS = [
    "chemical peel", "microneedling", "laser resurfacing", "Botox", "lip filler", "IPL",
    "tretinoin", "dermaplaning", "hydrafacial", "microdermabrasion", "cryotherapy", "waxing",
]  # fmt: skip
SYMPTOMS = [
    "redness", "breakouts", "swelling", "bruising", "itching", "dry patches", "dark spots",
    "burning", "flaking", "bumps", "tightness", "a rash",
]  # fmt: skip
AREAS = ["cheeks", "forehead", "chin", "lips", "neck", "nose", "jawline", "under my eyes"]
DAYS = ["two days", "four days", "a week", "ten days", "two weeks", "a month"]


def _question_text(rng):
    """(title, body, answer body, answer HTML) of one generated question."""
    treatment, symptom = rng.choice(TREATMENTS), rng.choice(SYMPTOMS)
    area, days = rng.choice(AREAS), rng.choice(DAYS)
    title = f"Is {symptom} on my {area} normal after {treatment}?"
    body = (
        f"I had {treatment} {days} ago and I still have {symptom} on my {area}. "
        "I use a bland moisturiser and sunscreen. Is this normal, and when should I worry?"
    )
    return (title, body, *_answer_text(treatment, symptom))


@cache
def _answer_text(treatment, symptom):
    body = (
        f"Some {symptom} for **one to two weeks** after {treatment} is common.\n\n"
        "- Keep using a bland moisturiser twice a day.\n"
        "- Use a mineral sunscreen (SPF 30 or more) every morning.\n\n"
        "See your doctor if it spreads, feels hot, or comes with fever."
    )
    return body, render_markdown(body)


def existing_data_summary():
    """What the database holds that a benchmark dataset would not (empty when it is safe)."""
    if User.objects.filter(email=MARKER_EMAIL).exists():
        return ""
    users, questions = User.objects.count(), Question.objects.count()
    if users or questions:
        return f"{users} users and {questions} questions"
    return ""


class Command(BaseCommand):
    help = "Build the benchmark dataset on an EMPTY database (or rebuild an earlier benchmark dataset)."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=100_000)
        parser.add_argument("--answers-per-question", type=int, default=3)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Keep an existing complete benchmark dataset instead of rebuilding.",
        )

    def handle(self, *args, questions, answers_per_question, reuse, **options):
        found = existing_data_summary()
        if found:
            raise CommandError(
                f"Refusing to build benchmark data: this database ({connection.settings_dict['NAME']}) "
                f"holds {found} that are not benchmark data, and building would wipe them. "
                "Point DATABASE_URL at an empty database (make bench uses askdoc_bench)."
            )
        if User.objects.filter(email=MARKER_EMAIL).exists():
            if reuse and Question.objects.count() >= questions:
                self.stdout.write("Benchmark dataset already built; reusing it.")
                return
            self.stdout.write("Wiping the previous benchmark dataset.")
            call_command("flush", interactive=False, verbosity=0)
        User.objects.create(email=MARKER_EMAIL, display_name="benchmark marker", is_active=False)
        call_command("load_demo", force=True, verbosity=0)
        doctors = self._doctors(50)
        self._heavy_question(doctors)
        self._questions(questions, answers_per_question, doctors)
        if "search_reindex" in get_commands():
            call_command("search_reindex")
        # Fresh statistics, or the planner guesses from an empty table.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark dataset: {Question.objects.count()} questions, {Answer.objects.count()} answers, "
                f"{Reply.objects.count()} replies."
            )
        )

    def _doctors(self, count):
        password = make_password(None)
        users = User.objects.bulk_create(
            User(email=f"bench-doctor-{n}@askdoc.invalid", display_name="", password=password)
            for n in range(count)
        )
        calgary = City.objects.get(slug="calgary")
        now = timezone.now()
        return DoctorProfile.objects.bulk_create(
            DoctorProfile(
                user=user,
                name=f"Bench Doctor {n}",
                slug=f"bench-doctor-{n}",
                specialty="Dermatology",
                clinic="Benchmark Clinic",
                city=calgary,
                verification_status=DoctorProfile.Verification.VERIFIED,
                verified_at=now,
            )
            for n, user in enumerate(users)
        )

    @transaction.atomic
    def _heavy_question(self, doctors):
        patient = User.objects.create(email="bench-patient@askdoc.invalid", display_name="Bench patient")
        asked = timezone.now() - timedelta(days=30)
        question = Question.objects.create(
            title="After a peel my skin is red and flaky: what do fifty doctors say?",
            slug=HEAVY_SLUG,
            body=QUESTION_BODY,
            author=patient,
            author_display_name=patient.display_name,
            status=PostStatus.PUBLISHED,
            created_at=asked,
            published_at=asked,
        )
        question.topics.set(Topic.objects.filter(slug__in=["chemical-peels", "rosacea"]))
        answer_html, reply_html = render_markdown(ANSWER_BODY), render_markdown(REPLY_BODY)
        answers = Answer.objects.bulk_create(
            Answer(
                question=question,
                doctor=doctor,
                body=ANSWER_BODY,
                body_html=answer_html,
                created_at=asked + timedelta(hours=n + 1),
            )
            for n, doctor in enumerate(doctors)
        )
        for answer in answers:
            parent = None
            for n in range(3):
                parent = Reply.objects.create(
                    answer=answer,
                    parent=parent,
                    author=patient if n % 2 == 0 else answer.doctor.user,
                    author_display_name=patient.display_name if n % 2 == 0 else "",
                    body=REPLY_BODY,
                    body_html=reply_html,
                    created_at=answer.created_at + timedelta(minutes=n + 1),
                )

    def _questions(self, count, answers_per_question, doctors):
        rng = random.Random(11)  # noqa: S311 (reproducible test data, not a secret)
        topics = list(Topic.objects.all())
        cities = list(City.objects.all())
        start = timezone.now() - timedelta(days=400)
        through = Question.topics.through
        for first in range(0, count, BATCH):
            numbers = range(first, min(first + BATCH, count))
            texts = {n: _question_text(rng) for n in numbers}
            with transaction.atomic():
                created = Question.objects.bulk_create(
                    Question(
                        title=texts[n][0],
                        slug=f"bench-question-{n}",
                        body=texts[n][1],
                        author_display_name=f"Patient {n}",
                        city=rng.choice(cities),
                        status=PostStatus.PUBLISHED,
                        created_at=start + timedelta(minutes=5 * n),
                        published_at=start + timedelta(minutes=5 * n),
                    )
                    for n in numbers
                )
                through.objects.bulk_create(
                    through(question_id=question.pk, topic_id=rng.choice(topics).pk) for question in created
                )
                Answer.objects.bulk_create(
                    Answer(
                        question_id=question.pk,
                        doctor=doctor,
                        body=texts[n][2],
                        body_html=texts[n][3],
                        created_at=question.created_at + timedelta(hours=1 + k),
                    )
                    for n, question in zip(numbers, created, strict=True)
                    for k, doctor in enumerate(rng.sample(doctors, answers_per_question))
                )
            self.stdout.write(f"  {first + len(numbers)} / {count} questions")
