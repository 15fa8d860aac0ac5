import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from askdoc.ratelimit import parse_limit, rate_limited_response

logger = logging.getLogger(__name__)

# What a lost or refused database connection raises; any other DatabaseError is a bug (500).
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


@never_cache
@require_safe
def health(request):
    """Anyone (the load balancer): 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exception:
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        return _logged_outage(request, response, exception)
    return JsonResponse({"status": "ok", "database": "ok"})


def database_unavailable(request, exception):
    """The 503 page, rendered without the request: the session and user need the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return _logged_outage(request, response, exception)


def _logged_outage(request, response, exception):
    """One log line per outage 503, naming the database's reason. Django would add its own
    "Service Unavailable" line (or a misleading session or 500 line) for the same response;
    log_response skips a response marked as logged."""
    logger.error("Database unavailable: %s", exception, extra={"path": request.path})
    response._has_been_logged = True
    return response


# allauth's limited pages and the longest window that can apply to each (allauth does not say
# which limit was hit, so Retry-After is an upper bound). Failed logins count for 5 minutes.
ALLAUTH_LIMITED_PAGES = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
}
FAILED_LOGIN_WINDOW = 300


def rate_limited(request, exception=None):
    """handler429 (allauth's rate limits use it): the 429 page, with Retry-After."""
    try:
        action = ALLAUTH_LIMITED_PAGES.get(resolve(request.path_info).url_name)
    except Resolver404:
        action = None
    retry_after = None
    if action is not None:
        retry_after = parse_limit(settings.ASKDOC_RATE_LIMITS[action])[1]
        if action == "login":
            retry_after = max(retry_after, FAILED_LOGIN_WINDOW)
    return rate_limited_response(request, retry_after)


def _database_outage_behind(exception):
    """The database error that caused `exception`, if any."""
    while exception is not None:
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            return exception
        exception = exception.__cause__ or exception.__context__
    return None


def bad_request(request, exception):
    """handler400, anyone: the styled 400 page; for a form sent with far too much text (e.g. a
    10 MB title, refused before any view reads it) it says so and how to fix it. Django reports
    a session it could not save as a 400 (SessionInterrupted): when the database was down, that
    is our 503."""
    if outage := _database_outage_behind(exception):
        return database_unavailable(request, outage)
    context = {"data_too_big": isinstance(exception, RequestDataTooBig)}
    return render(request, "400.html", context, status=400)


def server_error(request):
    """handler500: a database outage that escaped the view (in a middleware, say) is a 503."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN_ERRORS):
        return database_unavailable(request, exception)
    return HttpResponseServerError(loader.render_to_string("500.html"))


BENCH_FLOOR_MAX_BYTES = 5_000_000


@require_safe
def bench_floor(request):
    """Anyone, but routed only when BENCH_MODE is on (make bench): a bare page of `?bytes=`
    bytes through the full middleware stack, the floor that pages are measured against."""
    try:
        size = int(request.GET.get("bytes", "1000"))
    except ValueError:
        return HttpResponseBadRequest("bytes must be a whole number")
    if not 0 <= size <= BENCH_FLOOR_MAX_BYTES:
        return HttpResponseBadRequest(f"bytes must be between 0 and {BENCH_FLOOR_MAX_BYTES}")
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")
