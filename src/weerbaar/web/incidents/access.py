"""The incident of a URL, behind the map's gate (:func:`weerbaar.web.maps.access.map_view`).

Incidents never leave the organisation: the roles of the municipality that
may (:attr:`Action.INCIDENTS`) read them, those with :attr:`Action.RESPOND`
change them; a chain partner, even one the map is shared with, gets 403 for
every incident URL, before any incident is looked up, so nothing about
which incidents exist leaks. An incident id of another map is 404.
"""

from __future__ import annotations

from django.http import Http404

from weerbaar.web.incidents.models import Incident
from weerbaar.web.maps.access import Access


def incident_of(access: Access, incident_id: int) -> Incident:
    found = (
        Incident.objects.select_related("riskmap__organisation")
        .filter(pk=incident_id, riskmap=access.record)
        .first()
    )
    if found is None:
        raise Http404("no such incident")
    return found
