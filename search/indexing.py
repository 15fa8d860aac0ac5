"""Keeps `QuestionSearch` rows (and the `SearchWord` vocabulary) in step with questions and
their published answers.

One function does the work, `question_search_update`, for a handful of questions (from the
signals in `search/signals.py`) or for all of them (`manage.py search_reindex`). On PostgreSQL
the rows are built and upserted by the database in one statement per batch; SQLite keeps the
answer count only, for its simpler fallback.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Now

from answers.models import Answer
from questions.models import Question
from search.models import QuestionSearch, SearchWord

# The text-search configuration of every vector and query (stemming, stop words).
SEARCH_CONFIG = "english"
BATCH_SIZE = 5000
_TITLE_WORD = re.compile(r"[^\W\d_]{4,64}")


def _published_answers():
    return Answer.objects.published().filter(question=OuterRef("pk")).order_by().values("question")


def _rows(questions):
    """The search row of each question in `questions`, in the column order of the table."""
    answer_count = Subquery(
        _published_answers().annotate(n=Count("pk")).values("n"), output_field=IntegerField()
    )
    rows = questions.annotate(answer_count_=Coalesce(answer_count, 0))
    if connection.vendor != "postgresql":
        return rows.values_list("pk", "answer_count_")
    answers_text = Subquery(
        _published_answers().annotate(text=StringAgg("body", delimiter="\n")).values("text"),
        output_field=TextField(),
    )
    is_published = Exists(Question.objects.published().filter(pk=OuterRef("pk")))
    title = SearchVector("title", weight="A", config=SEARCH_CONFIG)
    document = (
        title
        + SearchVector("body", weight="B", config=SEARCH_CONFIG)
        + SearchVector("answers_text", weight="C", config=SEARCH_CONFIG)
    )
    return rows.annotate(
        answers_text=Coalesce(answers_text, Value(""), output_field=TextField()),
        document_=Case(When(is_published, then=document), default=None, output_field=SearchVectorField()),
        title_document_=Case(When(is_published, then=title), default=None, output_field=SearchVectorField()),
        now_=Now(),
    ).values_list("pk", "document_", "title_document_", "answer_count_", "now_")


_UPSERT = """
INSERT INTO search_questionsearch (question_id, document, title_document, answer_count, updated_at)
{select}
ON CONFLICT (question_id) DO UPDATE SET
    document = EXCLUDED.document,
    title_document = EXCLUDED.title_document,
    answer_count = EXCLUDED.answer_count,
    updated_at = EXCLUDED.updated_at
"""


def _upsert(questions):
    rows = _rows(questions)
    if connection.vendor == "postgresql":
        select, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT.format(select=select), params)
            written = cursor.rowcount
        _add_words(questions)
        return written
    objects = [QuestionSearch(question_id=pk, answer_count=n) for pk, n in rows]
    QuestionSearch.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=["question"],
        update_fields=["answer_count", "updated_at"],
    )
    return len(objects)


def _add_words(questions):
    titles = (
        Question.objects.published().filter(pk__in=questions.values("pk")).values_list("title", flat=True)
    )
    words = {word.casefold() for title in titles for word in _TITLE_WORD.findall(title)}
    if words:
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True)


def question_search_update(*, question_ids):
    """Rebuild the search rows of these questions. Every question has a row; only a
    published one has searchable text, and searches also go through
    Question.objects.published()."""
    ids = sorted({pk for pk in question_ids if pk is not None})
    if not ids:
        return 0
    return _upsert(Question.objects.filter(pk__in=ids).order_by())


GIN_INDEXES = ("search_document_gin", "search_title_document_gin", "search_word_trgm")


def _tidy_indexes():
    """After a bulk rebuild: merge the GIN indexes' pending lists (fast updates are queued
    there until autovacuum, and every search would scan them meanwhile) and refresh the
    planner's statistics, so the next search uses the indexes at full speed."""
    with connection.cursor() as cursor:
        for index in GIN_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE search_questionsearch, search_searchword")


def search_reindex(*, batch_size=BATCH_SIZE):
    """Rebuild every search row in batches of question ids (after bulk inserts that skip
    signals, or a change of the search configuration). Returns the number of rows written."""
    written = 0
    last_pk = 0
    while True:
        batch = list(
            Question.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            if connection.vendor == "postgresql":
                _tidy_indexes()
            return written
        with transaction.atomic():
            written += _upsert(Question.objects.filter(pk__gte=batch[0], pk__lte=batch[-1]).order_by())
        last_pk = batch[-1]
