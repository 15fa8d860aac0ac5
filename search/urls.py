from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.http import require_safe

from search import views
from search.feeds import TopicQuestionsFeed
from search.sitemaps import SITEMAPS

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("cities/<slug:slug>/", views.city_detail, name="city"),
    path("topics/<slug:topic_slug>/in/<slug:city_slug>/", views.topic_in_city, name="topic_in_city"),
    path("topics/<slug:slug>/feed/", require_safe(TopicQuestionsFeed()), name="topic_feed"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
