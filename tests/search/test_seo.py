import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from lxml import etree
from pytest_django.asserts import assertContains, assertNotContains

from questions.models import PostStatus, Question
from search.sitemaps import QuestionSitemap
from tests.factories import (
    AnswerFactory,
    CityFactory,
    DoctorFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _schema(name):
    return etree.XMLSchema(etree.parse(str(FIXTURES / name)))


def _xml(response):
    assert response.status_code == 200
    return etree.fromstring(response.content)


@pytest.fixture
def site_content():
    topic = TopicFactory(name="Botox", slug="botox")
    calgary = CityFactory(name="Calgary")
    CityFactory(name="Empty Town")
    published = QuestionFactory(title="Published botox question", city=calgary)
    published.topics.add(topic)
    for status in (PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.REMOVED):
        question = QuestionFactory(title=f"{status} botox question", status=status, published_at=None)
        question.topics.add(topic)
    DoctorFactory(name="Verified", slug="verified-doc")
    DoctorFactory(name="Pending", slug="pending-doc", verification_status="pending", verified_at=None)
    return published


def test_sitemap_index_and_sections_validate_and_list_only_published_content(client, site_content):
    index = _xml(client.get("/sitemap.xml"))
    _schema("siteindex.xsd").assertValid(index)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert [s.rsplit("/", 1)[1] for s in sections] == [
        "sitemap-questions.xml",
        "sitemap-topics.xml",
        "sitemap-cities.xml",
        "sitemap-doctors.xml",
    ]
    urlset_schema = _schema("sitemap.xsd")
    locations = []
    for section in sections:
        urlset = _xml(client.get(urlsplit(section).path))
        urlset_schema.assertValid(urlset)
        locations += [loc.text for loc in urlset.findall("s:url/s:loc", SITEMAP_NS)]
    assert locations == [
        f"http://127.0.0.1:8000{site_content.get_absolute_url()}",
        "http://127.0.0.1:8000/topics/botox/",
        "http://127.0.0.1:8000/cities/calgary/",
        "http://127.0.0.1:8000/doctors/verified-doc/",
    ]


def test_sitemap_index_and_sections_link_to_site_url_whatever_host_the_crawler_sent(
    client, settings, monkeypatch, site_content
):
    settings.SITE_URL = "https://askdoc.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "mirror.example"]
    QuestionFactory()
    monkeypatch.setattr(QuestionSitemap, "limit", 1)  # two published questions: two pages

    index = _xml(client.get("/sitemap.xml", HTTP_HOST="mirror.example"))
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert sections == [
        "https://askdoc.example/sitemap-questions.xml",
        "https://askdoc.example/sitemap-questions.xml?p=2",
        "https://askdoc.example/sitemap-topics.xml",
        "https://askdoc.example/sitemap-cities.xml",
        "https://askdoc.example/sitemap-doctors.xml",
    ]
    for section in sections:
        urlset = _xml(client.get(section.removeprefix("https://askdoc.example"), HTTP_HOST="mirror.example"))
        locations = [loc.text for loc in urlset.findall("s:url/s:loc", SITEMAP_NS)]
        assert locations and all(loc.startswith("https://askdoc.example/") for loc in locations), locations


def test_questions_sitemap_is_one_lean_query_per_page(client, django_assert_max_num_queries):
    QuestionFactory.create_batch(5)
    # count, then one page of rows
    with django_assert_max_num_queries(2) as captured:
        response = client.get("/sitemap-questions.xml")
    page_query = captured.captured_queries[-1]["sql"]
    assert '"body"' not in page_query
    assert response.content.count(b"<url>") == 5


def test_sitemap_index_and_questions_section_are_last_modified_with_the_newest_published_question(
    client, django_assert_num_queries
):
    newest, older = QuestionFactory(), QuestionFactory()
    hidden = QuestionFactory(status=PostStatus.HIDDEN, published_at=None)
    for question, modified in [(newest, 2), (older, 1), (hidden, 5)]:
        Question.objects.filter(pk=question.pk).update(updated_at=datetime(2026, 3, modified, 12, tzinfo=UTC))

    # the newest lastmod, then each section's page count: the header costs no query
    with django_assert_num_queries(5):
        index = client.get("/sitemap.xml")
    assert index["Last-Modified"] == "Mon, 02 Mar 2026 12:00:00 GMT"
    assert client.get("/sitemap-questions.xml")["Last-Modified"] == "Mon, 02 Mar 2026 12:00:00 GMT"


def test_sitemap_index_and_questions_section_have_no_last_modified_without_published_questions(client):
    QuestionFactory(status=PostStatus.HIDDEN, published_at=None).topics.add(TopicFactory())
    DoctorFactory()

    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "Last-Modified" not in index
    assert "Last-Modified" not in client.get("/sitemap-questions.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body
    for path in ("/admin/", "/accounts/", "/questions/ask/", "/questions/*/edit/"):
        assert f"Disallow: {path}\n" in body


def _jsonld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_question_page_describes_a_qapage_with_its_answers(client):
    question = QuestionFactory(title="Is </script><script>alert(1)</script> safe?", body="Body & more")
    helpful = AnswerFactory(question=question, body="The **best** answer.")
    helpful.helpful_marks.create(user=UserFactory())
    AnswerFactory(question=question, body="Another answer.")
    AnswerFactory(question=question, body="A hidden answer.", status=PostStatus.HIDDEN)
    response = client.get(question.get_absolute_url())
    assert "</script><script>alert(1)" not in response.content.decode()
    data = _jsonld(response)
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["@type"] == "Question"
    assert entity["name"] == question.title
    assert entity["answerCount"] == 2
    assert entity["acceptedAnswer"]["text"] == "The best answer."
    assert entity["acceptedAnswer"]["upvoteCount"] == 1
    assert entity["acceptedAnswer"]["author"]["@type"] == "Physician"
    assert entity["acceptedAnswer"]["author"]["name"] == helpful.doctor.display_name
    assert [a["text"] for a in entity["suggestedAnswer"]] == ["Another answer."]
    assert "hidden" not in json.dumps(data)


def test_unmarked_answers_are_all_suggested(client):
    answer = AnswerFactory()
    entity = _jsonld(client.get(answer.question.get_absolute_url()))["mainEntity"]
    assert "acceptedAnswer" not in entity
    assert entity["answerCount"] == 1
    assert len(entity["suggestedAnswer"]) == 1


def test_a_doctors_own_draft_is_not_in_the_structured_data(client):
    draft = AnswerFactory(body="My draft answer.", status=PostStatus.PENDING)
    client.force_login(draft.doctor.user)
    response = client.get(draft.question.get_absolute_url())
    assertContains(response, "My draft answer.")
    assert _jsonld(response)["mainEntity"]["answerCount"] == 0


def test_a_question_awaiting_review_has_no_structured_data_and_is_not_indexed(client):
    question = QuestionFactory(status=PostStatus.PENDING, published_at=None)
    client.force_login(question.author)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, "application/ld+json")
    assertNotContains(response, "og:title")
    assertContains(response, '<meta name="robots" content="noindex">', html=False)


def test_question_page_has_title_description_canonical_and_open_graph(client):
    question = QuestionFactory(title="Redness after a peel", body="Three days of redness.")
    response = client.get(question.get_absolute_url())
    url = f"http://127.0.0.1:8000{question.get_absolute_url()}"
    assertContains(response, "<title>Redness after a peel · askdoc</title>", html=False)
    assertContains(response, '<meta name="description" content="Three days of redness.">', html=False)
    assertContains(response, f'<link rel="canonical" href="{url}">', html=False)
    assertContains(response, f'<meta property="og:url" content="{url}">', html=False)
    assertContains(response, '<meta property="og:title" content="Redness after a peel">', html=False)
    assertContains(response, '<meta property="og:type" content="article">', html=False)


def test_topic_feed_is_atom_with_only_published_questions(client, site_content):
    response = client.get(reverse("search:topic_feed", kwargs={"slug": "botox"}))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    titles = [t.text for t in feed.findall("a:entry/a:title", atom)]
    assert titles == ["Published botox question"]
    assert feed.find("a:title", atom).text == "New questions about Botox · askdoc"


def test_unknown_topic_feed_is_404(client, db):
    assert client.get("/topics/none/feed/").status_code == 404


def test_every_page_has_a_labelled_search_box(client, db):
    response = client.get("/")
    assertContains(
        response,
        '<form class="site-search" method="get" action="/search/" role="search"'
        ' aria-label="Search the site">',
        html=False,
    )
    assertContains(
        response, '<label for="site-search-q" class="visually-hidden">Search questions</label>', html=True
    )
