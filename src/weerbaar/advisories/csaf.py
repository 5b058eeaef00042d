"""CSAF 2.0 documents: the structure Weerbaar reads, validated, and what it keeps.

The NCSC publishes its security advisories in CSAF (Common Security Advisory
Framework, OASIS); so do many vendors. Only the parts Weerbaar reads are
validated here (:class:`CsafDocument`, a subset of the official schema); other
keys are allowed, as the standard has many. Every problem is reported as
``file: $.json.path: what is wrong``, and a document with a problem yields no
advisory at all: a malformed or hostile document changes nothing.

Besides the schema, the references between the parts are checked, as CSAF's
own mandatory tests do: every product id a vulnerability names must be
defined in the product tree, and none twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from cvss import CVSS3, CVSS4
from cvss.exceptions import CVSSError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from weerbaar.advisories.versions import RangeError, VersionRange
from weerbaar.model.limits import depth
from weerbaar.model.products import NameError_, parse_cpe, parse_purl

#: The largest document read (CSAF providers keep theirs under 15 MiB).
MAX_BYTES = 15 * 1024 * 1024
#: The deepest nesting of JSON accepted; real advisories stay under 20.
MAX_DEPTH = 64
#: The most products one document may define.
MAX_PRODUCTS = 50_000

Text = Annotated[str, Field(max_length=10_000)]
Short = Annotated[str, Field(min_length=1, max_length=1000)]


class AdvisoryError(ValueError):
    """Problems with advisories, each ``source: $.path: what is wrong``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Label(StrEnum):
    """The NCSC's label of an advisory: act now, or within the usual patch cycle."""

    URGENT = "urgent"
    NORMAL = "normal"


class Status(StrEnum):
    """What an advisory says of a product a node runs.

    CSAF's ``product_status`` lists: ``known_affected``, ``first_affected``
    and ``last_affected`` are *affected*; ``under_investigation`` is not yet
    known (the vendor is checking: treat as possibly affected);
    ``fixed`` and ``first_fixed`` are *fixed*; ``recommended`` the version
    the vendor advises (not affected by the advisory, in practice the fixed
    release); ``known_not_affected`` is *not affected*.
    """

    AFFECTED = "affected"
    UNDER_INVESTIGATION = "under_investigation"
    FIXED = "fixed"
    RECOMMENDED = "recommended"
    NOT_AFFECTED = "not_affected"


class _Open(BaseModel):
    # CSAF defines many more keys than Weerbaar reads; they are allowed.
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


class Helper(_Open):
    cpe: Short | None = None
    purl: Short | None = None


class FullProductName(_Open):
    name: Short
    product_id: Short
    product_identification_helper: Helper | None = None


class Branch(_Open):
    category: Short
    name: Short
    branches: list[Branch] | None = None
    product: FullProductName | None = None


class Relationship(_Open):
    category: Short
    full_product_name: FullProductName
    product_reference: Short
    relates_to_product_reference: Short


class ProductTree(_Open):
    branches: list[Branch] = Field(default_factory=list)
    full_product_names: list[FullProductName] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)


class CvssEntry(_Open):
    vectorString: Short
    baseScore: float | None = None


class ScoreEntry(_Open):
    products: Annotated[list[Short], Field(min_length=1)]
    cvss_v3: CvssEntry | None = None
    cvss_v4: CvssEntry | None = None


class ProductStatus(_Open):
    known_affected: list[Short] = Field(default_factory=list)
    first_affected: list[Short] = Field(default_factory=list)
    last_affected: list[Short] = Field(default_factory=list)
    fixed: list[Short] = Field(default_factory=list)
    first_fixed: list[Short] = Field(default_factory=list)
    known_not_affected: list[Short] = Field(default_factory=list)
    recommended: list[Short] = Field(default_factory=list)
    under_investigation: list[Short] = Field(default_factory=list)


class VulnerabilityEntry(_Open):
    cve: Annotated[str, Field(pattern=r"^CVE-[0-9]{4}-[0-9]{4,}$")] | None = None
    title: Text | None = None
    product_status: ProductStatus | None = None
    scores: list[ScoreEntry] = Field(default_factory=list)


class AggregateSeverity(_Open):
    text: Short
    namespace: Text | None = None


class Publisher(_Open):
    name: Short
    namespace: Short
    category: Short


class Tracking(_Open):
    id: Short
    version: Short
    current_release_date: Short
    initial_release_date: Short
    status: Literal["draft", "final", "interim"]


class Note(_Open):
    category: Short
    text: Text
    title: Text | None = None


class DocumentEntry(_Open):
    category: Short
    csaf_version: Literal["2.0", "2.1"]
    title: Text
    publisher: Publisher
    tracking: Tracking
    aggregate_severity: AggregateSeverity | None = None
    notes: list[Note] = Field(default_factory=list)


class CsafDocument(_Open):
    """The parts of a CSAF document Weerbaar reads."""

    document: DocumentEntry
    product_tree: ProductTree | None = None
    vulnerabilities: list[VulnerabilityEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class AdvisoryProduct:
    """A product an advisory names, as far as the product tree identifies it.

    ``version`` is one version; ``versions`` a range; neither means every version.
    """

    product_id: str
    name: str
    vendor: str = ""
    product: str = ""
    version: str = ""
    versions: VersionRange | None = None
    cpe: str | None = None
    purl: str | None = None


@dataclass(frozen=True)
class Score:
    """A CVSS score, computed from its vector by the ``cvss`` library."""

    version: str
    vector: str
    base: float
    severity: str
    products: tuple[str, ...]


@dataclass(frozen=True)
class Vulnerability:
    cve: str | None
    title: str
    statuses: dict[str, Status]
    scores: tuple[Score, ...]


@dataclass(frozen=True)
class Advisory:
    """One advisory as Weerbaar uses it."""

    id: str
    title: str
    version: str
    released: str
    publisher: str
    label: Label | None
    severity_text: str
    summary: str
    products: dict[str, AdvisoryProduct]
    vulnerabilities: tuple[Vulnerability, ...]
    source: str = ""
    unidentified: tuple[str, ...] = field(default=())

    @property
    def cves(self) -> list[str]:
        return [v.cve for v in self.vulnerabilities if v.cve]

    @property
    def cvss(self) -> Score | None:
        """The highest score of the advisory."""
        scores = [s for v in self.vulnerabilities for s in v.scores]
        return max(scores, key=lambda s: s.base, default=None)


def json_path(loc: tuple[str | int, ...]) -> str:
    """``$.a.b[0].c`` for a location of pydantic or of the checks here."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_document(raw: bytes | str, source: str) -> Advisory:
    """Read one CSAF document, or raise :class:`AdvisoryError` naming every problem."""
    if len(raw) > MAX_BYTES:
        raise AdvisoryError([f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MiB"])
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise AdvisoryError([f"{source}: not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise AdvisoryError([f"{source}:{exc.lineno}: not JSON ({exc.msg}, {where})"]) from None
    except (ValueError, RecursionError) as exc:
        raise AdvisoryError([f"{source}: not JSON ({exc})"]) from None
    return from_data(data, source)


def from_data(data: Any, source: str) -> Advisory:
    """An :class:`Advisory` from parsed JSON; see :func:`parse_document`."""
    if not isinstance(data, dict):
        raise AdvisoryError([f"{source}: $: a CSAF document is a JSON object"])
    if depth(data) > MAX_DEPTH:
        raise AdvisoryError([f"{source}: $: nested deeper than {MAX_DEPTH} levels"])
    try:
        doc = CsafDocument.model_validate(data)
    except ValidationError as exc:
        raise AdvisoryError(
            [f"{source}: {json_path(tuple(e['loc']))}: {_message(e)}" for e in exc.errors()]
        ) from None
    problems: list[str] = []
    products = _products(doc, source, problems)
    known = set(products)
    vulnerabilities = tuple(
        _vulnerability(doc, i, known, source, problems) for i in range(len(doc.vulnerabilities))
    )
    if problems:
        raise AdvisoryError(problems)
    d = doc.document
    summary = next((n.text for n in d.notes if n.category == "summary"), "")
    severity = d.aggregate_severity.text if d.aggregate_severity else ""
    return Advisory(
        id=d.tracking.id,
        title=d.title,
        version=d.tracking.version,
        released=d.tracking.current_release_date,
        publisher=d.publisher.name,
        label=label_of(severity),
        severity_text=severity,
        summary=summary,
        products=products,
        vulnerabilities=vulnerabilities,
        source=source,
        unidentified=tuple(p for p, ap in products.items() if not ap.product),
    )


def _message(err: Any) -> str:
    if err["type"] == "missing":
        return "required key is missing"
    if err["type"] == "literal_error":
        return f"{err['input']!r} is not {err['ctx']['expected']}"
    return str(err["msg"]).removeprefix("Value error, ")


def label_of(text: str) -> Label | None:
    """The NCSC label from a document's ``aggregate_severity``.

    The NCSC labels its advisories *Urgent* or *Normal* (Dutch: *Urgent*,
    *Normaal*). Older NCSC advisories gave likelihood and damage instead
    (``High/High``, ``Medium/High``: kans/schade); high on both reads as
    Urgent, any other pair as Normal.

    Examples
    --------
    >>> label_of("Urgent"), label_of("normaal"), label_of("medium/high"), label_of("Important")
    (<Label.URGENT: 'urgent'>, <Label.NORMAL: 'normal'>, <Label.NORMAL: 'normal'>, None)
    """
    words = text.strip().lower()
    if words in ("urgent", "urgentie"):
        return Label.URGENT
    if words in ("normal", "normaal"):
        return Label.NORMAL
    levels = {"high", "hoog", "medium", "midden", "gemiddeld", "low", "laag"}
    pair = [w.strip() for w in words.split("/")]
    if len(pair) == 2 and set(pair) <= levels:
        return Label.URGENT if set(pair) <= {"high", "hoog"} else Label.NORMAL
    return None


def _products(doc: CsafDocument, source: str, problems: list[str]) -> dict[str, AdvisoryProduct]:
    out: dict[str, AdvisoryProduct] = {}
    tree = doc.product_tree
    if tree is None:
        return out

    def add(found: AdvisoryProduct, path: tuple[str | int, ...]) -> None:
        if found.product_id in out:
            problems.append(
                f"{source}: {json_path(path)}: product id {found.product_id!r} is defined twice"
            )
        elif len(out) >= MAX_PRODUCTS:
            if len(out) == MAX_PRODUCTS:
                problems.append(f"{source}: $.product_tree: more than {MAX_PRODUCTS} products")
        else:
            out[found.product_id] = found

    for path, context, fpn in _walk(tree.branches, ("product_tree", "branches"), {}):
        found = _identified(fpn, context, (*path, "product"), source, problems)
        add(found, (*path, "product", "product_id"))
    for i, fpn in enumerate(tree.full_product_names):
        path = ("product_tree", "full_product_names", i)
        add(_identified(fpn, {}, path, source, problems), (*path, "product_id"))
    for i, rel in enumerate(tree.relationships):
        path = ("product_tree", "relationships", i)
        base = out.get(rel.product_reference)
        if base is None:
            problems.append(
                f"{source}: {json_path((*path, 'product_reference'))}: "
                f"product id {rel.product_reference!r} is not defined"
            )
            continue
        fpn = rel.full_product_name
        # The component installed on a platform is what a node runs.
        add(
            AdvisoryProduct(
                fpn.product_id,
                fpn.name,
                base.vendor,
                base.product,
                base.version,
                base.versions,
                base.cpe,
                base.purl,
            ),
            (*path, "full_product_name", "product_id"),
        )
    return out


def _walk(
    branches: list[Branch], path: tuple[str | int, ...], context: dict[str, str]
) -> Iterator[tuple[tuple[str | int, ...], dict[str, str], FullProductName]]:
    for i, b in enumerate(branches):
        here = {**context, b.category: b.name, f"{b.category}@": json_path((*path, i, "name"))}
        if b.product is not None:
            yield (*path, i), here, b.product
        if b.branches:
            yield from _walk(b.branches, (*path, i, "branches"), here)


def _identified(
    fpn: FullProductName,
    context: dict[str, str],
    path: tuple[str | int, ...],
    source: str,
    problems: list[str],
) -> AdvisoryProduct:
    """The product with what its branches and identification helper say of it."""
    vendor = context.get("vendor", "")
    product = context.get("product_name", "")
    version = context.get("product_version", "")
    versions = None
    if "product_version_range" in context:
        try:
            versions = VersionRange.parse(context["product_version_range"])
        except RangeError as exc:
            problems.append(f"{source}: {context['product_version_range@']}: {exc}")
    # An identifier names vendor and product canonically, so it wins over the
    # branches' names; the branches' version or range wins over its version.
    helper = fpn.product_identification_helper
    cpe = purl = None
    if helper is not None and helper.cpe is not None:
        try:
            c = parse_cpe(helper.cpe)
        except NameError_ as exc:
            hpath = (*path, "product_identification_helper", "cpe")
            problems.append(f"{source}: {json_path(hpath)}: {exc}")
        else:
            cpe = helper.cpe
            vendor, product = c.vendor, c.product
            if c.version not in ("*", "-") and not versions:
                version = version or c.version
    elif helper is not None and helper.purl is not None:
        try:
            u = parse_purl(helper.purl)
        except NameError_ as exc:
            hpath = (*path, "product_identification_helper", "purl")
            problems.append(f"{source}: {json_path(hpath)}: {exc}")
        else:
            purl = helper.purl
            vendor, product = u.namespace.rsplit("/", 1)[-1], u.name
            if u.version and not versions:
                version = version or u.version
    return AdvisoryProduct(fpn.product_id, fpn.name, vendor, product, version, versions, cpe, purl)


_AFFECTED = ("known_affected", "first_affected", "last_affected")
_FIXED = ("fixed", "first_fixed")


def _vulnerability(
    doc: CsafDocument, i: int, known: set[str], source: str, problems: list[str]
) -> Vulnerability:
    v = doc.vulnerabilities[i]
    path: tuple[str | int, ...] = ("vulnerabilities", i)

    def check(ids: list[str], where: tuple[str | int, ...]) -> None:
        for j, pid in enumerate(ids):
            if pid not in known:
                problems.append(
                    f"{source}: {json_path((*where, j))}: product id {pid!r} is not defined"
                )

    statuses: dict[str, Status] = {}
    if v.product_status is not None:
        ps = v.product_status
        # One status per product: the first list naming it, in this order; a
        # release both fixed and recommended is fixed.
        for status, keys in (
            (Status.AFFECTED, _AFFECTED),
            (Status.UNDER_INVESTIGATION, ("under_investigation",)),
            (Status.FIXED, _FIXED),
            (Status.NOT_AFFECTED, ("known_not_affected",)),
            (Status.RECOMMENDED, ("recommended",)),
        ):
            for key in keys:
                ids = getattr(ps, key)
                check(ids, (*path, "product_status", key))
                for pid in ids:
                    statuses.setdefault(pid, status)
    scores = []
    for j, s in enumerate(v.scores):
        check(s.products, (*path, "scores", j, "products"))
        for key, kind in (("cvss_v4", CVSS4), ("cvss_v3", CVSS3)):
            entry = getattr(s, key)
            if entry is None:
                continue
            try:
                c = kind(entry.vectorString)
            except (CVSSError, ValueError, KeyError, IndexError) as exc:
                vpath = json_path((*path, "scores", j, key, "vectorString"))
                problems.append(f"{source}: {vpath}: not a valid CVSS vector ({exc})")
                continue
            base = c.base_score if kind is CVSS4 else c.scores()[0]
            severity = c.severity if kind is CVSS4 else c.severities()[0]
            scores.append(
                Score(
                    "4.0" if kind is CVSS4 else entry.vectorString.split("/")[0][5:],
                    entry.vectorString,
                    float(Decimal(str(base))),
                    str(severity),
                    tuple(s.products),
                )
            )
    return Vulnerability(v.cve, v.title or "", statuses, tuple(scores))
