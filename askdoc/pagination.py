from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def paginate(request, queryset, per_page=None):
    """The requested page of `queryset`; a page number that is not a page is a 404."""
    paginator = Paginator(queryset, per_page or settings.QUESTIONS_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page.") from None
