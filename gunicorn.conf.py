"""gunicorn settings, read automatically when gunicorn starts in this directory.

`gunicorn askdoc.wsgi` is enough; GUNICORN_BIND, WEB_CONCURRENCY and GUNICORN_TIMEOUT
override the defaults. The request *body* size is capped by the load balancer (see README,
Operations) and by Django (DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FILES,
ASKDOC_PHOTO_MAX_BYTES); gunicorn caps what it parses itself: the request line and headers.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A worker stuck longer than this is restarted (a slow query must not hold it forever).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5

# Refuse oversized requests before Django sees them (gunicorn answers 400 / 431).
limit_request_line = 4094  # bytes in "GET /path?query HTTP/1.1"
limit_request_fields = 50  # number of headers
limit_request_field_size = 8190  # bytes per header (cookies included)

# Access log on stdout as JSON lines, like the application logs (askdoc/logging.py).
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, '
    '"request_id": "%({x-request-id}o)s", "user_agent": "%(a)s"}'
)
