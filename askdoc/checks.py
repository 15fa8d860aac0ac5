"""askdoc's own system checks; `manage.py check --deploy` runs the ones tagged deploy."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W001_PROXY_WITHOUT_TRUSTED_COUNT = Warning(
    "The site is configured to run behind a proxy (SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST "
    "or USE_X_FORWARDED_PORT is set) but TRUSTED_PROXY_COUNT is 0, so X-Forwarded-For is ignored "
    "and every visitor shares the proxy's IP address for rate limits and login lockouts.",
    hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the site (usually 1).",
    id="askdoc.W001",
)


@register(Tags.security, "deploy", deploy=True)
def check_trusted_proxy_count(app_configs, **kwargs):
    """Behind a load balancer, the client IP is only known when we say how many proxies to skip."""
    behind_proxy = (
        getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        or getattr(settings, "USE_X_FORWARDED_HOST", False)
        or getattr(settings, "USE_X_FORWARDED_PORT", False)
    )
    if behind_proxy and not getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        return [W001_PROXY_WITHOUT_TRUSTED_COUNT]
    return []
