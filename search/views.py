from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from askdoc.page_cache import cache_for_anonymous
from askdoc.pagination import paginate
from questions.models import City, Topic
from search.forms import SearchForm
from search.selectors import MAX_RESULTS, browse_questions, doctors_answering, search_page, topic_and_city_get
from search.sitemaps import sitemap_index_items


@require_safe
@cache_for_anonymous(lambda: ["site", "lists"])
def search(request):
    """Anyone: search published questions by words, topic, city and whether they are answered."""
    form = SearchForm(request.GET or None, topics=list(Topic.objects.all()), cities=list(City.objects.all()))
    context = {"form": form, "results": None}
    if form.is_bound:
        form.is_valid()
        filters = form.filters()
        if any(value is not None and value != "" for value in filters.values()):
            context["results"] = search_page(page_number=request.GET.get("page"), **filters)
            context["query_string"] = form.query_string()
    return render(request, "search/search.html", context)


@require_safe
@cache_for_anonymous(lambda slug: ["site", "lists"])
def city_detail(request, slug):
    """Anyone: the published questions asked from one city, and the doctors who practise there."""
    city = get_object_or_404(City, slug=slug)
    return _browse(request, "search/city_detail.html", city=city)


@require_safe
@cache_for_anonymous(lambda topic_slug, city_slug: ["site", "lists"])
def topic_in_city(request, topic_slug, city_slug):
    """Anyone: the published questions of one topic asked from one city, and its doctors."""
    try:
        topic, city = topic_and_city_get(topic_slug=topic_slug, city_slug=city_slug)
    except (Topic.DoesNotExist, City.DoesNotExist):
        raise Http404("No such topic or city.") from None
    return _browse(request, "search/topic_in_city.html", topic=topic, city=city)


def _browse(request, template, *, topic=None, city=None):
    page = paginate(request, browse_questions(topic=topic, city=city), max_results=MAX_RESULTS)
    doctors = doctors_answering(topic=topic, city=city)
    return render(request, template, {"topic": topic, "city": city, "page": page, "doctors": doctors})


ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/moderation/",
    "/my/",
    "/questions/ask/",
    "/questions/*/edit/",
    "/questions/similar/",
    "/questions/photos/",
    "/answers/",
    "/doctors/dashboard/",
    "/doctors/join/",
    "/newsletter/",
    "/search/",
]


@require_safe
def robots_txt(request):
    """Anyone: what crawlers may fetch, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@x_robots_tag
def sitemap_index(request):
    """Anyone: the index of sitemap sections, linked on SITE_URL. Last-Modified is the newest
    lastmod it lists: the index is only its entries' locations and lastmods, and a location
    changes only when a section gains or loses a page of 50,000 URLs."""
    items = sitemap_index_items()
    latest = max((item.last_mod for item in items if item.last_mod is not None), default=None)
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest is not None else None
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml", headers=headers
    )
