"""Checks that run when a server process starts, before it takes any request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from askdoc.settings import DEVELOPMENT_SECRET_KEY


def refuse_unsafe_production_settings():
    """A server with DEBUG off is production: it must not run with the public development key.

    The test client never imports the WSGI module, so tests keep the development key;
    gunicorn and runserver both import it and so both refuse.
    """
    if not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is the development key while DEBUG is off. "
            "Set SECRET_KEY in the environment (see README, Configuration)."
        )
