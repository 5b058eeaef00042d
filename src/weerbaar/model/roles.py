"""Who owns a node or a party: the role that hears about it first.

The exercise generator addresses an inject to the owner of the node it is
about; incidents and briefings reuse the same roles. The values are Dutch
keys, as written in a map file (``owner: ciso``).
"""

from __future__ import annotations

from enum import StrEnum


class OwnerRole(StrEnum):
    BURGEMEESTER = "burgemeester"
    CISO = "ciso"
    OOV = "oov"
    CRISISCOORDINATOR = "crisiscoordinator"
    COMMUNICATIE = "communicatie"
    IT = "it"
    PROCESEIGENAAR = "proceseigenaar"
    KETENPARTNER = "ketenpartner"
