"""The records exchanged with MISP and STIX: plain, typed, checked on creation.

The web layer fills an :class:`Item` from each shared item it may disclose;
the importers return :class:`Item` records for the web layer to store. Both
directions meet here, so the formats never see a database row and the
database never sees a format.

Examples
--------
>>> Observable.checked(ObservableKind.IPV4, " 192.0.2.7 ")
Observable(kind=<ObservableKind.IPV4: 'ipv4-addr'>, value='192.0.2.7')
>>> Observable.checked(ObservableKind.DOMAIN, "phish ing.example")
Traceback (most recent call last):
...
ValueError: 'phish ing.example' is not a domain name
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from weerbaar.model.errors import MapError, Problem
from weerbaar.sharing.tlp import TLP

#: The namespace of every id Weerbaar derives (uuid5), so that exporting the
#: same item twice, from any instance, gives the same STIX id and MISP uuid.
NAMESPACE = uuid.UUID("6f0b7d1e-3c0a-5d2e-9a8b-2f5e4c1d7a90")


def derived(*parts: object) -> uuid.UUID:
    """A stable uuid5 for ``parts`` (joined with ``/``) in Weerbaar's namespace."""
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


class Kind(StrEnum):
    """What a shared item is; the values are those of the sharing app."""

    INCIDENT = "incident"
    INDICATOR = "indicator"
    LESSON = "lesson"
    ADVISORY_IMPACT = "advisory-impact"
    EXERCISE_REPORT = "exercise-report"
    DEPENDENCY_FACT = "dependency-fact"


class ObservableKind(StrEnum):
    """The observables an indicator may hold; values are STIX object types or hash names."""

    IPV4 = "ipv4-addr"
    IPV6 = "ipv6-addr"
    DOMAIN = "domain-name"
    URL = "url"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"

    @property
    def is_hash(self) -> bool:
        return self in HASH_LENGTHS


HASH_LENGTHS = {ObservableKind.MD5: 32, ObservableKind.SHA1: 40, ObservableKind.SHA256: 64}

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_HEX = re.compile(r"^[0-9a-f]+$")
MAX_URL = 2048


@dataclass(frozen=True)
class Observable:
    """One value an indicator looks for: an address, a domain, a URL or a file hash."""

    kind: ObservableKind
    value: str

    @classmethod
    def checked(cls, kind: ObservableKind, value: str) -> Observable:
        """The observable with ``value`` normalised, or ValueError saying what is wrong."""
        text = value.strip()
        if kind in (ObservableKind.IPV4, ObservableKind.IPV6):
            try:
                net = ipaddress.ip_network(text, strict=True)
            except ValueError:
                raise ValueError(f"{value!r} is not an IP address") from None
            if net.version != (4 if kind is ObservableKind.IPV4 else 6):
                raise ValueError(
                    f"{value!r} is not an IPv{4 if kind is ObservableKind.IPV4 else 6} address"
                )
            single = net.num_addresses == 1
            return cls(kind, str(net.network_address) if single else str(net))
        if kind is ObservableKind.DOMAIN:
            name = text.lower().rstrip(".")
            labels = name.split(".")
            if (
                len(name) > 253
                or len(labels) < 2
                or not all(_LABEL.match(label) for label in labels)
            ):
                raise ValueError(f"{value!r} is not a domain name")
            return cls(kind, name)
        if kind is ObservableKind.URL:
            parts = urlsplit(text)
            if (
                len(text) > MAX_URL
                or parts.scheme not in ("http", "https", "ftp")
                or not parts.hostname
                or any(c.isspace() for c in text)
            ):
                raise ValueError(f"{value!r} is not an http(s) or ftp URL")
            return cls(kind, text)
        digest = text.lower()
        if len(digest) != HASH_LENGTHS[kind] or not _HEX.match(digest):
            raise ValueError(
                f"{value!r} is not a {kind.value.upper()} hash "
                f"({HASH_LENGTHS[kind]} hexadecimal digits)"
            )
        return cls(kind, digest)

    @classmethod
    def guess(cls, value: str) -> Observable:
        """The observable ``value`` is, by its form: an IP address, a URL, a hash, a domain.

        Raises ValueError when it is none of them. A 32, 40 or 64 digit hex
        string is a hash, never a domain (it has no dot).

        >>> [Observable.guess(v).kind.value for v in ("https://x.example/a", "2001:db8::1")]
        ['url', 'ipv6-addr']
        """
        text = value.strip()
        if "://" in text:
            return cls.checked(ObservableKind.URL, text)
        version: int = 0
        with contextlib.suppress(ValueError):  # not an address: the other forms follow
            version = ipaddress.ip_network(text, strict=True).version
        if version:
            return cls.checked(ObservableKind.IPV4 if version == 4 else ObservableKind.IPV6, text)
        for kind, length in HASH_LENGTHS.items():
            if len(text) == length and _HEX.match(text.lower()):
                return cls.checked(kind, text)
        try:
            return cls.checked(ObservableKind.DOMAIN, text)
        except ValueError:
            raise ValueError(
                f"{value!r} is no IP address, URL, domain name or MD5, SHA-1 or SHA-256 hash"
            ) from None


@dataclass(frozen=True)
class Party:
    """An organisation as the formats name it: a stable uuid and a name."""

    uuid: UUID
    name: str


@dataclass(frozen=True)
class Dependency:
    """ "We depend on ``supplier`` (a ``kind`` of supplier) for ``processes``"."""

    supplier: str
    kind: str
    processes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One shared item as it travels: what it is, who owns it, its label and content.

    ``uuid`` is the item's stable identity (the sharing app's ``stix_id``);
    ``refs`` are the items this one is about (a lesson about an incident, an
    exercise report about its lessons); ``cves`` the advisories an advisory
    impact concerns; ``tags`` free labels (MISP tags, STIX labels) other than
    the TLP label. ``community`` names the community a GREEN item is shared in.
    """

    uuid: UUID
    kind: Kind
    title: str
    tlp: TLP
    owner: Party
    created: datetime
    modified: datetime
    body: str = ""
    community: str | None = None
    observables: tuple[Observable, ...] = ()
    dependency: Dependency | None = None
    refs: tuple[UUID, ...] = ()
    cves: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind is Kind.INDICATOR and not self.observables:
            raise ValueError(f"indicator {self.title!r} has no observable")
        if self.kind is Kind.DEPENDENCY_FACT and self.dependency is None:
            raise ValueError(f"dependency fact {self.title!r} names no supplier")
        if self.created.tzinfo is None or self.modified.tzinfo is None:
            raise ValueError(f"item {self.title!r}: times must be timezone-aware")


class ImportRefused(MapError):
    """A file or feed that is not imported, with every reason located.

    Nothing of it is imported: the importers return records only when the
    whole input is usable, and the web layer stores them in one transaction.
    """


def refuse(source: str, messages: list[str]) -> ImportRefused:
    """An :class:`ImportRefused` for ``messages`` (each ``place: what is wrong``)."""
    return ImportRefused([Problem(source, 0, m) for m in messages])
