"""The exchange page: TAXII address and collections, downloads, imports and pulls.

Downloads hold exactly what ``visible_items`` gives the caller in a
collection, and are recorded as disclosed (channel export). Importing and
pulling speak for an organisation: the caller's role there must allow
sharing (``Action.SHARE``), else 403; an organisation the caller is not in
is not found (404).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerbaar.interop.hostile import Limits
from weerbaar.interop.mispfeed import feed_files, read_misp_json
from weerbaar.interop.records import ImportRefused, Item
from weerbaar.interop.stix import bundle
from weerbaar.interop.stiximport import read_bundle
from weerbaar.interop.taxiipull import pull as pull_collection
from weerbaar.web.accounts.models import Action, Membership, Organisation
from weerbaar.web.interop.forms import ImportForm, PullForm
from weerbaar.web.interop.imports import store
from weerbaar.web.interop.items import item_of, party_of
from weerbaar.web.interop.taxii.collections import Collection, collections_for
from weerbaar.web.sharing.models import Channel, Community
from weerbaar.web.sharing.visibility import record_disclosures


def limits() -> Limits:
    return Limits(max_bytes=settings.MAP_LIMITS.max_bytes)


def _collection(request: HttpRequest, collection_id: Any) -> Collection:
    for found in collections_for(request.user):
        if found.id == str(collection_id):
            return found
    raise Http404("no such collection")


def _organisation(request: HttpRequest, slug: str, action: Action) -> Organisation:
    membership = (
        Membership.objects.filter(user=request.user.pk, organisation__slug=slug)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404("no such organisation")
    if not membership.role_enum.can(action):
        raise PermissionDenied
    return membership.organisation


def _communities(organisation: Organisation) -> Any:
    return Community.objects.filter(memberships__organisation=organisation).order_by("name")


def _page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    sharers = [
        m.organisation
        for m in Membership.objects.filter(user=request.user.pk).select_related("organisation")
        if m.role_enum.can(Action.SHARE)
    ]
    context = {
        "discovery": request.build_absolute_uri(reverse("taxii_discovery")),
        "collections": collections_for(request.user),
        "sharers": [
            {
                "organisation": org,
                "import_form": extra.get("import_form")
                if extra.get("org") == org
                else ImportForm(communities=_communities(org), prefix=f"i-{org.slug}"),
                "pull_form": extra.get("pull_form")
                if extra.get("org") == org
                else PullForm(communities=_communities(org), prefix=f"p-{org.slug}"),
            }
            for org in sharers
        ],
        "problems": extra.get("problems", []),
    }
    return render(request, "interop/exchange.html", context, status=status)


@login_required
def exchange(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _visible(request: HttpRequest, collection_id: str) -> tuple[Collection, list[Item]]:
    found = _collection(request, collection_id)
    shared = list(
        found.items(request.user).select_related("owner", "community").order_by("created", "pk")
    )
    items = []
    for s in shared:
        try:
            items.append(item_of(s))
        except ValueError:
            continue  # unreadable payloads are logged by the TAXII sync; they are not exported
    record_disclosures(shared, request.user, Channel.EXPORT)
    return found, items


@login_required
def stix_download(request: HttpRequest, collection_id: str) -> HttpResponse:
    _found, items = _visible(request, collection_id)
    response = HttpResponse(
        bundle(items).serialize(pretty=True), content_type="application/stix+json;version=2.1"
    )
    response["Content-Disposition"] = f'attachment; filename="weerbaar-{collection_id}.stix.json"'
    return response


@login_required
def misp_download(request: HttpRequest, collection_id: str) -> HttpResponse:
    _found, items = _visible(request, collection_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(feed_files(items).items()):
            archive.writestr(f"weerbaar-feed/{name}", content)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="weerbaar-{collection_id}.misp-feed.zip"'
    )
    return response


def _stored(
    request: HttpRequest, items: list[Item], form: Any, org: Organisation, source: str, fmt: str
) -> None:
    done = store(
        items,
        organisation=org,
        user=request.user,
        community=form.cleaned_data.get("community"),
        source=source,
        fmt=fmt,
    )
    messages.success(
        request,
        _("%(source)s: %(created)s items toegevoegd, %(updated)s bijgewerkt.")
        % {"source": source, "created": done.created, "updated": done.updated},
    )


@login_required
@require_POST
def import_file(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug, Action.SHARE)
    form = ImportForm(
        request.POST, request.FILES, communities=_communities(org), prefix=f"i-{slug}"
    )
    if not form.is_valid():
        return _page(request, 400, org=org, import_form=form)
    upload = form.cleaned_data["file"]
    name = str(upload.name)[:200]
    data = upload.read()
    owner = party_of(org)
    try:
        is_stix = b'"bundle"' in data[:4096] and b'"objects"' in data
        read = read_bundle if is_stix else read_misp_json
        items = read(
            data, name, default_owner=owner, default_tlp=form.default_tlp(), limits=limits()
        )
        _stored(request, items, form, org, name, "stix" if is_stix else "misp")
    except ImportRefused as refused:
        return _page(request, 400, org=org, import_form=form, problems=refused.problems)
    return redirect("interop:exchange")


@login_required
@require_POST
def pull(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug, Action.SHARE)
    form = PullForm(request.POST, communities=_communities(org), prefix=f"p-{slug}")
    if not form.is_valid():
        return _page(request, 400, org=org, pull_form=form)
    url = form.cleaned_data["url"]
    try:
        items = pull_collection(
            url,
            token=form.cleaned_data["token"],
            default_owner=party_of(org),
            default_tlp=form.default_tlp(),
            limits=limits(),
            allow_private=settings.FEEDS_ALLOW_PRIVATE,
        )
        _stored(request, items, form, org, url, "taxii")
    except ImportRefused as refused:
        return _page(request, 400, org=org, pull_form=form, problems=refused.problems)
    return redirect("interop:exchange")
