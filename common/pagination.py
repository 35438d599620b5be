"""One way to page a list: a Django Page with the numbers to link to, and the query string to keep.

Rendered by templates/includes/pagination.html (GOV.UK pagination).
"""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """The requested page of `items` (a bad or out-of-range number gives the nearest page).

    `page.links`: first, last and two either side of the current page, gaps as Paginator.ELLIPSIS.
    `page.query`: the request's query string without `page`, for the links to keep the filters.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    page.links = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()
    return page
