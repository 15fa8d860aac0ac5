from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from questions.models import Question, Topic

FEED_SIZE = 30


class TopicQuestionsFeed(Feed):
    """Anyone: an Atom feed of the newest published questions in one topic."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return _("New questions about %(topic)s · askdoc") % {"topic": topic.name}

    def subtitle(self, topic):
        return _("Questions about %(topic)s, answered by verified doctors.") % {"topic": topic.name}

    def link(self, topic):
        return topic.get_absolute_url()

    def items(self, topic):
        return (
            Question.objects.published()
            .filter(topics=topic)
            .only("pk", "slug", "title", "body", "published_at", "updated_at", "author_display_name")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, question):
        return question.title

    def item_description(self, question):
        return Truncator(question.body).chars(300)

    def item_pubdate(self, question):
        return question.published_at

    def item_updateddate(self, question):
        return question.updated_at

    def item_author_name(self, question):
        return str(question.asked_by)
