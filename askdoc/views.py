import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import JsonResponse
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
