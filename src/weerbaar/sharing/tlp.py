"""The Traffic Light Protocol 2.0 (FIRST, 2022): five labels, most restrictive last.

The labels' meaning (who may see an item) is enforced in one place,
:func:`weerbaar.sharing.disclosure.may_see`; this module only names them and
orders them, so that "lowering a label" has one definition.
"""

from __future__ import annotations

from enum import StrEnum


class TLP(StrEnum):
    """A TLP 2.0 label; the value is the label as written in tags (``tlp:amber+strict``)."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"

    @property
    def rank(self) -> int:
        """0 for CLEAR up to 4 for RED: a higher rank discloses to fewer people."""
        return _ORDER.index(self)

    @property
    def label(self) -> str:
        """The label as the standard prints it: ``TLP:AMBER+STRICT``."""
        return f"TLP:{self.value.upper()}"

    @property
    def tag(self) -> str:
        """The machine tag used by MISP and others: ``tlp:amber+strict``."""
        return f"tlp:{self.value}"

    @classmethod
    def parse(cls, text: str) -> TLP:
        """A label from ``amber``, ``TLP:AMBER``, ``tlp:amber+strict`` or ``AMBER_STRICT``.

        Raises
        ------
        ValueError
            When ``text`` names no TLP 2.0 label (TLP 1.0's WHITE included:
            it is CLEAR now, and guessing would hide a mistake).
        """
        cleaned = text.strip().lower().removeprefix("tlp:").replace("_", "+")
        try:
            return cls(cleaned)
        except ValueError:
            known = ", ".join(t.label for t in _ORDER)
            raise ValueError(f"unknown TLP label {text!r}; known: {known}") from None


_ORDER = (TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED)


def is_lowering(old: TLP, new: TLP) -> bool:
    """Does changing ``old`` to ``new`` disclose to more people (only the owner may)?"""
    return new.rank < old.rank


def is_raising(old: TLP, new: TLP) -> bool:
    """Does changing ``old`` to ``new`` disclose to fewer people?

    Raising is allowed to the owner as well, but does not undo a disclosure
    that already happened: the audit trail keeps it.
    """
    return new.rank > old.rank
