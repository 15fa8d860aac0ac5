from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import MAX_QUERY_LENGTH, clean_query

ANSWERED_CHOICES = [("", _("Any")), ("yes", _("Answered")), ("no", _("Not answered yet"))]


class SearchForm(forms.Form):
    """The search page's GET form. Choices come from lists the view loaded once, so
    validating a topic or city costs no query. Over-long or odd text is trimmed, not refused."""

    q = forms.CharField(label=_("Search questions"), required=False, strip=False, widget=forms.SearchInput)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    answered = forms.ChoiceField(label=_("Answers"), required=False, choices=ANSWERED_CHOICES)

    def __init__(self, *args, topics, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {topic.slug: topic for topic in topics}
        self.cities = {city.slug: city for city in cities}
        # NUL bytes are stripped by clean_query rather than refused.
        self.fields["q"].validators = []
        self.fields["q"].widget.attrs["maxlength"] = MAX_QUERY_LENGTH
        self.fields["topic"].choices = [("", _("All topics"))] + [(t.slug, t.name) for t in topics]
        self.fields["city"].choices = [("", _("All cities"))] + [(c.slug, c.name) for c in cities]

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])

    def filters(self):
        """The valid filters as keyword arguments for `search_page`; invalid ones are left out
        (the form shows their error next to the field)."""
        data = getattr(self, "cleaned_data", {})
        answered = {"yes": True, "no": False}.get(data.get("answered"))
        return {
            "text": data.get("q", ""),
            "topic": self.topics.get(data.get("topic") or ""),
            "city": self.cities.get(data.get("city") or ""),
            "answered": answered,
        }

    def query_string(self):
        """The valid search as URL parameters, for the links to other pages of results."""
        data = getattr(self, "cleaned_data", {})
        return urlencode({name: data[name] for name in ("q", "topic", "city", "answered") if data.get(name)})
