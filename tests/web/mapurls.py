"""Every URL of a map, the action it needs, and what it answers when allowed.

The access matrix (``test_access_matrix.py``) requests each of them in every
role. A new map page joins here; ``test_it_lists_every_map_url`` fails until
it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from weerbaar.web.accounts.models import Action


@dataclass(frozen=True)
class MapUrl:
    name: str
    action: Action
    kwargs: tuple[tuple[str, Any], ...] = ()
    #: What a GET answers when the action is allowed: 405 for POST-only URLs.
    ok: int = 200
    #: Names an object a partner's party does not own.
    hidden: bool = False

    def url(self, map_id: int, job_id: int, incident_id: int = 0) -> str:
        kwargs = {"map_id": map_id, **dict(self.kwargs)}
        if "job_id" in kwargs:
            kwargs["job_id"] = job_id
        if "incident_id" in kwargs:
            kwargs["incident_id"] = incident_id
        return reverse(self.name, kwargs=kwargs)


def _(name: str, action: Action, ok: int = 200, hidden: bool = False, **kwargs: Any) -> MapUrl:
    return MapUrl(name, action, tuple(kwargs.items()), ok, hidden)


JOB = 0  # replaced by the id of a job of the map
INCIDENT = 0  # replaced by the id of an open incident of the map

MAP_URLS = [
    _("maps:overview", Action.VIEW),
    _("maps:nodes", Action.VIEW),
    _("maps:node_add", Action.EDIT_OWN_NODES),
    _("maps:node", Action.VIEW, node_id="suite"),
    _("maps:node", Action.VIEW, hidden=True, node_id="power"),
    _("maps:node_edit", Action.EDIT_OWN_NODES, node_id="suite"),
    _("maps:node_edit", Action.EDIT_OWN_NODES, hidden=True, node_id="power"),
    _("maps:node_delete", Action.EDIT_OWN_NODES, node_id="suite"),
    _("maps:node_delete", Action.EDIT_OWN_NODES, hidden=True, node_id="power"),
    _("maps:parties", Action.ANALYSE),
    _("maps:party_add", Action.EDIT_MAP),
    _("maps:party_edit", Action.EDIT_MAP, party_id="isp-a"),
    _("maps:party_delete", Action.EDIT_MAP, party_id="isp-a"),
    _("maps:scenarios", Action.ANALYSE),
    _("maps:scenario_add", Action.EDIT_MAP),
    _("maps:scenario_edit", Action.EDIT_MAP, scenario_id="stroom"),
    _("maps:scenario_delete", Action.EDIT_MAP, scenario_id="stroom"),
    _("maps:measures_edit", Action.ANALYSE),
    _("maps:measure_add", Action.EDIT_MAP),
    _("maps:measure_edit", Action.EDIT_MAP, measure_id="tweede-internet"),
    _("maps:measure_delete", Action.EDIT_MAP, measure_id="tweede-internet"),
    _("maps:settings", Action.EDIT_MAP),
    _("maps:history", Action.ANALYSE),
    _("maps:version", Action.ANALYSE, number=1),
    _("maps:restore", Action.EDIT_MAP, ok=405, number=1),
    _("maps:transfer", Action.ANALYSE),
    _("maps:export_yaml", Action.ANALYSE),
    _("maps:export_xlsx", Action.ANALYSE),
    _("maps:import", Action.EDIT_MAP, ok=405),
    _("graph:graph", Action.ANALYSE),
    _("graph:graph_data", Action.ANALYSE),
    _("graph:graph_node", Action.ANALYSE, node_id="suite"),
    _("geo:geo", Action.ANALYSE),
    _("scenarios:list", Action.ANALYSE),
    _("scenarios:detail", Action.ANALYSE, scenario_id="stroom"),
    _("scenarios:result", Action.ANALYSE, scenario_id="stroom"),
    _("scenarios:whatif", Action.RUN, ok=405, scenario_id="stroom"),
    _("jobs:criticality", Action.RUN, ok=405),
    _("jobs:job", Action.ANALYSE, job_id=JOB),
    _("jobs:job_data", Action.ANALYSE, job_id=JOB),
    _("jobs:job_retry", Action.RUN, ok=405, job_id=JOB),
    _("insight:dashboard", Action.ANALYSE),
    _("insight:risk", Action.ANALYSE),
    _("insight:criticality", Action.ANALYSE),
    _("insight:partners", Action.ANALYSE),
    _("insight:measures", Action.ANALYSE),
    _("insight:report", Action.ANALYSE),
    _("incidents:list", Action.INCIDENTS),
    _("incidents:new", Action.RESPOND, ok=405),
    _("incidents:duties", Action.RESPOND),
    _("incidents:node_search", Action.RESPOND),
    _("incidents:calendar", Action.INCIDENTS),
    _("incidents:detail", Action.INCIDENTS, incident_id=INCIDENT),
    _("incidents:forecast", Action.INCIDENTS, incident_id=INCIDENT),
    _("incidents:edit", Action.RESPOND, incident_id=INCIDENT),
    _("incidents:phase", Action.RESPOND, ok=405, incident_id=INCIDENT),
    _("incidents:close", Action.RESPOND, incident_id=INCIDENT),
    _("incidents:affected_add", Action.RESPOND, ok=405, incident_id=INCIDENT),
    _("incidents:affected_update", Action.RESPOND, ok=405, incident_id=INCIDENT, row_id=1),
    _("incidents:log_add", Action.RESPOND, ok=405, incident_id=INCIDENT),
    _("incidents:contact_add", Action.RESPOND, ok=405, incident_id=INCIDENT),
    _("incidents:contact_edit", Action.RESPOND, ok=404, incident_id=INCIDENT, contact_id=1),
    _("incidents:contact_remove", Action.RESPOND, ok=405, incident_id=INCIDENT, contact_id=1),
    _("incidents:report_add", Action.RESPOND, ok=405, incident_id=INCIDENT),
]
