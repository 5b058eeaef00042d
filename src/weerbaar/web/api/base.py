"""What every API view shares: JSON only, problem details, version header, pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from weerbaar.i18n import language as core_language
from weerbaar.web.api.limits import LimitedJSONParser
from weerbaar.web.api.openapi import API_VERSION
from weerbaar.web.api.problems import problem_handler


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 1000


#: Documents the ``API-Version`` header on every response.
VERSION_HEADER = OpenApiParameter(
    "API-Version",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description="The full version of the API, for example 1.0.0.",
)


class ApiView(APIView):
    """Base of every API view."""

    renderer_classes = [JSONRenderer]
    parser_classes = [LimitedJSONParser]

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return problem_handler

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # The API speaks English, like its names, its document and the map
        # checker's messages, whatever language the web pages are in; mixed
        # Dutch and English problem texts would be the worst of both.
        with translation.override("en"), core_language("en"):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        response["Content-Language"] = "en"
        return response


class ListView(ApiView):
    """A view answering with one page of a list."""

    pagination_class = Pagination

    def page(
        self,
        request: Request,
        items: Any,
        render: Callable[[list[Any]], Any] = list,
    ) -> Response:
        """One page of ``items``, each page's rows passed through ``render``."""
        paginator = self.pagination_class()
        rows: list[Any] = paginator.paginate_queryset(items, request, view=self) or []
        return paginator.get_paginated_response(render(rows))


class NotFoundView(ApiView):
    """Any other path under the API: a problem, not Django's HTML page."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    def _missing(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound("There is no such resource in this API.")

    get = post = put = patch = delete = _missing
