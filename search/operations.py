"""Migration operations that only touch PostgreSQL: SQLite (development) has no GIN
indexes, and its search fallback does without them."""

from django.db import migrations


class PostgresOnlyAddIndex(migrations.AddIndex):
    """AddIndex whose state change applies everywhere but whose SQL runs only on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
