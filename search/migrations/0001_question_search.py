import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from search.operations import PostgresOnlyAddIndex

# Frozen copy of search.indexing for the questions that exist before this migration.
FILL_POSTGRESQL = """
INSERT INTO search_questionsearch (question_id, document, title_document, answer_count, updated_at)
SELECT q.id,
       CASE WHEN q.status = 'published' THEN
           setweight(to_tsvector('english', q.title), 'A')
           || setweight(to_tsvector('english', q.body), 'B')
           || setweight(to_tsvector('english', coalesce(a.text, '')), 'C')
       END,
       CASE WHEN q.status = 'published' THEN setweight(to_tsvector('english', q.title), 'A') END,
       coalesce(a.n, 0), now()
FROM questions_question q
LEFT JOIN (
    SELECT an.question_id, string_agg(an.body, E'\\n') AS text, count(*) AS n
    FROM answers_answer an JOIN doctors_doctorprofile d ON d.id = an.doctor_id
    WHERE an.status = 'published' AND d.verification_status = 'verified'
    GROUP BY an.question_id
) a ON a.question_id = q.id
"""
FILL_WORDS_POSTGRESQL = """
INSERT INTO search_searchword (word)
SELECT DISTINCT lower(w) FROM questions_question q, regexp_split_to_table(q.title, '[^[:alpha:]]+') w
WHERE q.status = 'published' AND length(w) BETWEEN 4 AND 64
ON CONFLICT DO NOTHING
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_POSTGRESQL)
        schema_editor.execute(FILL_WORDS_POSTGRESQL)
        return
    Question = apps.get_model("questions", "Question")
    QuestionSearch = apps.get_model("search", "QuestionSearch")
    published = models.Q(answers__status="published", answers__doctor__verification_status="verified")
    rows = Question.objects.annotate(n=models.Count("answers", filter=published)).values_list("pk", "n")
    QuestionSearch.objects.bulk_create([QuestionSearch(question_id=pk, answer_count=n) for pk, n in rows])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("questions", "0002_patients_photos_revisions_urgent"),
        ("answers", "0002_answerversion_doctoragreement_helpfulmark"),
        ("doctors", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="QuestionSearch",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="questions.question",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("title_document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("answer_count", models.PositiveIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=64, unique=True)),
            ],
        ),
        PostgresOnlyAddIndex(
            model_name="questionsearch",
            index=django.contrib.postgres.indexes.GinIndex(fields=["document"], name="search_document_gin"),
        ),
        PostgresOnlyAddIndex(
            model_name="questionsearch",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title_document"], name="search_title_document_gin"
            ),
        ),
        PostgresOnlyAddIndex(
            model_name="searchword",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
