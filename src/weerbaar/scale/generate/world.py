"""The random facts behind a generated map: sizes, regions, markets, choices.

Everything random about a generated map is drawn here, once, from
``np.random.default_rng(seed)`` in a fixed order, so that the map path and the
array path of the generator see the same world.

Market shares follow Zipf's law: in a category with ``k`` suppliers the
``i``-th largest has weight ``i ** -s``, with the exponent ``s`` drawn between
1.1 and 1.7 per category. That makes supplier 1 of each category the market
leader (about 45 % to 70 % of the municipalities), as in the Dutch municipal
software market where a few suites serve most municipalities.

Municipality sizes are lognormal with a median of 28,000 residents and a long
tail (a few cities of several hundred thousand), like the 342 Dutch
municipalities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Suppliers per category; the software categories are those of
#: :data:`weerbaar.scale.generate.templates.SOFTWARE`.
SUPPLIERS: dict[str, int] = {
    "cloud": 3,
    "hosting": 6,
    "isp": 5,
    "suite-sd": 5,
    "burgerzaken": 4,
    "belastingen": 5,
    "zaaksysteem": 6,
    "vth": 4,
    "salaris": 3,
    "verkeer": 3,
}
SOFTWARE_CATEGORIES = ("suite-sd", "burgerzaken", "belastingen", "zaaksysteem", "vth", "salaris")
# Software categories whose suppliers run on hosting or cloud (every one but
# the plain infrastructure categories).
HOSTED = (*SOFTWARE_CATEGORIES, "verkeer")

#: The Netherlands has 25 veiligheidsregio's for 342 municipalities; larger
#: generated maps keep that ratio.
REGIONS_NL, MUNICIPALITIES_NL = 25, 342
MEDIAN_RESIDENTS = 28_000
NETBEHEERDERS, DRINKWATERBEDRIJVEN = 3, 10


@dataclass(frozen=True)
class World:
    """All random choices of one generated map.

    Per municipality: ``population``, ``region_of``, ``choice[category]``
    (the supplier it buys from; ``isp_b`` and ``dc_b`` are its second internet
    provider and second data centre, -1 where it has none) and ``flags``.
    Per region: its ``netbeheer`` and ``drinkwater`` company and the cloud its
    regional partners use. Per hosted supplier: the hosting data centre or
    cloud it runs on (-1 for the other).
    """

    seed: int
    municipalities: int
    regions: int
    population: IntArray
    region_of: IntArray
    netbeheer_of: IntArray
    drinkwater_of: IntArray
    cloud_of_region: IntArray
    dc_region: IntArray
    platform_dc: dict[str, IntArray]
    platform_cloud: dict[str, IntArray]
    choice: dict[str, IntArray]
    flags: dict[str, BoolArray]
    restart_factor: FloatArray
    maturity: dict[str, IntArray]

    @property
    def region_population(self) -> IntArray:
        counts = np.bincount(self.region_of, weights=self.population, minlength=self.regions)
        return counts.astype(np.int64)

    def leader(self, category: str) -> int:
        """The supplier of ``category`` chosen by most municipalities (lowest index on ties)."""
        used = np.bincount(self.choice[category], minlength=SUPPLIERS[category])
        return int(np.argmax(used))

    @property
    def largest_region(self) -> int:
        return int(np.argmax(np.bincount(self.region_of, minlength=self.regions)))


def region_count(municipalities: int) -> int:
    """25 regions for the Dutch 342 municipalities; never more regions than municipalities."""
    if municipalities <= MUNICIPALITIES_NL:
        return min(REGIONS_NL, municipalities)
    return math.ceil(municipalities * REGIONS_NL / MUNICIPALITIES_NL)


def _shares(rng: np.random.Generator, count: int) -> FloatArray:
    weights = np.arange(1, count + 1, dtype=np.float64) ** -rng.uniform(1.1, 1.7)
    out: FloatArray = weights / weights.sum()
    return out


def _other(rng: np.random.Generator, first: IntArray, shares: FloatArray) -> IntArray:
    """A second supplier for each row, from the same market but never ``first``."""
    second = rng.choice(len(shares), size=len(first), p=shares)
    clash = second == first
    while clash.any():
        second[clash] = rng.choice(len(shares), size=int(clash.sum()), p=shares)
        clash = second == first
    return second.astype(np.int64)


def _cover(rng: np.random.Generator, companies: int, regions: int) -> IntArray:
    """Assign regions to companies so that every company serves at least one."""
    companies = min(companies, regions)
    rest = rng.integers(companies, size=regions - companies)
    out: IntArray = rng.permutation(np.concatenate([np.arange(companies), rest])).astype(np.int64)
    return out


def draw_world(municipalities: int, seed: int, templates: int) -> World:
    """Draw every random fact of a map of ``municipalities`` municipalities.

    ``templates`` is the number of municipal node templates (one restart
    factor is drawn per template and municipality).

    Examples
    --------
    >>> w = draw_world(30, seed=1, templates=4)
    >>> w.regions, len(w.population), int(w.region_of.max()) + 1
    (25, 30, 25)
    """
    if municipalities < 1:
        raise ValueError("a generated map needs at least one municipality")
    rng = np.random.default_rng(seed)
    n = municipalities
    r = region_count(n)
    # Every region gets at least one municipality; the rest are spread with
    # uneven weights, as real regions hold between about 6 and 30.
    extra = rng.multinomial(n - r, rng.dirichlet(np.full(r, 3.0)))
    region_of = np.repeat(np.arange(r, dtype=np.int64), 1 + extra)
    residents = rng.lognormal(math.log(MEDIAN_RESIDENTS), 0.85, size=n)
    population = (np.clip(residents, 1_000, 900_000) // 10 * 10).astype(np.int64)

    shares = {category: _shares(rng, count) for category, count in SUPPLIERS.items()}
    choice = {
        category: rng.choice(SUPPLIERS[category], size=n, p=shares[category]).astype(np.int64)
        for category in SUPPLIERS
    }
    big = population > 50_000
    dual_isp = rng.random(n) < np.where(big, 0.8, 0.35)
    choice["isp_b"] = np.where(dual_isp, _other(rng, choice["isp"], shares["isp"]), -1)
    choice["dc_b"] = _other(rng, choice["hosting"], shares["hosting"])
    flags = {
        "dual_isp": dual_isp,
        "three_racks": rng.random(n) < 0.4,
        "noodstroom": rng.random(n) < np.where(population > 40_000, 0.8, 0.4),
    }

    on_cloud = {c: rng.random(SUPPLIERS[c]) < 0.5 for c in HOSTED}
    platform_cloud = {
        c: np.where(on_cloud[c], rng.choice(SUPPLIERS["cloud"], size=SUPPLIERS[c]), -1)
        for c in HOSTED
    }
    platform_dc = {
        c: np.where(on_cloud[c], -1, rng.choice(SUPPLIERS["hosting"], size=SUPPLIERS[c]))
        for c in HOSTED
    }
    maturity = {c: rng.choice([2, 3, 3, 4, 5], size=k) for c, k in SUPPLIERS.items()}
    return World(
        seed=seed,
        municipalities=n,
        regions=r,
        population=population,
        region_of=region_of,
        netbeheer_of=_cover(rng, NETBEHEERDERS, r),
        drinkwater_of=_cover(rng, DRINKWATERBEDRIJVEN, r),
        cloud_of_region=rng.choice(SUPPLIERS["cloud"], size=r, p=shares["cloud"]),
        dc_region=rng.integers(r, size=SUPPLIERS["hosting"]),
        platform_dc={c: a.astype(np.int64) for c, a in platform_dc.items()},
        platform_cloud={c: a.astype(np.int64) for c, a in platform_cloud.items()},
        choice=choice,
        flags=flags,
        # Restarts vary per municipality: the same system takes half as long
        # in a well-drilled organisation and twice as long in another.
        restart_factor=rng.choice([0.5, 1.0, 1.0, 2.0], size=(templates, n)),
        maturity={c: a.astype(np.int64) for c, a in maturity.items()},
    )
