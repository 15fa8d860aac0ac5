"""WSGI entry point for gunicorn (and runserver, through WSGI_APPLICATION)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "askdoc.settings")

application = get_wsgi_application()

from askdoc.startup import refuse_unsafe_production_settings  # noqa: E402

refuse_unsafe_production_settings()
