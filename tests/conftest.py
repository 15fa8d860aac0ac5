import pytest
from django.test import override_settings

from tests.world import world  # noqa: F401  (one user per role, for the security tests)


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """For the whole run, before any live server starts: plain static storage (no
    collectstatic manifest needed), media in a temp dir, HTTP allowed, and background
    tasks run in-process so their effects can be asserted."""
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private-media"),
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        # Hashing each factory user's password the real way is most of a test's time.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no cached page or rate-limit count leaks between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
