"""Reads for search: the search page, similar questions and related questions.

PostgreSQL searches the `QuestionSearch` rows (full text with GIN indexes) and corrects
misspelt words against the `SearchWord` vocabulary (trigram index); SQLite falls back to
substring matches on the question's own title and body. Both only ever return
`Question.objects.published()`.
"""

import re
from dataclasses import dataclass
from hashlib import sha256

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, Value, When

from askdoc.pagination import paginate_leniently
from doctors.models import DoctorProfile
from questions.models import City, Question, Topic
from search.highlight import START, STOP, excerpt, highlight_marked, mark_words
from search.indexing import SEARCH_CONFIG
from search.models import SearchWord

MAX_QUERY_LENGTH = 200
# Results counted and offered per search or browse page list (50 pages): counting stays a
# bounded index walk however common the word or topic; the sitemap lists every question.
MAX_RESULTS = 1000
# Queries this short (in words) that match nothing are retried with misspelt words corrected.
FUZZY_MAX_WORDS = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+")

SIMILAR_STOPWORDS = {
    "about", "after", "again", "been", "before", "does", "doing", "from", "have", "having", "into",
    "just", "know", "should", "that", "their", "there", "these", "they", "this", "what", "when",
    "where", "which", "while", "will", "with", "would", "your", "normal",
}  # fmt: skip


def uses_postgresql():
    return connection.vendor == "postgresql"


def clean_query(text):
    """The query as searched: no NUL or control characters, single spaces, at most
    MAX_QUERY_LENGTH characters."""
    text = _CONTROL.sub(" ", str(text or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_words(text, *, limit=8):
    return [w for w in dict.fromkeys(_WORD.findall(text.casefold())) if len(w) > 1][:limit]


@dataclass
class SearchPage:
    page: object  # a django.core.paginator.Page of questions, best first
    text: str
    corrected_text: str = ""


def _filtered(questions, *, topic=None, city=None, answered=None):
    if topic is not None:
        questions = questions.filter(topics=topic)
    if city is not None:
        questions = questions.filter(city=city)
    if answered is True:
        questions = questions.filter(search__answer_count__gt=0)
    elif answered is False:
        questions = questions.filter(search__answer_count=0)
    return questions


def _base():
    return (
        Question.objects.published()
        .select_related("city")
        .annotate(answer_count=F("search__answer_count"))
        .defer("hidden_reason", "form_token")
    )


def question_search(*, text, topic=None, city=None, answered=None):
    """Published questions matching `text` and the filters, best first (without text, the
    filters alone list the newest questions)."""
    text = clean_query(text)
    questions = _filtered(_base(), topic=topic, city=city, answered=answered)
    if not text:
        return questions.order_by("-created_at", "-id")
    if not uses_postgresql():
        return _fallback_search(questions, text)
    # Matches anywhere (title, body, answers), ranked by the title alone: a title match
    # always comes first, and ranking never reads the large documents of every match.
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        questions.filter(search__document=query)
        .annotate(rank=SearchRank(F("search__title_document"), query))
        .annotate(**_headlines(query))
        .order_by("-rank", "-published_at", "-id")
    )


def corrected_query(text):
    """PostgreSQL: `text` with each misspelt word replaced by the most similar word of the
    titles' vocabulary ("microneedeling" -> "microneedling"), or "" when that does not apply
    or changes nothing. One query."""
    text = clean_query(text)
    words = text.split()
    if not uses_postgresql() or not words or len(words) > FUZZY_MAX_WORDS:
        return ""
    candidates = [w.casefold() for w in words if len(w) >= 4 and _WORD.fullmatch(w)]
    if not candidates:
        return ""
    lookups = [
        SearchWord.objects.filter(word__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("word", word), asked=Value(word))
        .order_by("-similarity", "word")
        .values_list("asked", "word")[:1]
        for word in candidates
    ]
    best = dict(lookups[0].union(*lookups[1:], all=True)) if len(lookups) > 1 else dict(lookups[0])
    corrected = " ".join(best.get(w.casefold(), w) for w in words)
    return corrected if corrected.casefold() != text.casefold() else ""


def search_page(*, text, page_number, topic=None, city=None, answered=None):
    """One page of search results with highlighted snippets. A short query that finds
    nothing is retried with its misspelt words corrected. Any page number gives a page."""
    text = clean_query(text)
    filters = {"topic": topic, "city": city, "answered": answered}
    page = paginate_leniently(question_search(text=text, **filters), page_number, max_results=MAX_RESULTS)
    searched = text
    corrected = ""
    if not page.paginator.count:
        corrected = corrected_query(text)
        if corrected:
            page = paginate_leniently(
                question_search(text=corrected, **filters), page_number, max_results=MAX_RESULTS
            )
            searched = corrected
    results_with_snippets(page.object_list, searched)
    return SearchPage(page=page, text=text, corrected_text=corrected if page.paginator.count else "")


def _headlines(query):
    options = {"config": SEARCH_CONFIG, "start_sel": START, "stop_sel": STOP}
    return {
        "title_marked": SearchHeadline("title", query, highlight_all=True, **options),
        "body_marked": SearchHeadline("body", query, max_words=40, min_words=20, **options),
    }


def _fallback_search(questions, text):
    """SQLite: every word in the title or body; title matches first, then newest."""
    words = query_words(text)
    if not words:
        return questions.none()
    for word in words:
        questions = questions.filter(Q(title__icontains=word) | Q(body__icontains=word))
    title_hits = sum(
        (Case(When(title__icontains=w, then=Value(1)), default=Value(0)) for w in words),
        Value(0),
    )
    return questions.annotate(title_hits=ExpressionWrapper(title_hits, output_field=IntegerField())).order_by(
        "-title_hits", "-published_at", "-id"
    )


def results_with_snippets(questions, text):
    """Give each question of a page `title_html` and `snippet_html`: escaped text with the
    matching words in <mark> (from ts_headline on PostgreSQL, from the words elsewhere)."""
    words = query_words(text)
    for question in questions:
        title = getattr(question, "title_marked", None)
        body = getattr(question, "body_marked", None)
        if title is None:
            title = mark_words(question.title, words)
        if body is None:
            body = mark_words(excerpt(question.body, words), words)
        question.title_html = highlight_marked(title)
        question.snippet_html = highlight_marked(body)
    return questions


def _similar_base():
    return (
        Question.objects.published()
        .annotate(answer_count=F("search__answer_count"))
        .only("id", "title", "slug")
    )


def similar_questions(*, text, limit=5, exclude_pk=None):
    """Published questions whose titles share words with `text` (a title being typed, or a
    question's own title), most alike first, as a list. One query."""
    words = [
        w for w in query_words(clean_query(text), limit=30) if len(w) >= 4 and w not in SIMILAR_STOPWORDS
    ][:10]
    if not words:
        return []
    questions = _similar_base()
    if exclude_pk is not None:
        questions = questions.exclude(pk=exclude_pk)
    if not uses_postgresql():
        return _fallback_similar(questions, words, limit)
    query = SearchQuery(words[0], config=SEARCH_CONFIG)
    for word in words[1:]:
        query |= SearchQuery(word, config=SEARCH_CONFIG)
    return list(
        questions.filter(search__title_document=query)
        .annotate(rank=SearchRank(F("search__title_document"), query))
        .order_by("-rank", "-id")[:limit]
    )


def _fallback_similar(questions, words, limit):
    match = Q()
    for word in words:
        match |= Q(title__icontains=word)
    candidates = questions.filter(match).order_by("-id")[:50]
    scored = [(sum(w in q.title.casefold() for w in words), q) for q in candidates]
    scored.sort(key=lambda pair: -pair[0])
    return [question for _score, question in scored[:limit]]


def related_questions(*, question, limit=5):
    """Published questions like `question`, for its page: at most one query.

    Finding them ranks every question that shares a word with the title (30 ms of a 50 ms
    page at 100,000 questions), so *which* questions they are is kept in the cache for
    RELATED_QUESTIONS_SECONDS, by id, keyed by the title. The questions themselves are
    read afresh every time: one hidden or renamed since is gone or renamed at once.
    """
    key = f"related:{question.pk}:{sha256(question.title.encode()).hexdigest()[:16]}"
    ids = cache.get(key)
    if ids is None:
        found = similar_questions(text=question.title, limit=limit, exclude_pk=question.pk)
        cache.set(key, [other.pk for other in found], settings.RELATED_QUESTIONS_SECONDS)
        return found
    if not ids:
        return []
    by_id = {other.pk: other for other in _similar_base().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def browse_questions(*, topic=None, city=None):
    """Published questions of a topic and/or city, newest first, for the browse pages
    (paginate with max_results=MAX_RESULTS). Newest first walks question_status_created_idx;
    the answer count comes from the search row, so there is no aggregate over answers."""
    return _filtered(_base(), topic=topic, city=city).order_by("-created_at", "-id")


def doctors_answering(*, topic=None, city=None, limit=12):
    """Verified doctors who answer in this topic and/or practise in this city."""
    doctors = DoctorProfile.objects.verified()
    if topic is not None:
        doctors = doctors.filter(topics=topic)
    if city is not None:
        doctors = doctors.filter(city=city)
    return list(doctors.only("name", "slug", "specialty", "clinic").order_by("name")[:limit])


def topic_and_city_get(*, topic_slug, city_slug):
    """The topic and city of a topic-in-city page in one query; Topic.DoesNotExist or
    City.DoesNotExist when either is unknown."""
    topics = Topic.objects.filter(slug=topic_slug).order_by().annotate(kind=Value("topic"))
    cities = City.objects.filter(slug=city_slug).order_by().annotate(kind=Value("city"))
    rows = topics.values_list("pk", "name", "slug", "kind").union(
        cities.values_list("pk", "name", "slug", "kind"), all=True
    )
    found = {kind: (pk, name, slug) for pk, name, slug, kind in rows}
    if "topic" not in found:
        raise Topic.DoesNotExist
    if "city" not in found:
        raise City.DoesNotExist
    topic = Topic(**dict(zip(("pk", "name", "slug"), found["topic"], strict=True)))
    city = City(**dict(zip(("pk", "name", "slug"), found["city"], strict=True)))
    return topic, city
