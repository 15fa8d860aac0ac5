from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

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


class CappedPaginator(Paginator):
    """Counts at most `max_results` rows (COUNT over a LIMIT), so counting a large search
    or topic costs a bounded index walk; pages past the cap are not offered.
    `is_capped` says the real total may be larger ("1,000+")."""

    def __init__(self, object_list, per_page, *, max_results, **kwargs):
        self.max_results = max_results
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[: self.max_results + 1].count()

    @property
    def is_capped(self):
        return self.count > self.max_results


def _paginator(queryset, per_page, *, max_results=None, count_key=None):
    per_page = per_page or settings.QUESTIONS_PER_PAGE
    if max_results is not None:
        return CappedPaginator(queryset, per_page, max_results=max_results)
    if count_key:
        return ListCountPaginator(queryset, per_page, count_key=count_key)
    return Paginator(queryset, per_page)


def paginate(request, queryset, per_page=None, max_results=None, *, count_key=None):
    """The requested page of `queryset`; a page number that is not a page is a 404.

    With `count_key` (a public list whose rows change only with questions and answers),
    the total is counted once per change, not once per request; with `max_results` it is
    counted only up to that cap."""
    paginator = _paginator(queryset, per_page, max_results=max_results, count_key=count_key)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None


def paginate_leniently(queryset, number, per_page=None, max_results=None):
    """A page of `queryset` for any `number`: not a number gives the first page, past the
    end the last one (for search, where odd page numbers arrive from outside links)."""
    return _paginator(queryset, per_page, max_results=max_results).get_page(number)
