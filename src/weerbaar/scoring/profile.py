"""The methodology profile: criteria, impact classes, points and likelihood.

A profile says how the impact of a scenario is scored: the security
interests of the Nationale Risicobeoordeling, their criteria with thresholds
for the impact classes A-E, the points of each class and the likelihood
classes. One profile ships with Weerbaar (``profiles/nrb-gemeente.yaml``);
a user or a veiligheidsregio loads its own file with :func:`load_profile`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from weerbaar.i18n import _
from weerbaar.model.errors import MapError, Problem
from weerbaar.model.schema import ID_PATTERN
from weerbaar.model.yamlsource import Path_, load_yaml, read_text

DEFAULT_PROFILE = "nrb-gemeente.yaml"


class ImpactClass(StrEnum):
    """The five classes of impact and of likelihood, from light to severe."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


CLASSES: tuple[ImpactClass, ...] = tuple(ImpactClass)


class SecurityInterest(StrEnum):
    """The five security interests (vitale belangen) of the regional method."""

    TERRITORIAL = "territorial_security"
    PHYSICAL = "physical_security"
    ECONOMIC = "economic_security"
    ECOLOGICAL = "ecological_security"
    SOCIAL_POLITICAL = "social_political_stability"


def in_language(name: str, name_en: str, language: str | None) -> str:
    """``name_en`` for an English ``language`` (``en``, ``en-gb``) when there is one, else ``name``.

    The profile's names are Dutch; an English name is optional.

    >>> in_language("Doden", "Fatalities", "en"), in_language("Doden", "", "en-gb")
    ('Fatalities', 'Doden')
    >>> in_language("Doden", "Fatalities", "nl"), in_language("Doden", "Fatalities", None)
    ('Doden', 'Doden')
    """
    english = language is not None and language.lower().split("-")[0] == "en"
    return name_en if english and name_en else name


def class_rank(cls: str | None) -> int:
    """0 for no impact, 1 for A up to 5 for E: classes compare by rank."""
    return 0 if cls is None else CLASSES.index(ImpactClass(cls)) + 1


@dataclass(frozen=True)
class Criterion:
    """One impact criterion; ``thresholds`` are the lower bounds of A-E.

    A class-only criterion (``thresholds`` is None) has no quantity: the map
    gives its class directly.
    """

    id: str
    name: str
    interest: SecurityInterest
    weight: float
    unit: str = ""
    number: str = ""
    thresholds: tuple[float, ...] | None = None
    description: str = ""
    name_en: str = ""

    @property
    def class_only(self) -> bool:
        return self.thresholds is None

    def label(self, language: str | None = None) -> str:
        """The name in ``language``: see :func:`in_language`.

        >>> load_profile().criterion("deaths").label("en")
        'Fatalities'
        """
        return in_language(self.name, self.name_en, language)

    def classify(self, quantity: float) -> ImpactClass | None:
        """The class of ``quantity``, or None below A's bound or when class-only.

        Examples
        --------
        >>> c = Criterion("deaths", "Doden", SecurityInterest.PHYSICAL, 0.1,
        ...               thresholds=(1, 3, 10, 25, 50))
        >>> print(*(c.classify(q) for q in (0.5, 1, 3, 9.9, 80)))
        None A B B E
        """
        if self.thresholds is None:
            return None
        for cls, bound in zip(reversed(CLASSES), reversed(self.thresholds), strict=True):
            if quantity >= bound:
                return cls
        return None


@dataclass(frozen=True)
class Interest:
    """A security interest and its criteria."""

    id: SecurityInterest
    name: str
    weight: float
    criteria: tuple[Criterion, ...]
    name_en: str = ""

    def label(self, language: str | None = None) -> str:
        """The name in ``language``: see :func:`in_language`."""
        return in_language(self.name, self.name_en, language)


@dataclass(frozen=True)
class LikelihoodClass:
    """A likelihood class: probability range in five years, representative yearly."""

    letter: ImpactClass
    name: str
    five_year: tuple[float, float]
    yearly: float
    name_en: str = ""

    def label(self, language: str | None = None) -> str:
        """The name in ``language``: see :func:`in_language`.

        >>> load_profile().likelihood("A").label("en")
        'Highly unlikely'
        """
        return in_language(self.name, self.name_en, language)


@dataclass(frozen=True)
class Profile:
    """A whole methodology profile; ``points`` holds the points of A-E."""

    id: str
    name: str
    provenance: str
    points: tuple[float, ...]
    interests: tuple[Interest, ...]
    likelihoods: tuple[LikelihoodClass, ...]
    description: str = ""
    source: str = "<profile>"

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for interest in self.interests for c in interest.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def likelihood(self, letter: str) -> LikelihoodClass:
        for lc in self.likelihoods:
            if lc.letter == letter:
                return lc
        raise KeyError(letter)

    def points_of(self, cls: str | None) -> float:
        """Points of a class; no impact (None) scores 0."""
        return 0.0 if cls is None else self.points[class_rank(cls) - 1]


# -- the file ----------------------------------------------------------------


def _fraction(value: object) -> object:
    # Probabilities may be written as in the method itself ("0.05%").
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            return value
    return value


Fraction = Annotated[float, BeforeValidator(_fraction), Field(ge=0, le=1)]
Positive = Annotated[float, Field(gt=0)]
#: An optional English name: when given, not empty.
EnglishName = Annotated[str, Field(min_length=1)] | None


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt `tresholds:` must not pass silently.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CriterionEntry(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    number: str = ""
    name: str
    name_en: EnglishName = None
    unit: str = ""
    description: str = ""
    weight: Positive | None = None
    class_only: bool = False
    thresholds: dict[ImpactClass, Positive] | None = None


class InterestEntry(_Strict):
    id: SecurityInterest
    name: str
    name_en: EnglishName = None
    weight: Positive
    criteria: Annotated[list[CriterionEntry], Field(min_length=1)]


class LikelihoodEntry(_Strict):
    class_: ImpactClass = Field(alias="class")
    name: str
    name_en: EnglishName = None
    five_year: tuple[Fraction, Fraction]
    yearly: Annotated[float, BeforeValidator(_fraction), Field(gt=0, le=1)]


class ProfileFile(_Strict):
    weerbaar_profile: Literal[1]
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str
    provenance: Annotated[str, Field(min_length=1)]
    description: str = ""
    points: dict[ImpactClass, Positive]
    interests: Annotated[list[InterestEntry], Field(min_length=1)]
    likelihood: list[LikelihoodEntry]


@cache
def default_profile() -> Profile:
    """The profile shipped with Weerbaar (read once)."""
    text = resources.files("weerbaar.scoring").joinpath("profiles", DEFAULT_PROFILE)
    return parse_profile(text.read_text(encoding="utf-8"), f"<weerbaar>/{DEFAULT_PROFILE}")


def load_profile(path: Path | str | None = None) -> Profile:
    """Read and validate a profile file; None is the shipped default.

    Raises
    ------
    MapError
        With one located :class:`Problem` per thing wrong.

    Examples
    --------
    >>> print(load_profile().criterion("costs").classify(400_000))
    B
    """
    if path is None:
        return default_profile()
    return parse_profile(read_text(path), str(path))


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """Validate profile text; see :func:`load_profile`."""
    data, lines = load_yaml(text, source)

    def at(path: tuple[str | int, ...]) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in lines:
                return lines[path[:end]]
        return 0

    if not isinstance(data, dict):
        raise MapError([Problem(source, at(()), _("a profile must be a mapping"))])
    try:
        entry = ProfileFile.model_validate(data)
    except ValidationError as exc:
        raise MapError(
            [Problem(source, at(tuple(e["loc"])), _message(e)) for e in exc.errors()]
        ) from None
    problems = [Problem(source, at(p), msg) for p, msg in _check(entry)]
    if problems:
        raise MapError(problems)
    return _to_profile(entry, source)


def _message(err: Mapping[str, Any]) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "missing":
        return _("{where}: required key is missing").format(where=loc)
    if err["type"] == "extra_forbidden":
        return _("{where}: unknown key").format(where=loc)
    if err["type"] == "enum" and err["loc"][-1] == "id":
        known = ", ".join(SecurityInterest)
        return _("{where}: unknown security interest {value!r} (known: {known})").format(
            where=loc, value=err["input"], known=known
        )
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{loc}: {msg}"


def _check_classes(
    values: Mapping[ImpactClass, float], path: Path_, what: str
) -> list[tuple[Path_, str]]:
    """All five classes present and strictly increasing from A to E."""
    missing = [c for c in CLASSES if c not in values]
    if missing:
        return [
            (
                path,
                _("{what}: class {classes} is missing (A-E are all needed)").format(
                    what=what, classes=", ".join(missing)
                ),
            )
        ]
    out: list[tuple[Path_, str]] = []
    for low, high in pairwise(CLASSES):
        if values[high] <= values[low]:
            out.append(
                (
                    (*path, high.value),
                    _(
                        "{what} must increase from A to E: {high} ({high_value:g}) "
                        "is not above {low} ({low_value:g})"
                    ).format(
                        what=what,
                        high=high,
                        high_value=values[high],
                        low=low,
                        low_value=values[low],
                    ),
                )
            )
    return out


def _check(p: ProfileFile) -> list[tuple[Path_, str]]:
    out = _check_classes(p.points, ("points",), _("points"))
    seen_interests: set[str] = set()
    seen_criteria: set[str] = set()
    for i, interest in enumerate(p.interests):
        if interest.id in seen_interests:
            out.append(
                (
                    ("interests", i, "id"),
                    _("interest {id!r} is listed twice").format(id=interest.id),
                )
            )
        seen_interests.add(interest.id)
        for j, c in enumerate(interest.criteria):
            path: Path_ = ("interests", i, "criteria", j)
            if c.id in seen_criteria:
                out.append(((*path, "id"), _("criterion {id!r} is listed twice").format(id=c.id)))
            seen_criteria.add(c.id)
            if c.class_only and c.thresholds is not None:
                out.append(
                    (
                        (*path, "thresholds"),
                        _("{id}: a class-only criterion has no thresholds").format(id=c.id),
                    )
                )
            elif not c.class_only and c.thresholds is None:
                out.append(
                    (
                        path,
                        _("{id}: give thresholds for A-E, or `class_only: true`").format(id=c.id),
                    )
                )
            elif c.thresholds is not None:
                out += _check_classes(
                    c.thresholds, (*path, "thresholds"), _("{id} thresholds").format(id=c.id)
                )
    return out + _check_likelihood(p.likelihood)


def _check_likelihood(entries: list[LikelihoodEntry]) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    yearly: dict[ImpactClass, float] = {}
    for i, lc in enumerate(entries):
        path: Path_ = ("likelihood", i)
        if lc.class_ in yearly:
            out.append(
                (
                    (*path, "class"),
                    _("likelihood class {letter} is listed twice").format(letter=lc.class_),
                )
            )
        yearly[lc.class_] = lc.yearly
        low, high = lc.five_year
        if low >= high:
            out.append(
                (
                    (*path, "five_year"),
                    _("likelihood {letter}: the five-year range must go from low to high").format(
                        letter=lc.class_
                    ),
                )
            )
        # The yearly probability must mean the same as the class it stands for;
        # the margin absorbs rounding of a value chosen exactly on a bound.
        five = 1 - (1 - lc.yearly) ** 5
        if not low - 1e-12 <= five <= high + 1e-12:
            out.append(
                (
                    (*path, "yearly"),
                    _(
                        "likelihood {letter}: yearly {yearly:g} is {five:.4%} in five years, "
                        "outside {low:.4%}-{high:.4%}"
                    ).format(letter=lc.class_, yearly=lc.yearly, five=five, low=low, high=high),
                )
            )
    return out + _check_classes(yearly, ("likelihood",), _("yearly likelihood"))


def _criterion(c: CriterionEntry, interest: InterestEntry) -> Criterion:
    bounds = c.thresholds
    return Criterion(
        id=c.id,
        name=c.name,
        interest=interest.id,
        weight=c.weight if c.weight is not None else interest.weight / len(interest.criteria),
        unit=c.unit or ("class" if c.class_only else ""),
        number=c.number,
        thresholds=None if bounds is None else tuple(bounds[cls] for cls in CLASSES),
        description=c.description,
        name_en=c.name_en or "",
    )


def _to_profile(p: ProfileFile, source: str) -> Profile:
    interests = tuple(
        Interest(
            i.id, i.name, i.weight, tuple(_criterion(c, i) for c in i.criteria), i.name_en or ""
        )
        for i in p.interests
    )
    likelihoods = tuple(
        LikelihoodClass(lc.class_, lc.name, lc.five_year, lc.yearly, lc.name_en or "")
        for lc in sorted(p.likelihood, key=lambda lc: class_rank(lc.class_))
    )
    return Profile(
        id=p.id,
        name=p.name,
        provenance=p.provenance,
        points=tuple(p.points[cls] for cls in CLASSES),
        interests=interests,
        likelihoods=likelihoods,
        description=p.description,
        source=source,
    )
