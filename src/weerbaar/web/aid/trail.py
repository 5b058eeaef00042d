"""The audit trail of mutual aid, and the mail that tells the other side.

Every step (:class:`weerbaar.aid.lifecycle.Step`) writes an
:class:`~weerbaar.web.aid.models.AidEvent`: who, for which organisation,
when, and the state before and after. A step that concerns the other
organisation (an offer made, accepted, confirmed or withdrawn) is mailed to
the person who made the request or the offer there, through Django's mail
(SMTP from the environment, the console by default). A mail that cannot be
sent is logged, never an error for the one taking the step: the agreement
is in the database, where both sides see it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from weerbaar.aid import SharedField
from weerbaar.aid.lifecycle import Step
from weerbaar.web.accounts.models import Organisation
from weerbaar.web.aid.models import AidEvent, AidOffer, AidRequest

log = logging.getLogger(__name__)


def record(
    request: AidRequest,
    organisation: Organisation,
    user: Any,
    step: Step,
    *,
    offer: AidOffer | None = None,
    before: str = "",
    after: str = "",
) -> AidEvent:
    author = user if getattr(user, "is_authenticated", False) else None
    return AidEvent.objects.create(
        request=request,
        offer=offer,
        organisation=organisation,
        author=author,
        step=step.value,
        before=before,
        after=after,
    )


def events_for(request: AidRequest, organisation: Organisation) -> QuerySet[AidEvent]:
    """What ``organisation`` may read of the request's trail: all of it when it asked;
    else the request being made and the events of its own offer."""
    found = AidEvent.objects.filter(request=request).select_related("organisation", "author")
    if request.organisation_id == organisation.pk:
        return found
    return found.filter(Q(offer__organisation=organisation) | Q(step=Step.REQUEST.value))


#: Subjects of the mails, per step (translated when sent).
SUBJECTS = {
    Step.OFFER: gettext_noop("Nieuw aanbod op uw verzoek om bijstand"),
    Step.ACCEPT: gettext_noop("Uw aanbod van bijstand is aanvaard: bevestig de afspraak"),
    Step.CONFIRM: gettext_noop("Afspraak over bijstand bevestigd"),
    Step.WITHDRAW: gettext_noop("Aanbod van bijstand ingetrokken"),
}


def notify(offer: AidOffer, step: Step, page_url: str) -> bool:
    """Mail the other side of ``offer`` that ``step`` was taken; whether a mail went out."""
    if step not in SUBJECTS:
        return False
    # The requester takes ACCEPT; every other offer step is the offerer's.
    other = offer.created_by if step is Step.ACCEPT else offer.request.created_by
    address = getattr(other, "email", "")
    if not address:
        return False
    aid = offer.request
    with translation.override(settings.LANGUAGE_CODE):
        # To the offerer, the requester is named only when it chose to share who it is.
        named = step is not Step.ACCEPT or SharedField.ORGANISATION in aid.shared_fields
        asker = aid.organisation.name if named else _("de vragende organisatie")
        subject = f"[Weerbaar] {_(SUBJECTS[step])}"
        body = "\n".join(
            [
                _(SUBJECTS[step]),
                f"{offer.organisation.name} → {asker}",
                f"{offer.amount}, {offer.starts:%d-%m-%Y %H:%M} – {offer.ends:%d-%m-%Y %H:%M}",
                page_url,
            ]
        )
    try:
        send_mail(subject, body, None, [address])
    except OSError:
        # smtplib's errors are OSErrors: the step stands, the mail is lost, say so.
        log.exception("aid mail for offer %s (%s) not sent", offer.pk, step.value)
        return False
    return True


def page_of(request: Any, aid: AidRequest) -> str:
    """The request's page as an absolute address, for a mail."""
    return str(request.build_absolute_uri(reverse("aid:request", kwargs={"request_id": aid.pk})))
