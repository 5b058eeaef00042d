"""The map file's shape, as pydantic models.

These models validate one file's structure (types, required keys, allowed
values) and are the source of the published JSON Schema (``weerbaar schema``).
Cross-references (does this node exist?) are checked afterwards in
:mod:`weerbaar.model.loader`, where every node is known.

The format is strict: a key it does not define is an error, at every level
(:mod:`weerbaar.model.keys` finds them, with the nearest valid key). Keys
starting with ``x-`` are extensions, allowed on the map, its parties, nodes,
scenarios and measures (:data:`EXTENSIBLE`): kept on a round trip, ignored
otherwise.

Every number has finite bounds (:data:`MAX_AMOUNT` and the duration bounds
of :mod:`weerbaar.model.durations`), so that what passes here can be stored,
shown and computed without overflow; YAML, Excel, the web forms and the API
all pass through these models.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from weerbaar.i18n import _
from weerbaar.model.durations import Distribution, parse_duration, parse_uncertain
from weerbaar.model.products import MAX_NAME, parse_cpe, parse_purl
from weerbaar.model.riskmap import NodeKind, PartyKind, Theme
from weerbaar.model.roles import OwnerRole

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
CLASS_PATTERN = r"^[A-E]$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=200)]
ClassLetter = Annotated[str, Field(pattern=CLASS_PATTERN)]

#: The largest amount (euro, people, km²) a map may hold: 10^12, a thousand
#: times the Dutch national budget.
MAX_AMOUNT = 1e12
#: The smallest amount larger than zero: a cent.
MIN_AMOUNT = 0.01
#: The most people one process may serve (ten times the Dutch population).
MAX_PEOPLE = 200_000_000
#: Prefix of extension keys.
EXTENSION = "x-"


def _amount(value: float) -> float:
    if 0 < value < MIN_AMOUNT:
        raise ValueError(
            _("{value!r} is smaller than {minimum} (write 0 or at least {minimum})").format(
                value=value, minimum=MIN_AMOUNT
            )
        )
    return value


#: A cost or a quantity: finite, 0 or between a cent and 10^12.
Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False), AfterValidator(_amount)]

_DURATION_JSON = {
    "anyOf": [
        {"type": "number", "minimum": 0, "description": "hours"},
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?(e[-+]?\d+)?\s*(m|min|h|u|d|w)?\s*$"},
    ],
    "description": "a number of hours or a string such as 30m, 4h, 2d, 1w",
}
Duration = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(_DURATION_JSON)]

_UNIT = r"\s*\d+(\.\d+)?(e[-+]?\d+)?\s*(m|min|h|u|d|w)?\s*"
_UNCERTAIN_JSON = {
    "anyOf": [
        *_DURATION_JSON["anyOf"],
        {"type": "string", "pattern": rf"^\s*[Tt][Rr][Ii]\s*\({_UNIT},{_UNIT},{_UNIT}\)\s*$"},
        {
            "type": "string",
            "pattern": rf"^\s*[Ll][Oo][Gg][Nn][Oo][Rr][Mm][Aa][Ll]\s*\({_UNIT},"
            r"\s*\d+(\.\d+)?(e[-+]?\d+)?\s*\)\s*$",
        },
    ],
    "description": (
        "a duration (30m, 4h, 2d, 1w or hours), or an uncertain one: "
        "tri(MIN, MODE, MAX) or lognormal(MEDIAN, SIGMA)"
    ),
}
#: A duration that may be uncertain: hours, or a Distribution (see durations.py).
UncertainDuration = Annotated[
    float | Distribution, PlainValidator(parse_uncertain), WithJsonSchema(_UNCERTAIN_JSON)
]


def _no_extra(schema: dict[str, Any]) -> None:
    schema["additionalProperties"] = False


def _extensions(schema: dict[str, Any]) -> None:
    schema["additionalProperties"] = False
    schema["patternProperties"] = {"^x-": {"description": "extension: kept, otherwise ignored"}}


class _Entry(BaseModel):
    # An entry that may carry extension keys (x-...): pydantic keeps them in
    # `model_extra`; other unknown keys never get here (keys.unknown_keys
    # refuses them first), and the JSON Schema says so.
    model_config = ConfigDict(
        extra="allow", str_strip_whitespace=True, json_schema_extra=_extensions
    )


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_no_extra
    )


class RequirementEntry(_Strict):
    """One requirement: a single ``node`` or a redundancy group ``any``."""

    node: Id | None = None
    any: Annotated[list[Id], Field(min_length=1)] | None = None
    need: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    tolerance: UncertainDuration = 0.0

    @model_validator(mode="after")
    def _one_target(self) -> RequirementEntry:
        if (self.node is None) == (self.any is None):
            raise ValueError(_("a requirement names either `node` or `any`, not both or neither"))
        if self.node is not None and self.need not in (None, 1):
            raise ValueError(_("`need` goes with `any`; a single node has need 1"))
        return self


def _requirement_items_schema(schema: dict[str, Any]) -> None:
    schema["items"] = {
        "anyOf": [{"type": "string", "pattern": ID_PATTERN}, schema["items"]],
    }


def _coerce_requirement(value: object) -> object:
    return {"node": value} if isinstance(value, str) else value


Requirement = Annotated[RequirementEntry, BeforeValidator(_coerce_requirement)]


class LocationEntry(_Strict):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class ImpactStepEntry(BaseModel):
    """``after`` plus criterion ids with a quantity or a class letter.

    The criterion ids are the methodology profile's, not keys of the format,
    so this entry is open (``weerbaar.scoring`` checks the ids).
    """

    model_config = ConfigDict(
        extra="allow",
        str_strip_whitespace=True,
        json_schema_extra={
            "additionalProperties": {
                "anyOf": [
                    {"type": "number", "minimum": 0, "maximum": MAX_AMOUNT},
                    {"type": "string", "pattern": CLASS_PATTERN},
                ]
            }
        },
    )

    after: Duration

    @model_validator(mode="after")
    def _values(self) -> ImpactStepEntry:
        for key, value in (self.model_extra or {}).items():
            if isinstance(value, str) and value in "ABCDE" and len(value) == 1:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not 0 <= value <= MAX_AMOUNT
            ):
                raise ValueError(
                    _(
                        "{key}: expected a quantity from 0 to 10^12 or a class A-E, got {value!r}"
                    ).format(key=key, value=value)
                )
            _amount(float(value))
        return self


class ImpactEntry(_Strict):
    per_day: dict[Id, Amount] = Field(default_factory=dict)
    steps: list[ImpactStepEntry] = Field(default_factory=list)


def _cpe(value: str) -> str:
    parse_cpe(value)
    return value


def _purl(value: str) -> str:
    parse_purl(value)
    return value


_NAME = Annotated[str, Field(max_length=200)]


def _version_text(value: object) -> object:
    # YAML reads 2025.10 as the number 2025.1: a version must be quoted text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            _("a version is text: write it in quotes ('{value}'), a number can lose digits").format(
                value=value
            )
        )
    return value


_VERSION = Annotated[str, Field(max_length=200), BeforeValidator(_version_text)]


class ProductEntry(_Strict):
    """A product the node runs: ``cpe`` (CPE 2.3), ``purl``, and/or vendor, product, version."""

    cpe: (
        Annotated[
            str,
            Field(
                max_length=MAX_NAME,
                description="CPE 2.3 formatted string",
                json_schema_extra={"pattern": r"^cpe:2\.3:"},
            ),
            AfterValidator(_cpe),
        ]
        | None
    ) = None
    purl: (
        Annotated[
            str,
            Field(
                max_length=MAX_NAME,
                description="package URL",
                json_schema_extra={"pattern": "^pkg:"},
            ),
            AfterValidator(_purl),
        ]
        | None
    ) = None
    vendor: _NAME = ""
    product: _NAME = ""
    version: _VERSION = ""

    @model_validator(mode="after")
    def _named(self) -> ProductEntry:
        if self.cpe is None and self.purl is None and not self.product:
            raise ValueError(_("a product names a `cpe`, a `purl` or at least a `product`"))
        return self


class NodeEntry(_Entry):
    id: Id
    kind: NodeKind = NodeKind.SYSTEM
    name: str = ""
    description: str = ""
    party: Id | None = None
    restart: UncertainDuration = 0.0
    requires: Annotated[list[Requirement], Field(json_schema_extra=_requirement_items_schema)] = (
        Field(default_factory=list)
    )
    location: LocationEntry | None = None
    vital: bool = False
    mtpd: Duration | None = None
    rto: Duration | None = None
    rpo: Duration | None = None
    bbn: Annotated[int, Field(ge=1, le=3)] | None = None
    served: Annotated[int, Field(ge=0, le=MAX_PEOPLE)] | None = None
    impact: ImpactEntry | None = None
    owner: OwnerRole | None = None
    products: list[ProductEntry] = Field(default_factory=list, max_length=200)
    # Written by `weerbaar generate` and `weerbaar merge` (docs/scale.md);
    # kept in Node.extra, where weerbaar.scale reads them.
    gemeente: Id | None = None
    shared: bool | None = None


class PartyEntry(_Entry):
    id: Id
    name: str = ""
    kind: PartyKind = PartyKind.OVERIG
    maturity: Annotated[int, Field(ge=1, le=5)] | None = None
    description: str = ""
    owner: OwnerRole | None = None


class FailureEntry(_Strict):
    node: Id
    at: Duration = 0.0
    duration: UncertainDuration | None = None


class ScenarioEntry(_Entry):
    id: Id
    name: str = ""
    theme: Theme | None = None
    likelihood: ClassLetter | None = None
    horizon: Duration | None = None
    description: str = ""
    failures: Annotated[list[FailureEntry], Field(min_length=1)]


class AddAlternativeEntry(_Strict):
    node: Id
    requirement: Id
    alternative: Id


class AddToleranceEntry(_Strict):
    node: Id
    requirement: Id
    tolerance: Duration


class RestartEntry(_Strict):
    node: Id
    restart: Duration


class ScenarioDurationEntry(_Strict):
    scenario: Id
    node: Id | None = None
    duration: Duration


class LikelihoodEntry(_Strict):
    scenario: Id
    class_: ClassLetter = Field(alias="class")


class ChangeEntry(_Strict):
    """Exactly one kind of change."""

    add_node: NodeEntry | None = None
    add_alternative: AddAlternativeEntry | None = None
    add_tolerance: AddToleranceEntry | None = None
    restart: RestartEntry | None = None
    scenario_duration: ScenarioDurationEntry | None = None
    likelihood: LikelihoodEntry | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ChangeEntry:
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            kinds = ", ".join(type(self).model_fields)
            raise ValueError(_("a change has exactly one of: {kinds}").format(kinds=kinds))
        return self


class MeasureEntry(_Entry):
    id: Id
    name: str = ""
    cost: Annotated[Amount, Field(description="euro per year")] = 0.0
    description: str = ""
    changes: Annotated[list[ChangeEntry], Field(min_length=1)]


class MergedEntry(_Strict):
    prefix: Id
    name: str = ""


#: The entries that may carry extension keys (x-...), by their name in messages.
EXTENSIBLE = ("map", "parties", "nodes", "scenarios", "measures")


class MapFile(_Entry):
    """A Weerbaar risk map."""

    weerbaar: Annotated[int, Field(ge=1, le=1, description="format version")]
    name: str = ""
    description: str = ""
    horizon: Duration = 720.0
    parties: list[PartyEntry] = Field(default_factory=list)
    nodes: list[NodeEntry] = Field(default_factory=list)
    scenarios: list[ScenarioEntry] = Field(default_factory=list)
    measures: list[MeasureEntry] = Field(default_factory=list)
    # Written by `weerbaar merge`: the maps a regional map was merged from.
    merged: list[MergedEntry] | None = None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the map file."""
    schema = MapFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://weerbaar.example/schema/map-1.json"
    return schema


#: The base models of the entries of Weerbaar's file formats, for the other
#: formats to share (the exercise file): extension keys allowed, or none.
ExtensibleEntry = _Entry
StrictEntry = _Strict
