import uuid

from askdoc.logging import request_id_var
from askdoc.views import DATABASE_DOWN_ERRORS, database_unavailable


class PermissionsPolicyMiddleware:
    """Turn off browser features askdoc never uses (camera, geolocation, ...)."""

    POLICY = (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
        "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """When the database is down, answer a clear 503 page (with Retry-After) instead of a 500.

    Django closes the broken connection when the request ends (close_if_unusable_or_obsolete),
    so the next request reconnects by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        return database_unavailable(request, exception)


class RequestIdMiddleware:
    """Give each request an id (the load balancer's X-Request-ID when it is sane, else a new
    one), put it in every log line of the request and send it back in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _is_sane_request_id(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _is_sane_request_id(value):
    return 0 < len(value) <= 64 and all(c.isalnum() or c in "-_." for c in value)
