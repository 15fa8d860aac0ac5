"""Speed a reader feels: the seed question page, with the CSS and JS it links, transfers under 50 KB
compressed, and static files are fingerprinted, compressed and cached forever.

Static files are collected with the production storage (whitenoise's CompressedManifestStaticFilesStorage,
used whenever DEBUG is off) and served by the WhiteNoise middleware, as in production.
"""

import gzip
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from askdoc import demo_seed
from questions.models import Question

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 50 * 1024
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
ASSET_RE = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory, django_db_blocker):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())
    return root


@pytest.fixture
def production_static(collected_static):
    # override_settings resets staticfiles_storage, so the manifest is read from this root.
    with override_settings(STATIC_ROOT=collected_static, STORAGES=PRODUCTION_STORAGES):
        yield Client(HTTP_ACCEPT_ENCODING="gzip, deflate")


def _get_asset(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, b"".join(response.streaming_content)


def _seed_page(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0, stdout=StringIO())
    question = Question.objects.get(title=demo_seed.SEED_QUESTION_TITLE)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_seed_page_with_its_css_and_js_is_under_fifty_kilobytes_compressed(production_static):
    html = _seed_page(production_static)
    assets = ASSET_RE.findall(html)
    assert any(url.endswith(".css") for url in assets)
    total = len(gzip.compress(html.encode(), compresslevel=6))
    for url in assets:
        response, body = _get_asset(production_static, url)
        assert response["Content-Encoding"] in {"gzip", "br"}, url
        total += len(body)
    print(f"seed page transfer: {total} bytes compressed")
    assert total < BUDGET_BYTES, f"{total} bytes compressed for {['page', *assets]}"


def test_static_files_are_fingerprinted_compressed_and_cached_forever(production_static):
    html = production_static.get("/").content.decode()
    assets = ASSET_RE.findall(html)
    assert assets
    for url in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url), f"{url} is not fingerprinted"
        response, _ = _get_asset(production_static, url)
        cache_control = response["Cache-Control"]
        assert "immutable" in cache_control and "max-age=315360000" in cache_control, cache_control
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]


def test_a_static_file_without_its_fingerprint_is_not_cached_forever(production_static):
    response, _ = _get_asset(production_static, "/static/css/askdoc.css")
    assert "immutable" not in response.get("Cache-Control", "")


def test_photos_reserve_their_space_and_load_lazily(client):
    from tests.factories import QuestionPhotoFactory

    photo = QuestionPhotoFactory(is_public=True)
    html = client.get(photo.question.get_absolute_url()).content.decode()
    images = re.findall(r"<img [^>]+>", html)
    assert images
    for tag in images:
        assert re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag), tag
        assert 'loading="lazy"' in tag, tag
