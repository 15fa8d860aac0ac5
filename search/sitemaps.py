"""sitemap.xml: an index of sections, each paginated by Django at 50,000 URLs, so a million
questions is twenty pages of one lean query each. Only published content is listed, with
absolute URLs on SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from doctors.models import DoctorProfile
from questions.models import City, Question, Topic


def _site_protocol():
    return urlsplit(settings.SITE_URL).scheme or "https"


def _site_domain():
    return urlsplit(settings.SITE_URL).netloc


class SiteSitemap(Sitemap):
    """Links on SITE_URL whatever Host the crawler sent."""

    def get_protocol(self, protocol=None):
        return _site_protocol()

    def get_domain(self, site=None):
        return _site_domain()


class QuestionSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Question.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, question):
        return question.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which would load every row.
        return Question.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class TopicSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Topic.objects.only("pk", "slug").order_by("pk")


class CitySitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        asked_there = Question.objects.published().filter(city=OuterRef("pk"))
        return City.objects.filter(Exists(asked_there)).only("pk", "slug").order_by("pk")

    def location(self, city):
        return reverse("search:city", kwargs={"slug": city.slug})


class DoctorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return DoctorProfile.objects.verified().only("pk", "slug").order_by("pk")


SITEMAPS = {
    "questions": QuestionSitemap,
    "topics": TopicSitemap,
    "cities": CitySitemap,
    "doctors": DoctorSitemap,
}


def sitemap_index_items():
    """The sitemap.xml entries: each section and its further pages, on SITE_URL like the links
    inside the sections (Django's own index view would take the Host header the crawler sent)."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        path = reverse("search:sitemap_section", kwargs={"section": section})
        location = f"{_site_protocol()}://{_site_domain()}{path}"
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        items += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return items
