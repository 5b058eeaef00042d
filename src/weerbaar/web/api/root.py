"""The API's entry points for people and programs: ``/api/v1`` and the documentation page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from weerbaar.web.api.base import VERSION_HEADER, ApiView
from weerbaar.web.api.openapi import API_VERSION

_LINK = inline_serializer("Link", {"href": serializers.CharField()})


class Root(ApiView):
    """What the API offers, as links (the only thing a client needs to know is this URL)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="getRoot",
        summary="The API's resources, as links",
        tags=["meta"],
        parameters=[VERSION_HEADER],
        responses={
            200: inline_serializer(
                "Root",
                {
                    "version": serializers.CharField(),
                    "_links": inline_serializer(
                        "RootLinks",
                        {
                            name: _LINK
                            for name in ("self", "maps", "openapi", "openapiYaml", "documentation")
                        },
                    ),
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        return Response({"version": API_VERSION, "_links": links(request)})


def links(request: Any) -> dict[str, dict[str, str]]:
    def href(name: str) -> dict[str, str]:
        return {"href": request.build_absolute_uri(reverse(name))}

    return {
        "self": href("api:root"),
        "maps": href("api:maps"),
        "openapi": href("api:openapi-json"),
        "openapiYaml": href("api:openapi-yaml"),
        "documentation": href("api:documentation"),
    }


def documentation(request: HttpRequest) -> HttpResponse:
    """The API's documentation, readable in the browser (public, like the document)."""
    return render(
        request,
        "api/documentation.html",
        {"openapi": reverse("api:openapi-json"), "root": reverse("api:root")},
    )
