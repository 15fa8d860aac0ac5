import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from questions.models import PostStatus, Question
from questions.services import question_update
from search.highlight import START, STOP, highlight_marked
from search.indexing import SEARCH_CONFIG, search_reindex
from search.models import QuestionSearch, SearchWord
from search.selectors import (
    MAX_QUERY_LENGTH,
    clean_query,
    corrected_query,
    question_search,
    similar_questions,
)
from tests.factories import AnswerFactory, CityFactory, DoctorFactory, QuestionFactory, TopicFactory

SEARCH = reverse("search:search")


def _titles(response):
    return [q.title for q in response.context["results"].page.object_list]


def test_search_page_without_input_shows_only_the_form(client, db, django_assert_num_queries):
    QuestionFactory(title="Anything at all")
    with django_assert_num_queries(2):  # the topic and city choices
        response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["results"] is None
    assertContains(response, 'for="id_q"')
    assertContains(response, '<input type="search" name="q"')


def test_title_match_outranks_body_match(client, engine):
    QuestionFactory(title="Red patches on my cheeks", body="Is this rosacea or a rosacea flare?")
    QuestionFactory(title="Rosacea after laser", body="My cheeks turned red.")
    response = client.get(SEARCH, {"q": "rosacea"})
    assert _titles(response) == ["Rosacea after laser", "Red patches on my cheeks"]


def test_matching_words_are_highlighted_and_html_is_escaped(client, engine):
    QuestionFactory(
        title="<script>alert(1)</script> Peel question",
        body='Peel left marks <img src=x onerror="alert(2)"> on my chin after the peel.',
    )
    response = client.get(SEARCH, {"q": "peel"})
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;" in content
    assert "<mark>Peel</mark>" in content
    assert "<mark>peel</mark>" in content


def test_highlight_markup_is_balanced_whatever_the_text_holds():
    text = f"a{STOP}b {START}peel{STOP} c{START}<b>d"
    assert highlight_marked(text) == "ab <mark>peel</mark> c<mark>&lt;b&gt;d</mark>"


def test_filters_combine(client, engine):
    botox, acne = TopicFactory(name="Botox", slug="botox"), TopicFactory(name="Acne", slug="acne")
    calgary, toronto = CityFactory(name="Calgary"), CityFactory(name="Toronto")
    wanted = QuestionFactory(title="Botox skin question answered in Calgary", city=calgary)
    wanted.topics.add(botox)
    AnswerFactory(question=wanted)
    unanswered = QuestionFactory(title="Botox skin question unanswered in Calgary", city=calgary)
    unanswered.topics.add(botox)
    elsewhere = QuestionFactory(title="Botox skin question answered in Toronto", city=toronto)
    elsewhere.topics.add(botox)
    AnswerFactory(question=elsewhere)
    other_topic = QuestionFactory(title="Acne skin question answered in Calgary", city=calgary)
    other_topic.topics.add(acne)
    AnswerFactory(question=other_topic)

    response = client.get(SEARCH, {"q": "skin", "topic": "botox", "city": "calgary", "answered": "yes"})
    assert _titles(response) == [wanted.title]
    response = client.get(SEARCH, {"q": "skin", "topic": "botox", "city": "calgary", "answered": "no"})
    assert _titles(response) == [unanswered.title]
    response = client.get(SEARCH, {"topic": "botox", "answered": "yes"})
    assert sorted(_titles(response)) == sorted([wanted.title, elsewhere.title])


def test_unknown_filter_value_is_reported_next_to_its_field(client, engine):
    QuestionFactory(title="Peel question")
    response = client.get(SEARCH, {"q": "peel", "topic": "no-such-topic"})
    assert response.status_code == 200
    assert "topic" in response.context["form"].errors
    assertContains(response, "Select a valid choice")
    assert _titles(response) == ["Peel question"]


def test_results_are_paginated_and_pages_keep_the_query(client, engine, settings):
    settings.QUESTIONS_PER_PAGE = 2
    for n in range(5):
        QuestionFactory(title=f"Peel question {n}")
    response = client.get(SEARCH, {"q": "peel", "page": 2})
    assert len(_titles(response)) == 2
    assertContains(response, "?q=peel&amp;page=3")


BAD_QUERIES = [
    "",
    "x" * 2000,
    "peel " * 400,
    '"peel',
    "'peel'",
    "&|!:*()",
    "peel & | ! : * ( ) <-> \\",
    "!!(( :* peel",
    "-",
    "or",
    "the",
    "pe\x00el",
    "\x00",
    "😀 peel 🧴",
    "<script>alert(1)</script>",
    "%",
    "_",
    "NOT peel OR",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_odd_queries_answer_a_normal_page(client, engine, query):
    QuestionFactory(title="Peel question")
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999", "1.5", "9" * 40, "\x00"])
def test_odd_page_numbers_answer_a_normal_page(client, engine, page):
    QuestionFactory(title="Peel question")
    response = client.get(SEARCH, {"q": "peel", "page": page})
    assert response.status_code == 200
    assert _titles(response) == ["Peel question"]


def test_clean_query_strips_nul_and_control_characters_and_bounds_the_length():
    assert clean_query("pe\x00el\x07 \t done") == "pe el done"
    assert len(clean_query("y" * 5000)) == MAX_QUERY_LENGTH


def test_nothing_awaiting_review_hidden_or_removed_is_found(client, engine):
    QuestionFactory(title="Visible peel question")
    for status in (PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.REMOVED):
        QuestionFactory(title=f"{status} peel question", status=status, published_at=None)
    response = client.get(SEARCH, {"q": "peel"})
    assert _titles(response) == ["Visible peel question"]
    assert similar_questions(text="peel question visible") == [
        Question.objects.get(title="Visible peel question")
    ]


def test_search_page_query_count(client, engine, django_assert_num_queries):
    for n in range(5):
        QuestionFactory(title=f"Peel question {n}", city=CityFactory()).topics.add(TopicFactory())
    # topic choices, city choices, count, page of results
    with django_assert_num_queries(4):
        response = client.get(SEARCH, {"q": "peel", "answered": "no"})
    assert len(_titles(response)) == 5


# --- PostgreSQL: the index, answers in the document, typos ------------------------------


def test_published_answers_are_searched_but_hidden_ones_are_not(client, postgresql):
    question = QuestionFactory(title="Redness question")
    AnswerFactory(question=question, body="Try azelaic acid twice a day.")
    AnswerFactory(question=question, body="Consider niacinamide.", status=PostStatus.HIDDEN)
    AnswerFactory(
        question=question,
        body="Consider hydroquinone.",
        doctor=DoctorFactory(verification_status="pending", verified_at=None),
        status=PostStatus.PENDING,  # a pending doctor's draft
    )
    assert _titles(client.get(SEARCH, {"q": "azelaic"})) == ["Redness question"]
    assert _titles(client.get(SEARCH, {"q": "niacinamide"})) == []
    assert _titles(client.get(SEARCH, {"q": "hydroquinone"})) == []


def test_the_index_follows_edits_answers_and_moderation(client, postgresql):
    question = QuestionFactory(title="Redness question", body="Red after a peel.")
    question_update(question=question, title="Redness question", body="Red after dermaplaning.")
    assert _titles(client.get(SEARCH, {"q": "dermaplaning"})) == ["Redness question"]

    answer = AnswerFactory(question=question, body="Use a mineral sunscreen.")
    assert _titles(client.get(SEARCH, {"q": "mineral sunscreen"})) == ["Redness question"]
    answer.status = PostStatus.HIDDEN
    answer.save()
    assert _titles(client.get(SEARCH, {"q": "mineral sunscreen"})) == []

    question.status = PostStatus.HIDDEN
    question.save()
    assert _titles(client.get(SEARCH, {"q": "dermaplaning"})) == []


def test_withdrawing_verification_keeps_published_answers_in_the_index(client, postgresql):
    # Withdrawing a verification hides nothing already published (it only stops new answers).
    answer = AnswerFactory(body="Tretinoin nightly.")
    assert QuestionSearch.objects.get(question=answer.question).answer_count == 1
    doctor = answer.doctor
    doctor.verification_status = "withdrawn"
    doctor.save(update_fields=["verification_status"])
    assert _titles(client.get(SEARCH, {"q": "tretinoin"})) == [answer.question.title]
    assert QuestionSearch.objects.get(question=answer.question).answer_count == 1


def test_stemming_matches_other_forms_of_a_word(client, postgresql):
    QuestionFactory(title="Peeling skin after treatments")
    assert _titles(client.get(SEARCH, {"q": "peeled treatment"})) == ["Peeling skin after treatments"]


def test_websearch_syntax_is_honoured(client, postgresql):
    QuestionFactory(title="Chemical peel and acne")
    QuestionFactory(title="Chemical peel and redness")
    assert _titles(client.get(SEARCH, {"q": "peel -acne"})) == ["Chemical peel and redness"]
    assert _titles(client.get(SEARCH, {"q": '"peel and redness"'})) == ["Chemical peel and redness"]


def test_a_misspelt_short_query_finds_similar_titles(client, postgresql, django_assert_num_queries):
    QuestionFactory(title="Breaking out after microneedling")
    QuestionFactory(title="Botox and headaches")
    # choices (2), count (1, nothing), vocabulary (1), corrected count and page (2)
    with django_assert_num_queries(6):
        response = client.get(SEARCH, {"q": "microneedeling"})
    assert _titles(response) == ["Breaking out after microneedling"]
    assert response.context["results"].corrected_text == "microneedling"
    assertContains(response, "showing results for “microneedling”")


def test_words_of_hidden_titles_are_not_in_the_vocabulary(postgresql):
    QuestionFactory(title="Dermaplaning question", status=PostStatus.PENDING, published_at=None)
    assert not SearchWord.objects.filter(word="dermaplaning").exists()
    assert corrected_query("dermaplanning") == ""


def test_a_typo_does_not_find_hidden_questions(client, postgresql):
    QuestionFactory(title="Microneedling gone wrong", status=PostStatus.HIDDEN, published_at=None)
    assert _titles(client.get(SEARCH, {"q": "microneedeling"})) == []


def test_search_uses_the_gin_indexes(postgresql):
    words = ["acne", "botox", "filler", "laser", "peel", "scar", "melasma", "rosacea"]
    now = timezone.now()
    Question.objects.bulk_create(
        Question(
            title=f"{words[n % 8]} and {words[(n // 8) % 8]} question number{n}",
            slug=f"bulk-{n}",
            body=f"Body about {words[(n // 64) % 8]} {n}.",
            status=PostStatus.PUBLISHED,
            created_at=now,
            published_at=now,
        )
        for n in range(3000)
    )
    QuestionFactory(title="Microneedling and redness", author=None)
    search_reindex()
    plans = {}
    with connection.cursor() as cursor:
        # search_reindex merged the GIN pending lists and analysed the search tables.
        cursor.execute("ANALYZE questions_question")
        cursor.execute("SET LOCAL enable_seqscan = off")
        queries = {
            "search_document_gin": question_search(text="microneedling redness"),
            "search_title_document_gin": Question.objects.filter(
                search__title_document=SearchQuery("microneedling", config=SEARCH_CONFIG)
            ),
            "search_word_trgm": SearchWord.objects.filter(word__trigram_similar="microneedeling"),
        }
        for index, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans[index] = "\n".join(row[0] for row in cursor.fetchall())
    for index, plan in plans.items():
        assert f"Bitmap Index Scan on {index}" in plan, plan


def test_reindex_command_rebuilds_rows_skipped_by_bulk_inserts(postgresql):
    QuestionFactory(title="Signal-indexed question", author=None)
    template = QuestionFactory.build(title="Bulk microneedling question", author=None)
    Question.objects.bulk_create([template])
    assert _search_titles("microneedling") == []
    call_command("search_reindex", batch_size=1)
    assert _search_titles("microneedling") == ["Bulk microneedling question"]


def _search_titles(text):
    return [q.title for q in question_search(text=text)]


# --- Similar questions (ask form, question page) -----------------------------------------


def test_related_questions_are_found_once_and_read_afresh(
    client, engine, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = settings.CONTENT_CACHE_SECONDS = 0  # every request renders
    question = QuestionFactory(title="Breaking out after microneedling")
    shown = QuestionFactory(title="Microneedling and breaking out again")
    kept = QuestionFactory(title="Breaking out after microneedling twice")
    assert {q.title for q in client.get(question.get_absolute_url()).context["related"]} == {
        shown.title,
        kept.title,
    }
    # Which questions are related is kept (a newer one waits for the next search)...
    QuestionFactory(title="Microneedling breakout, week two")
    # ...but a question hidden since, even by a bulk update that sends no signal, is gone.
    Question.objects.filter(pk=shown.pk).update(status=PostStatus.HIDDEN)
    with django_assert_num_queries(3):  # the question, its answers (none), the related questions by id
        response = client.get(question.get_absolute_url())
    assert [q.title for q in response.context["related"]] == [kept.title]


def test_similar_questions_come_from_the_search_engine(engine):
    QuestionFactory(title="Breaking out after microneedling, is that normal?")
    QuestionFactory(title="Botox and headaches")
    found = similar_questions(text="Breaking out after my microneedling session")
    assert [q.title for q in found] == ["Breaking out after microneedling, is that normal?"]


def test_similar_endpoint_ignores_odd_input(client, engine):
    QuestionFactory(title="Peel question")
    for title in ("\x00", "x" * 5000, "&|!:*()", "😀"):
        response = client.get(reverse("questions:similar"), {"title": title})
        assert response.status_code == 200


def test_question_page_lists_related_published_questions(client, engine):
    question = QuestionFactory(title="Breaking out after microneedling")
    QuestionFactory(title="Microneedling and breaking out again")
    QuestionFactory(title="Microneedling breakout hidden", status=PostStatus.HIDDEN, published_at=None)
    QuestionFactory(title="Botox and headaches")
    response = client.get(question.get_absolute_url())
    related = [q.title for q in response.context["related"]]
    assert related == ["Microneedling and breaking out again"]
    assertContains(response, "Related questions")
    assertNotContains(response, "Microneedling breakout hidden")
