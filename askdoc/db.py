"""Database helpers shared by the selectors: one JSON aggregate that works on PostgreSQL
and SQLite, so a page can fetch a row's small related lists in the same query."""

from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject


class JSONArrayAgg(Aggregate):
    """A JSON array of the grouped values: JSONB_AGG on PostgreSQL, JSON_GROUP_ARRAY on SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_list(queryset, *, on, **fields):
    """A subquery annotation: the rows of `queryset` whose `on` points at the outer row, as
    a JSON list of objects with `fields` (name=lookup); None when there are none."""
    rows = (
        queryset.filter(**{on: OuterRef("pk")})
        .order_by()
        .values(on)
        .annotate(data=JSONArrayAgg(JSONObject(**fields)))
        .values("data")
    )
    return Subquery(rows, output_field=JSONField())
