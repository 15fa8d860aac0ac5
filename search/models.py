from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class QuestionSearch(models.Model):
    """The search row of one question, rebuilt by `search.indexing` whenever the question
    or its answers change.

    On PostgreSQL, `document` weighs the title A, the body B and the published answers C,
    and `title_document` holds the title alone, cheap to rank by; both are NULL unless the
    question is published, so nothing else can match. SQLite leaves them NULL and searches
    the question's own columns. `answer_count` counts published answers, for the
    answered/unanswered filter and the result cards without a join over answers.
    """

    question = models.OneToOneField(
        "questions.Question", on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    document = SearchVectorField(null=True)
    title_document = SearchVectorField(null=True)
    answer_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            GinIndex(fields=["document"], name="search_document_gin"),
            GinIndex(fields=["title_document"], name="search_title_document_gin"),
        ]

    def __str__(self):
        return f"Search row of question {self.question_id}"


class SearchWord(models.Model):
    """A word from a published question's title: the vocabulary that a misspelt query word
    ("microneedeling") is corrected against by trigram similarity. A few thousand short rows,
    so the lookup is fast where trigram matching over every title would not be. Words are
    only added; a result is still shown only if a published question matches."""

    word = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="search_word_trgm")]

    def __str__(self):
        return self.word
