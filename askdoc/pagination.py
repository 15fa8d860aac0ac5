from functools import cached_property

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


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


def _paginator(queryset, per_page, max_results):
    per_page = per_page or settings.QUESTIONS_PER_PAGE
    if max_results is None:
        return Paginator(queryset, per_page)
    return CappedPaginator(queryset, per_page, max_results=max_results)


def paginate(request, queryset, per_page=None, max_results=None):
    """The requested page of `queryset`; a page number that is not a page is a 404."""
    try:
        return _paginator(queryset, per_page, max_results).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None


def paginate_leniently(queryset, number, per_page=None, max_results=None):
    """A page of `queryset` for any `number`: not a number gives the first page, past the
    end the last one (for search, where odd page numbers arrive from outside links)."""
    return _paginator(queryset, per_page, max_results).get_page(number)
