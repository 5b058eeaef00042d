"""What of a request others in the network see: only what the requester chose.

The capacity type is always shown: without it nobody can offer. The
requester chooses from :class:`SharedField` what else the others see; the
rest is withheld (shown as withheld, never as empty, so that nobody reads a
missing window as "no time limit").

Examples
--------
>>> values = {SharedField.ORGANISATION: "Gemeente A", SharedField.DESCRIPTION: "Ransomware"}
>>> shown(values, {SharedField.ORGANISATION})
{<SharedField.ORGANISATION: 'organisation'>: 'Gemeente A'}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class SharedField(StrEnum):
    """The parts of a request a requester may share with the network."""

    ORGANISATION = "organisation"
    AMOUNT = "amount"
    WINDOW = "window"
    DESCRIPTION = "description"
    CONTACT = "contact"


def shown(values: Mapping[SharedField, T], shared: Iterable[SharedField]) -> dict[SharedField, T]:
    """The values of ``values`` the requester shared, nothing else."""
    chosen = set(shared)
    return {k: v for k, v in values.items() if k in chosen}
