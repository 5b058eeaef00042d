"""Assemble the riskmap report: one self-contained HTML document in Dutch.

:mod:`weerbaar.report.sections` computes the view records from the map and
the Jinja2 template ``templates/report.html.j2`` lays them out. Autoescaping
is on, so every piece of map text is escaped; the charts
(:mod:`weerbaar.report.riskdiagram`, :mod:`weerbaar.report.gantt`) escape
their own labels and are marked safe.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from weerbaar import __version__
from weerbaar.model import RiskMap
from weerbaar.report.dutch import (
    count_text,
    dutch_date,
    dutch_duration,
    dutch_number,
    euro,
    moment,
    plural,
    significant,
)
from weerbaar.report.riskdiagram import RiskPoint, risk_diagram
from weerbaar.report.scales import span_text
from weerbaar.report.sections import TOP_CRITICAL, ReportContents, highlights
from weerbaar.scoring import Profile, load_profile


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("weerbaar.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Filter names are Dutch, as the template text around them.
    env.filters.update(
        getal=dutch_number,
        sig=significant,
        euro=euro,
        duur=dutch_duration,
        moment=moment,
        aantal=count_text,
        woord=plural,
        tijdas=span_text,
    )
    return env


def render_report(
    m: RiskMap, profile: Profile | None = None, *, generated: datetime | None = None
) -> str:
    """The whole report on ``m`` as one self-contained HTML document (Dutch).

    Parameters
    ----------
    m : RiskMap
        The map; its scenarios are simulated and scored here.
    profile : Profile, optional
        The methodology profile; default the one shipped with Weerbaar.
    generated : datetime, optional
        The date printed on the report; default now. Pass it for a
        reproducible document.

    Examples
    --------
    >>> from weerbaar.model import parse_map
    >>> m = parse_map("weerbaar: 1\\nname: Testdorp\\nnodes: [{id: a}]")
    >>> html = render_report(m, generated=datetime(2025, 1, 2))
    >>> html.startswith("<!DOCTYPE html>"), "2 januari 2025" in html
    (True, True)
    """
    profile = profile or load_profile()
    contents = ReportContents(m, profile)
    scenarios = contents.scenarios()
    critical = contents.critical()
    spofs = contents.spofs()
    parties = contents.parties_ranked()
    measures = contents.measures()
    points = [
        RiskPoint(str(s.number), s.title, s.likelihood, s.score)
        for s in scenarios
        if s.likelihood is not None
    ]
    classes = [(lc.letter, lc.name) for lc in profile.likelihoods]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            version=__version__,
            name=m.name or "Naamloze kaart",
            description=m.description,
            date=dutch_date(generated or datetime.now()),
            profile=profile,
            profile_id=profile.id,
            provenance=profile.provenance,
            counts={
                "nodes": len(m.nodes),
                "vital": len(m.vital_processes),
                "parties": len(m.parties),
                "scenarios": len(m.scenarios),
                "measures": len(m.measures),
            },
            highlights=highlights(scenarios, spofs, parties, measures),
            diagram=Markup(risk_diagram(points, classes)),
            unplaced=[s.title for s in scenarios if s.likelihood is None],
            scenarios=scenarios,
            critical=critical,
            top_critical=TOP_CRITICAL,
            spofs=spofs,
            parties=parties,
            measures=measures,
        )
    )
