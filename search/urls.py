from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from search import views
from search.feeds import TopicQuestionsFeed
from search.sitemaps import SITEMAPS

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("cities/<slug:slug>/", views.city_detail, name="city"),
    path("topics/<slug:topic_slug>/in/<slug:city_slug>/", views.topic_in_city, name="topic_in_city"),
    path("topics/<slug:slug>/feed/", TopicQuestionsFeed(), name="topic_feed"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "search:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
