"""The criteria of a methodology profile as a Markdown table.

Kept apart from :mod:`weerbaar.scoring.profile`, which loads and checks
profiles: this only presents one, for the documentation (``docs/scoring.md``).
"""

from __future__ import annotations

from weerbaar.scoring.profile import Profile


def criteria_table(profile: Profile) -> str:
    """The profile's criteria as a Markdown table (used in docs/scoring.md).

    Examples
    --------
    >>> from weerbaar.scoring.profile import load_profile
    >>> print(criteria_table(load_profile()).splitlines()[2])
    | `territorial` | 1.1 | Aantasting van de integriteit van het grondgebied | km² | 0.2 | 0.1 | 0.5 | 2 | 10 | 50 |
    """  # noqa: E501
    rows = [
        "| id | nr | criterion | unit | weight | A | B | C | D | E |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in profile.criteria:
        bounds = (
            ["class only", *([""] * 4)]
            if c.thresholds is None
            else [f"{b:,.10g}" for b in c.thresholds]
        )
        rows.append(
            f"| `{c.id}` | {c.number} | {c.name} | {c.unit} | {c.weight:.3g} | "
            + " | ".join(bounds)
            + " |"
        )
    return "\n".join(rows) + "\n"
