import pytest
from django.db import connection

from search import selectors

POSTGRESQL_ONLY = "PostgreSQL full-text search; CI runs these with DATABASE_URL=postgres://..."


@pytest.fixture
def postgresql(db):
    """For tests of PostgreSQL features (tsvector, ts_headline, trigrams, GIN indexes)."""
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRESQL_ONLY)


@pytest.fixture(params=["postgresql", "fallback"])
def engine(request, db, monkeypatch):
    """Run a test on both search engines: full text on PostgreSQL, and the substring fallback
    SQLite uses (also forced on PostgreSQL, so CI covers it too)."""
    if request.param == "postgresql" and connection.vendor != "postgresql":
        pytest.skip(POSTGRESQL_ONLY)
    if request.param == "fallback":
        monkeypatch.setattr(selectors, "uses_postgresql", lambda: False)
    return request.param
