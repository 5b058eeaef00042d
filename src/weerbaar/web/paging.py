"""Long lists a page at a time: the nodes of a large map, a criticality ranking.

The generator's 300-municipality map has some 21,500 nodes; listed whole, one
page would weigh megabytes and take seconds to render. The page number
travels in the query string as ``pagina`` beside the filters, so a filtered
list pages through what matches and a link keeps the filters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

#: The query parameter of the page number (Dutch, as the URLs are).
PARAM = "pagina"


@dataclass(frozen=True)
class Pages:
    """One page of a list, with links (query strings) to its neighbours; "" when none.

    Iterating, indexing and ``len`` see the rows of this page only.
    """

    page: Page[Any]
    previous: str
    next: str

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.page.object_list)

    def __len__(self) -> int:
        return len(self.page.object_list)

    def __getitem__(self, index: int) -> Any:
        return self.page.object_list[index]


def _link(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def paged(
    request: HttpRequest, items: Sequence[Any] | QuerySet[Any], size: int, param: str = PARAM
) -> Pages:
    """The page of ``items`` the request asks for; a wrong number gives the nearest page.

    ``param`` names the page number of a second list on the same page.
    """
    page = Paginator(items, size).get_page(request.GET.get(param))
    return Pages(
        page,
        _link(request, param, page.previous_page_number()) if page.has_previous() else "",
        _link(request, param, page.next_page_number()) if page.has_next() else "",
    )
