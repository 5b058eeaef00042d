"""Shared items: what is shared with me, share something, one item, its label and audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from weerbaar.interop.records import Observable
from weerbaar.sharing.tlp import TLP, is_lowering
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.sharing.access import ItemSeat, item_view, sharing_organisations
from weerbaar.web.sharing.forms import TLP_HELP, RelabelForm, ShareForm
from weerbaar.web.sharing.models import Channel, ItemKind, Relabel, SharedItem
from weerbaar.web.sharing.visibility import record_disclosures, viewer_for, visible_items

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Everything the user may see, with a search; shared by others or by the own organisation."""
    viewer = viewer_for(request.user)
    items = visible_items(viewer)
    ours = request.GET.get("van") == "ons"
    items = (
        items.filter(owner__in=viewer.organisations)
        if ours
        else items.exclude(owner__in=viewer.organisations)
    )
    query = request.GET.get("q", "").strip()[:200]
    if query:
        items = items.filter(Q(title__icontains=query) | Q(body__icontains=query))
    page = Paginator(items.order_by("-modified", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    shown = list(page.object_list)
    record_disclosures(shown, request.user, Channel.LIST)
    return render(
        request,
        "sharing/inbox.html",
        {
            "page": page,
            "items": shown,
            "ours": ours,
            "query": query,
            "can_share": bool(sharing_organisations(request.user)),
        },
    )


def owner_for(request: HttpRequest) -> Organisation:
    """The organisation the user shares for: chosen (``organisatie``) or the first; 403 if none."""
    mine = sharing_organisations(request.user)
    if not mine:
        raise PermissionDenied
    wanted = request.POST.get("organisatie") or request.GET.get("organisatie")
    return next((o for o in mine if o.slug == wanted), mine[0])


def save_item(form: ShareForm, owner: Organisation, author: Any, **extra: Any) -> SharedItem:
    data = form.cleaned_data
    payload = dict(extra.pop("payload", {}))
    if data.get("value"):
        found = Observable.guess(data["value"])
        payload["value"] = found.value
        payload["observables"] = [{"kind": found.kind.value, "value": found.value}]
    with transaction.atomic():
        item = SharedItem.objects.create(
            owner=owner,
            author=author,
            kind=data["kind"],
            title=data["title"],
            body=data.get("body", ""),
            payload=payload,
            tlp=data["tlp"],
            community=data.get("community"),
            **extra,
        )
        item.recipient_organisations.set(data.get("recipient_organisations", []))
        item.recipient_users.set(data.get("recipient_users", []))
    return item


@login_required
def new(request: HttpRequest) -> HttpResponse:
    owner = owner_for(request)
    if request.method == "POST":
        form = ShareForm(owner, request.POST)
        if form.is_valid():
            item = save_item(form, owner, request.user)
            messages.success(
                request, _("Gedeeld onder %(label)s.") % {"label": item.tlp_enum.label}
            )
            return redirect("sharing:detail", item_id=item.stix_id)
        status = 400
    else:
        form = ShareForm(owner, initial={"tlp": TLP.AMBER.value, "kind": ItemKind.LESSON})
        status = 200
    return render(
        request,
        "sharing/new.html",
        {"form": form, "owner": owner, "owners": sharing_organisations(request.user)},
        status=status,
    )


@item_view()
def detail(request: HttpRequest, seat: ItemSeat) -> HttpResponse:
    record_disclosures([seat.item], request.user, Channel.PAGE)
    item = seat.item
    return render(
        request,
        "sharing/detail.html",
        {
            "seat": seat,
            "item": item,
            "audience": TLP_HELP[item.tlp_enum],
            # Who else received it is the owner's business, not a recipient's.
            "recipient_organisations": item.recipient_organisations.all()
            if seat.own_organisation
            else [],
            "recipient_users": item.recipient_users.all() if seat.own_organisation else [],
        },
    )


def audience_text(item: SharedItem) -> str:
    """Who sees ``item`` now, in words, for the trail of label changes."""
    parts = [item.tlp_enum.label, str(TLP_HELP[item.tlp_enum])]
    if item.community is not None:
        parts.append(item.community.name)
    parts += [o.name for o in item.recipient_organisations.all()]
    parts += [u.username for u in item.recipient_users.all()]
    return "; ".join(parts)[:500]


@item_view(owner=True)
def relabel(request: HttpRequest, seat: ItemSeat) -> HttpResponse:
    item = seat.item
    current = item.tlp_enum
    if request.method == "POST":
        form = RelabelForm(item.owner, current, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                item.tlp = data["tlp"]
                item.community = data.get("community")
                item.save()
                item.recipient_organisations.set(data.get("recipient_organisations", []))
                item.recipient_users.set(data.get("recipient_users", []))
                Relabel.objects.create(
                    item=item,
                    user=request.user,  # type: ignore[misc]
                    who=request.user.get_username(),
                    old=current.value,
                    new=item.tlp,
                    audience=audience_text(item),
                )
            messages.success(
                request, _("Het label is nu %(label)s.") % {"label": item.tlp_enum.label}
            )
            if not visible_items(request.user).filter(pk=item.pk).exists():
                # Raised to RED without naming oneself: the item is out of sight now.
                return redirect("sharing:inbox")
            return redirect("sharing:detail", item_id=item.stix_id)
        status = 400
    else:
        form = RelabelForm(
            item.owner,
            current,
            initial={
                "community": item.community,
                "recipient_organisations": list(item.recipient_organisations.all()),
                "recipient_users": list(item.recipient_users.all()),
            },
        )
        status = 200
    return render(
        request,
        "sharing/relabel.html",
        {"form": form, "item": item, "current": current, "lowering": is_lowering},
        status=status,
    )


@item_view(owner=True)
def audit(request: HttpRequest, seat: ItemSeat) -> HttpResponse:
    item = seat.item
    disclosures = Paginator(item.disclosures.all(), 200).get_page(request.GET.get("pagina"))
    return render(
        request,
        "sharing/audit.html",
        {"item": item, "page": disclosures, "relabels": item.relabels.all()},
    )
