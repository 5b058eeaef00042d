"""The API's own resources in camelCase, and the shapes the document describes.

Maps and versions are rendered by these serializers. Simulation and
criticality results are the engine's and the CLI's JSON contracts, passed on
unchanged (numbers stay as the engine wrote them); their serializers here
only describe them in the OpenAPI document. Map content (the file format)
is free-form JSON described by ``weerbaar schema``.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from weerbaar.model import NodeKind
from weerbaar.web.accounts.models import Role
from weerbaar.web.maps.models import ObjectKind


class OrganisationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MapSerializer(serializers.Serializer[Any]):
    """A map as the caller may use it; `currentVersion` is also its ETag."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = OrganisationSerializer()
    created = serializers.DateTimeField()
    currentVersion = serializers.IntegerField(
        allow_null=True,
        help_text="The number of the current version; null for a ketenpartner without "
        "the whole map, which is not told how often the map changes (its ETag is opaque).",
    )
    updated = serializers.DateTimeField(
        allow_null=True,
        help_text="When the current version was stored; null for a ketenpartner without "
        "the whole map.",
    )
    role = serializers.ChoiceField(choices=Role.choices, help_text="The caller's role here.")
    partyId = serializers.CharField(
        allow_null=True, help_text="A partner's party in the map; null for the municipality."
    )
    wholeMap = serializers.BooleanField(help_text="Does the caller read the whole map?")


class VersionSerializer(serializers.Serializer[Any]):
    """One entry of the audit trail."""

    number = serializers.IntegerField()
    created = serializers.DateTimeField()
    author = serializers.CharField(source="author.username", allow_null=True, default=None)
    summary = serializers.CharField()
    objectKind = serializers.ChoiceField(source="object_kind", choices=ObjectKind.choices)
    objectId = serializers.CharField(source="object_id")


_MORE = "Any other key of the map file format may be present (`weerbaar schema`)."


class ProductSerializer(serializers.Serializer[Any]):
    """A product the node runs (docs/advisories.md): a CPE, a purl and/or names."""

    cpe = serializers.CharField(required=False, help_text="CPE 2.3 formatted string.")
    purl = serializers.CharField(required=False, help_text="Package URL.")
    vendor = serializers.CharField(required=False)
    product = serializers.CharField(required=False)
    version = serializers.CharField(required=False, help_text="Text, not a number.")


class NodeSerializer(serializers.Serializer[Any]):
    """A node of the map file format; the main keys are listed."""

    id = serializers.CharField()
    kind = serializers.ChoiceField(choices=[k.value for k in NodeKind], required=False)
    name = serializers.CharField(required=False)
    party = serializers.CharField(required=False, help_text="The id of the party running it.")
    vital = serializers.BooleanField(required=False)
    requires = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        help_text="Node ids, {node, tolerance} or {any: [...], need, tolerance}. " + _MORE,
    )
    products = ProductSerializer(many=True, required=False)


class ScenarioSerializer(serializers.Serializer[Any]):
    """A scenario of the map file format; the main keys are listed."""

    id = serializers.CharField()
    name = serializers.CharField(required=False)
    likelihood = serializers.CharField(required=False)
    failures = serializers.ListField(
        child=serializers.JSONField(), help_text="{node, at, duration}. " + _MORE
    )


class ContentSerializer(serializers.Serializer[Any]):
    """A whole map in the map file format; the main keys are listed."""

    weerbaar = serializers.IntegerField(help_text="The file format's version, 1.")
    name = serializers.CharField(required=False)
    horizon = serializers.JSONField(required=False, help_text="Hours, or 30m, 4h, 2d, 1w.")
    parties = serializers.ListField(child=serializers.JSONField(), required=False)
    nodes = NodeSerializer(many=True, required=False)
    scenarios = ScenarioSerializer(many=True, required=False)
    measures = serializers.ListField(child=serializers.JSONField(), required=False, help_text=_MORE)


class InvalidParamSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="JSONPath in the body, or a parameter's name.")
    code = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer[Any]):
    """Problem details (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    invalidParams = InvalidParamSerializer(many=True, required=False)


class CriterionSerializer(serializers.Serializer[Any]):
    quantity = serializers.FloatField()
    # "class" is a Python keyword, hence the field's declaration below.
    cls = serializers.CharField(allow_null=True)

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        fields["class"] = fields.pop("cls")
        return fields


class ImpactSerializer(serializers.Serializer[Any]):
    score = serializers.FloatField()
    likelihood = serializers.CharField(allow_null=True)
    criteria = serializers.DictField(child=CriterionSerializer())


class BreachSerializer(serializers.Serializer[Any]):
    node = serializers.CharField()
    mtpd = serializers.FloatField(help_text="hours")
    outage = serializers.FloatField(help_text="the longest continuous outage, hours")
    breachedAt = serializers.FloatField(help_text="hours after the start")


class SimulationSerializer(serializers.Serializer[Any]):
    """`weerbaar simulate --json` with `impact` and `mtpdBreaches`."""

    scenario = serializers.CharField()
    horizon = serializers.FloatField(help_text="hours")
    down = serializers.DictField(
        child=serializers.ListField(
            child=serializers.ListField(
                child=serializers.FloatField(allow_null=True), min_length=2, max_length=2
            )
        ),
        help_text="Per node that goes down: its outages as [from, until] in hours; "
        "until is null when the node is still down at the horizon.",
    )
    deadlock = serializers.ListField(
        child=serializers.CharField(),
        help_text="Nodes that need each other and cannot restart on their own.",
    )
    impact = ImpactSerializer()
    mtpdBreaches = BreachSerializer(many=True)


class RankSerializer(serializers.Serializer[Any]):
    node = serializers.CharField()
    nodes = serializers.IntegerField(help_text="How many nodes go down when it fails.")
    vital = serializers.IntegerField(help_text="How many vital processes go down.")


class CriticalitySerializer(serializers.Serializer[Any]):
    """`weerbaar criticality --json` (structural)."""

    fails = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per node: the nodes that go down when it fails.",
    )
    singlePoints = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per vital process: the nodes whose failure alone takes it down.",
    )
    ranking = RankSerializer(many=True)


class ProgressSerializer(serializers.Serializer[Any]):
    done = serializers.IntegerField()
    total = serializers.IntegerField(help_text="0 while the job has not started.")


class JobSerializer(serializers.Serializer[Any]):
    """A background job (simulations and criticality of large maps)."""

    id = serializers.IntegerField()
    # Plain strings, not enums: an enum named "kind" would rename the nodes' KindEnum
    # in the document.
    kind = serializers.CharField(
        help_text="simulate, criticality, time_aware_criticality, budget or fetch_advisories."
    )
    status = serializers.CharField(help_text="queued, running, done or failed.")
    mapVersion = serializers.IntegerField(help_text="The map version the job works on.")
    progress = ProgressSerializer()
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField(allow_null=True, help_text="Why a failed job failed.")
    result = serializers.DictField(
        allow_null=True,
        help_text="Once done: the simulation, the criticality's singlePoints and ranking, "
        "or the budget.",
    )
    url = serializers.URLField(help_text="This resource.")


class CatalogueSerializer(serializers.Serializer[Any]):
    """An imported control catalogue (BIO2, OSCAL, a municipality's own list)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.CharField()
    issued = serializers.DateField(allow_null=True)
    # A declared field, not Field.source: the metaclass takes it off the class.
    source = serializers.CharField(help_text="The file it was imported from.")  # type: ignore[assignment]
    scale = serializers.CharField(help_text="niet-deels-volledig or volwassenheid (0–5).")
    controls = serializers.IntegerField(help_text="How many controls it has.")
    years = serializers.ListField(
        child=serializers.IntegerField(), help_text="Reporting years assessed on this map."
    )


class StatementRowSerializer(serializers.Serializer[Any]):
    """A control of the statement of applicability, with its assessment."""

    control = serializers.CharField()
    chapter = serializers.CharField()
    title = serializers.CharField()
    applicable = serializers.BooleanField(allow_null=True, help_text="null: not assessed.")
    reason = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(help_text="The level in the catalogue's scale, in Dutch.")
    owner = serializers.CharField()
    evidence = serializers.ListField(
        child=serializers.CharField(), help_text="Evidence file names and links (no content)."
    )
    nodes = serializers.ListField(child=serializers.CharField())
    measures = serializers.ListField(child=serializers.CharField())
    lastReview = serializers.DateField(allow_null=True)
    nextReview = serializers.DateField(allow_null=True)


class ImprovementActionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    source = serializers.CharField(help_text="control, exercise, incident or advisory.")  # type: ignore[assignment]
    sourceRef = serializers.CharField()
    owner = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="open, in_progress, done or cancelled.")
    cost = serializers.FloatField(help_text="Yearly cost in euro.")
    spent = serializers.FloatField(help_text="Spent so far in euro.")
    measures = serializers.ListField(child=serializers.CharField())
    riskReduction = serializers.FloatField(
        allow_null=True, help_text="Expected yearly risk its measures take away; null: none."
    )


class PortfolioSerializer(serializers.Serializer[Any]):
    measures = serializers.ListField(child=serializers.CharField())
    cost = serializers.FloatField()
    risk = serializers.FloatField()


class BudgetSerializer(serializers.Serializer[Any]):
    """`weerbaar budget --json`: the best measures within the budget and the frontier."""

    budget = serializers.FloatField()
    method = serializers.CharField(help_text="exact or greedy.")
    baseline_risk = serializers.FloatField()
    best = PortfolioSerializer()
    frontier = PortfolioSerializer(many=True)
    candidates = serializers.ListField(child=serializers.CharField())
    simulations = serializers.IntegerField()
