from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from askdoc import views as site_views
from questions import views as question_views

admin.site.site_header = "askdoc moderation"
admin.site.site_title = "askdoc admin"

# A database outage is a 503, not a 500; allauth's rate limits use handler429 too.
handler400 = "askdoc.views.bad_request"
handler500 = "askdoc.views.server_error"
handler429 = "askdoc.views.rate_limited"

urlpatterns = [
    path("", question_views.home, name="home"),
    path("", include("questions.urls")),
    path("", include("search.urls")),
    path("doctors/", include("doctors.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("moderation/", include("moderation.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("health/", site_views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("answers/", include("answers.urls")),
    path("trust/", include("trust.urls")),
]

if settings.BENCH_MODE:
    urlpatterns.append(path("bench/floor/", site_views.bench_floor, name="bench_floor"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
