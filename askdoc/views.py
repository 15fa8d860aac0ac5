import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    """Anyone (the load balancer): 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception):
    """Anyone: the styled 400 page; for a form sent with far too much text (e.g. a 10 MB
    title, refused before any view reads it) it says so and how to fix it."""
    context = {"data_too_big": isinstance(exception, RequestDataTooBig)}
    return render(request, "400.html", context, status=400)


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
