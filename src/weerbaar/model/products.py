"""Names of software products: CPE 2.3 formatted strings and package URLs.

A node of the map may name the products it runs (``products:`` in the file),
so that a security advisory about one of them can be matched to the node
(:mod:`weerbaar.advisories`). Both naming schemes are parsed here, without
a dependency, strictly enough that a typing error is reported where it was
made rather than silently matching nothing later.

Examples
--------
>>> c = parse_cpe("cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*")
>>> c.vendor, c.product, c.version
('citrix', 'netscaler_adc', '13.1-49.15')
>>> p = parse_purl("pkg:pypi/django@5.1.4")
>>> p.type, p.namespace, p.name, p.version
('pypi', '', 'django', '5.1.4')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

#: The longest product name accepted (a CPE or purl is seldom past 200).
MAX_NAME = 1000

_CPE_PREFIX = "cpe:2.3:"
_CPE_FIELDS = (
    "part",
    "vendor",
    "product",
    "version",
    "update",
    "edition",
    "language",
    "sw_edition",
    "target_sw",
    "target_hw",
    "other",
)
# A component: ANY (*), NA (-), or characters with quoted punctuation and
# the wildcards * and ? only at either end (CPE 2.3 naming, section 6.2).
_CPE_VALUE = re.compile(r"^\*?\?*(?:[A-Za-z0-9_.\-]|\\[^A-Za-z0-9_])+\?*\*?$")
_PURL_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9.+\-]*$")


class NameError_(ValueError):
    """A product name that is not a valid CPE or purl; the message says why."""


@dataclass(frozen=True)
class Cpe:
    """The components of a CPE 2.3 name; ``*`` is ANY, ``-`` is not applicable."""

    part: str
    vendor: str
    product: str
    version: str
    update: str = "*"


@dataclass(frozen=True)
class Purl:
    """The parts of a package URL that identify a package and its version."""

    type: str
    namespace: str
    name: str
    version: str


def _split_cpe(body: str) -> list[str]:
    # Colons quoted with a backslash belong to the value.
    out, current, escaped = [], [], False
    for ch in body:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == ":":
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def unquote_cpe(value: str) -> str:
    """A CPE component without its quoting backslashes (``exchange\\_server`` has none)."""
    return re.sub(r"\\(.)", r"\1", value)


def parse_cpe(text: str) -> Cpe:
    """Parse a CPE 2.3 formatted string, or raise :class:`NameError_`.

    Examples
    --------
    >>> parse_cpe("cpe:2.3:a:microsoft:exchange_server:2019:cu14").update
    'cu14'
    >>> parse_cpe("cpe:/a:microsoft:exchange_server")
    Traceback (most recent call last):
    ...
    weerbaar.model.products.NameError_: not a CPE 2.3 formatted string: it starts with 'cpe:2.3:'
    """
    if len(text) > MAX_NAME:
        raise NameError_(f"a CPE name of more than {MAX_NAME} characters")
    if not text.startswith(_CPE_PREFIX):
        raise NameError_(f"not a CPE 2.3 formatted string: it starts with {_CPE_PREFIX!r}")
    values = _split_cpe(text[len(_CPE_PREFIX) :])
    if len(values) > len(_CPE_FIELDS):
        raise NameError_(
            f"a CPE 2.3 name has at most {len(_CPE_FIELDS)} components after 'cpe:2.3:', "
            f"this one has {len(values)}"
        )
    # Trailing components left out mean ANY, as many tools write them.
    values += ["*"] * (len(_CPE_FIELDS) - len(values))
    for name, value in zip(_CPE_FIELDS, values, strict=True):
        if value in ("*", "-"):
            continue
        if not _CPE_VALUE.match(value):
            raise NameError_(f"CPE component {name} {value!r} is not valid")
    if values[0] not in ("a", "o", "h", "*", "-"):
        raise NameError_(f"CPE part {values[0]!r} is not one of a, o, h")
    if values[1] in ("*", "-") or values[2] in ("*", "-"):
        raise NameError_("a CPE name for a product names its vendor and product")
    return Cpe(*(unquote_cpe(v) for v in values[:5]))


def parse_purl(text: str) -> Purl:
    """Parse a package URL (``pkg:type/namespace/name@version``), or raise :class:`NameError_`.

    Examples
    --------
    >>> parse_purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").namespace
    'org.apache.logging.log4j'
    >>> parse_purl("pkg:pypi")
    Traceback (most recent call last):
    ...
    weerbaar.model.products.NameError_: not a package URL: pkg:TYPE/NAME is the least it has
    """
    if len(text) > MAX_NAME:
        raise NameError_(f"a package URL of more than {MAX_NAME} characters")
    if not text.startswith("pkg:"):
        raise NameError_("not a package URL: it starts with 'pkg:'")
    rest = text[4:].lstrip("/")
    rest = rest.split("#", 1)[0].split("?", 1)[0]
    version = ""
    if "@" in rest.rsplit("/", 1)[-1]:
        rest, version = rest.rsplit("@", 1)
        version = unquote(version)
        if not version:
            raise NameError_("package URL: an empty version after '@'")
    parts = [p for p in rest.split("/") if p]
    if len(parts) < 2:
        raise NameError_("not a package URL: pkg:TYPE/NAME is the least it has")
    kind = parts[0]
    if not _PURL_TYPE.match(kind):
        raise NameError_(f"package URL type {kind!r} is not valid")
    return Purl(
        type=kind.lower(),
        namespace="/".join(unquote(p) for p in parts[1:-1]),
        name=unquote(parts[-1]),
        version=version,
    )
