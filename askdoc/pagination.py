from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property

from askdoc.page_cache import versions

COUNT_SECONDS = 3600


class ListCountPaginator(Paginator):
    """A paginator whose COUNT(*) is kept in the cache until a question or answer changes
    (the `lists` version of askdoc.page_cache): counting 100,000 questions for every page
    view costs more than the page itself."""

    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        key = f"count:{self.count_key}:{versions(['lists'])[0]}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, COUNT_SECONDS)
        return count


def paginate(request, queryset, per_page=None, *, count_key=None):
    """The requested page of `queryset`; a page number that is not a page is a 404.

    With `count_key` (a public list whose rows change only with questions and answers),
    the total is counted once per change, not once per request."""
    per_page = per_page or settings.QUESTIONS_PER_PAGE
    if count_key:
        paginator = ListCountPaginator(queryset, per_page, count_key=count_key)
    else:
        paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None
