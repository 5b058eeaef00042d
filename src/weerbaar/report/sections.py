"""The contents of the report: from a map to the view records of each section.

:class:`ReportContents` runs the simulations, scores, criticality and
measure comparisons once and turns them into the records of
:mod:`weerbaar.report.records`; :func:`highlights` condenses them into the few
sentences of the cover page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from markupsafe import Markup

from weerbaar.engine import SimulationResult, structural
from weerbaar.engine.ranking import ranking
from weerbaar.model import Node, RiskMap, Scenario, apply_measure
from weerbaar.report.dutch import (
    KIND_NL,
    THEME_NL,
    count_text,
    dutch_duration,
    dutch_number,
    euro,
    plural,
    quantity_text,
)
from weerbaar.report.gantt import GanttRow, gantt, time_window
from weerbaar.report.records import (
    BreachRow,
    CriterionRow,
    CriticalRow,
    MeasureRow,
    PartyRow,
    ScenarioChange,
    ScenarioView,
    SpofGroup,
    SpofRow,
)
from weerbaar.scale.parties import party_impact
from weerbaar.scoring import Assessment, Profile, measure_effect
from weerbaar.scoring import assess_scenarios as _assess_scenarios

#: At most this many rows in a cascade timeline; vital processes always show.
MAX_TIMELINE_ROWS = 40
#: Length of the criticality ranking.
TOP_CRITICAL = 20


def anchor(prefix: str, ident: str) -> str:
    """A document-unique fragment id for a map object.

    >>> anchor("scenario", "stroom uitval")
    'scenario-stroom-uitval'
    """
    # Map ids are slugs already; keep anchors safe whatever they hold.
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]', '-', ident)}"


class ReportContents:
    """The computed contents of one report; each method yields one section."""

    def __init__(self, m: RiskMap, profile: Profile) -> None:
        self.m = m
        self.profile = profile
        self.nodes = {n.id: n for n in m.nodes}
        self.parties = {p.id: p for p in m.parties}
        self.assessed = _assess_scenarios(m, profile)
        self.structural = structural(m)

    def party_of(self, node: Node) -> str:
        if node.party is None:
            return ""
        party = self.parties.get(node.party)
        return party.label if party else node.party

    def likelihood_name(self, letter: str | None) -> str:
        for lc in self.profile.likelihoods:
            if lc.letter == letter:
                return lc.name
        return ""

    def scenarios(self) -> list[ScenarioView]:
        """The scenarios, highest expected risk first."""
        ranked = sorted(
            enumerate(self.assessed), key=lambda p: (-p[1][1].expected, -p[1][1].score, p[0])
        )
        return [
            self._scenario(i + 1, self.m.scenario(a.scenario), r, a)
            for i, (_, (r, a)) in enumerate(ranked)
        ]

    def _scenario(
        self, number: int, sc: Scenario, result: SimulationResult, a: Assessment
    ) -> ScenarioView:
        criteria = []
        for cr in a.criteria:
            if cr.cls is None:
                continue
            c = self.profile.criterion(cr.criterion)
            amount = "—" if c.class_only else quantity_text(cr.quantity, c.unit)
            criteria.append(CriterionRow(f"{c.number} {c.name}".strip(), amount, cr.cls, cr.points))
        breaches = [
            BreachRow(
                self.nodes[b.node].label,
                b.mtpd,
                dutch_duration(b.outage)
                + (" of langer" if result.down[b.node][-1][1] is None else ""),
                b.first_down,
                b.breached_at,
            )
            for b in a.breaches
        ]
        rows, hidden = self._timeline_rows(result, a)
        # Over every node down, not only the rows shown: "after this, all is
        # up again" must hold for the nodes a capped timeline leaves out too.
        window = time_window((iv for ivs in result.down.values() for iv in ivs), result.horizon)
        timeline = (
            Markup(
                gantt(
                    rows,
                    result.horizon,
                    ident=anchor("tijdlijn", sc.id),
                    window=window,
                    title=f"Verloop van de uitval: {sc.label}",
                )
            )
            if rows
            else None
        )
        return ScenarioView(
            number=number,
            anchor=anchor("scenario", sc.id),
            title=sc.label,
            theme=THEME_NL[sc.theme] if sc.theme else "niet opgegeven",
            description=sc.description,
            likelihood=a.likelihood,
            likelihood_name=self.likelihood_name(a.likelihood),
            score=a.score,
            expected=a.expected if a.likelihood else None,
            horizon=result.horizon,
            criteria=criteria,
            other_criteria=len(a.criteria) - len(criteria),
            breaches=breaches,
            deadlock=[self.nodes[v].label for v in result.deadlock],
            down_count=len(result.down),
            vital_down=sum(self.nodes[v].vital for v in result.down),
            timeline=timeline,
            window=window,
            mtpd_later=sum(r.mtpd_at is not None and r.mtpd_at > window for r in rows),
            hidden=hidden,
        )

    def _timeline_rows(self, result: SimulationResult, a: Assessment) -> tuple[list[GanttRow], int]:
        """Rows by first down time; past the cap, vital processes win a place."""
        breached = {b.node: b.breached_at for b in a.breaches}
        order = sorted(result.down, key=lambda v: (result.down[v][0][0], self.nodes[v].label))
        if len(order) > MAX_TIMELINE_ROWS:
            vital = [v for v in order if self.nodes[v].vital][:MAX_TIMELINE_ROWS]
            rest = [v for v in order if not self.nodes[v].vital]
            keep = set(vital + rest[: MAX_TIMELINE_ROWS - len(vital)])
            shown = [v for v in order if v in keep]
        else:
            shown = order
        rows = []
        for v in shown:
            node = self.nodes[v]
            mtpd_at = breached.get(v)
            if mtpd_at is None and node.mtpd is not None:
                mtpd_at = result.down[v][0][0] + node.mtpd
            rows.append(GanttRow(node.label, result.down[v], node.vital, mtpd_at))
        return rows, len(order) - len(shown)

    def critical(self) -> list[CriticalRow]:
        """The nodes whose permanent loss takes the most vital processes down."""
        s = self.structural
        ids = s.graph.ids
        vital_mask = np.array([self.nodes[v].vital for v in ids], dtype=bool)
        vital, total = s.counts(among=vital_mask), s.counts()
        order = ranking(ids, total, vital)
        rows = []
        for i in order[:TOP_CRITICAL]:
            if total[i] == 0:
                break
            node = self.nodes[ids[i]]
            rows.append(
                CriticalRow(
                    node.label,
                    KIND_NL[node.kind],
                    self.party_of(node),
                    int(vital[i]),
                    int(total[i]),
                )
            )
        return rows

    def spofs(self) -> list[SpofRow]:
        """Per vital process its single points of failure, most exposed first."""
        s = self.structural
        rows = []
        for proc in self.m.vital_processes:
            # Grouped by party: the question after "what" is "whom do we call".
            by_party: dict[str, list[str]] = {}
            points = s.single_points(proc.id)
            for x in points:
                node = self.nodes[x]
                by_party.setdefault(self.party_of(node), []).append(node.label)
            groups = [
                SpofGroup(party or "geen partij opgegeven", sorted(labels, key=str.lower))
                for party, labels in sorted(by_party.items(), key=lambda kv: (not kv[0], kv[0]))
            ]
            rows.append(SpofRow(proc.label, len(points), groups))
        return sorted(rows, key=lambda r: (-r.count, r.process.lower()))

    def parties_ranked(self) -> list[PartyRow]:
        """The chain partners by the number of vital processes that stop without them."""
        rows = []
        for impact in party_impact(self.m):
            party = self.m.party(impact.party)
            hit = sorted((self.nodes[v].label for v in impact.processes), key=str.lower)
            rows.append(PartyRow(party.label, party.kind.value, party.maturity, hit))
        return sorted(rows, key=lambda r: (-len(r.processes), r.label.lower()))

    def measures(self) -> list[MeasureRow]:
        """The measures, best risk reduction per euro first."""
        rows = []
        titles = {sc.id: sc.label for sc in self.m.scenarios}
        for measure in self.m.measures:
            effect = measure_effect(self.m, measure.id, self.profile)
            after_map = apply_measure(self.m, measure)
            changed = [
                ScenarioChange(
                    titles[e.scenario],
                    e.score_before,
                    e.score_after,
                    self.m.scenario(e.scenario).likelihood,
                    after_map.scenario(e.scenario).likelihood,
                    e.expected_before,
                    e.expected_after,
                )
                for e in effect.scenarios
                if e.score_before != e.score_after or e.expected_before != e.expected_after
            ]
            rows.append(
                MeasureRow(
                    anchor("maatregel", measure.id),
                    measure.label,
                    measure.description,
                    effect.cost,
                    effect.reduction,
                    effect.reduction_per_1000,
                    changed,
                    len(effect.scenarios) - len(changed),
                )
            )
        # Best value first; a measure without cost has no ratio and goes last.
        return sorted(rows, key=lambda r: (r.per_1000 is None, -(r.per_1000 or 0), -r.reduction))


def _spof_sentence(spofs: Sequence[SpofRow]) -> str:
    exposed = sum(bool(r.count) for r in spofs)
    if len(spofs) == 1:
        return (
            f"Het enige vitale proces heeft {'minstens één' if exposed else 'geen'} "
            "enkelvoudig faalpunt."
        )
    if not exposed:
        return f"Geen van de {len(spofs)} vitale processen heeft een enkelvoudig faalpunt."
    return (
        f"{exposed} van de {len(spofs)} vitale processen {plural(exposed, 'heeft', 'hebben')} "
        "minstens één enkelvoudig faalpunt."
    )


def highlights(
    scenarios: Sequence[ScenarioView],
    spofs: Sequence[SpofRow],
    parties: Sequence[PartyRow],
    measures: Sequence[MeasureRow],
) -> list[str]:
    """A few plain sentences a reader of only the first page should see."""
    out = []
    if scenarios and scenarios[0].score > 0:
        s = scenarios[0]
        out.append(
            f"Het grootste verwachte risico per jaar heeft scenario {s.number}, "
            f"‘{s.title}’: impactscore {dutch_number(s.score, 1)}, "
            f"waarschijnlijkheid {s.likelihood} ({s.likelihood_name.lower()})."
        )
        worst = max(scenarios, key=lambda v: v.score)
        if worst is not s:
            n = worst.vital_down
            out.append(
                f"De grootste impact heeft scenario {worst.number}, ‘{worst.title}’: "
                f"impactscore {dutch_number(worst.score, 1)}, "
                f"{count_text(n, 'vitaal proces', 'vitale processen')} "
                f"{plural(n, 'valt', 'vallen')} uit."
            )
    breaches = sum(len(s.breaches) for s in scenarios)
    if breaches:
        hit = sum(bool(s.breaches) for s in scenarios)
        if len(scenarios) == 1:
            where = "het enige scenario"
        else:
            where = f"{hit} van de {len(scenarios)} scenario's"
        out.append(
            f"In {where} valt een vitaal proces langer uit dan zijn MTPD "
            f"({count_text(breaches, 'overschrijding', 'overschrijdingen')})."
        )
    deadlocks = [s for s in scenarios if s.deadlock]
    if deadlocks:
        which = "één scenario" if len(deadlocks) == 1 else f"{len(deadlocks)} scenario's"
        out.append(
            f"In {which} ontstaat een herstelimpasse: onderdelen die elkaar nodig "
            "hebben komen niet vanzelf terug."
        )
    if spofs:
        out.append(_spof_sentence(spofs))
    if parties and parties[0].processes:
        p = parties[0]
        out.append(
            f"Van ketenpartner {p.label} hangen de meeste vitale processen af: {len(p.processes)}."
        )
    if measures and measures[0].per_1000 is not None and measures[0].reduction > 0:
        out.append(
            f"De maatregel met het meeste rendement is ‘{measures[0].label}’ "
            f"({euro(measures[0].cost)} per jaar)."
        )
    return out
