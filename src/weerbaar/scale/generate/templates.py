"""What the generator builds: node templates for each layer of a generated map.

A generated map has four layers of nodes. The **national** layer holds the
transmission grid, the telecom cores, the internet exchanges and the national
services (DigiD, BRP, Suwinet). Each **supplier** category (cloud, hosting,
internet providers, the software suites) has a few suppliers, each with its
own platform. Each **veiligheidsregio** has its regional grid, exchanges,
mobile networks, drinking water, water board, meldkamer, hospital and care
providers. Each **municipality** has its own systems, teams and vital
processes. The templates below describe one instance of each layer; the
layout (:mod:`weerbaar.scale.generate.layout`) stamps them out.

A requirement is written as a short string::

    "suite-sociaal-domein ~5d"                 # plain, tolerance 5 days
    "internet-a | internet-b"                  # redundancy group, need 1
    "dc-rack-a | dc-rack-b | dc-rack-c need=n-1"   # all but one must be up
    "reg.stroomnet if=noodstroom:2d"           # tolerance 2d where the flag is set

A member is a key of the same layer, or ``layer.key`` for a node of another
layer; ``layer.key@slot`` picks which instance through a named slot (the
second internet provider is ``isp.netwerk@isp_b``). A member whose node does
not exist for an instance (an optional node, an absent slot) is left out of
the group; a requirement left with no members is dropped.

Examples
--------
>>> parse_requirement("a | b ~2h need=n-1")
Req(members=('a', 'b'), need=0, tolerance=2.0, flagged=None)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from weerbaar.model.durations import parse_duration
from weerbaar.model.riskmap import NodeKind

#: ``need`` of a group in which all members but one must be up (N+1 redundancy).
ALL_BUT_ONE = 0


@dataclass(frozen=True)
class Req:
    """A requirement template: member references, need, tolerance in hours."""

    members: tuple[str, ...]
    need: int = 1
    tolerance: float = 0.0
    #: ``(flag, hours)``: the tolerance where the instance has that flag set.
    flagged: tuple[str, float] | None = None


@dataclass(frozen=True)
class Bia:
    """Business impact analysis of a vital process, scaled by the people served.

    ``share`` is the fraction of the residents the process serves; ``cost`` is
    euro per resident per day of outage; each step maps a criterion to a
    fraction of the people served, or to a class letter.
    """

    mtpd: float
    rto: float
    rpo: float
    bbn: int
    share: float
    cost: float
    steps: tuple[tuple[float, Mapping[str, float | str]], ...]


@dataclass(frozen=True)
class NodeT:
    """One node of a layer instance. ``party`` names a party layer (``layer@slot``)."""

    key: str
    kind: NodeKind
    name: str
    party: str
    requires: tuple[Req, ...] = ()
    restart: float = 0.0
    when: str | None = None
    bia: Bia | None = None

    @property
    def vital(self) -> bool:
        return self.bia is not None


def parse_requirement(text: str) -> Req:
    """Read the short requirement notation described in the module docstring."""
    members: list[str] = []
    need, tolerance, flagged = 1, 0.0, None
    for token in text.split():
        if token == "|":
            continue
        if token.startswith("~"):
            tolerance = parse_duration(token[1:])
        elif token.startswith("need="):
            value = token.removeprefix("need=")
            need = ALL_BUT_ONE if value == "n-1" else int(value)
        elif token.startswith("if="):
            flag, hours = token.removeprefix("if=").split(":")
            flagged = (flag, parse_duration(hours))
        else:
            members.append(token)
    return Req(tuple(members), need, tolerance, flagged)


def node(
    key: str,
    kind: NodeKind,
    name: str,
    party: str,
    *requires: str,
    restart: str = "0h",
    when: str | None = None,
    bia: Bia | None = None,
) -> NodeT:
    return NodeT(
        key,
        kind,
        name,
        party,
        tuple(parse_requirement(r) for r in requires),
        parse_duration(restart),
        when,
        bia,
    )


def bia(
    mtpd: str,
    rto: str,
    rpo: str,
    bbn: int,
    share: float,
    cost: float,
    *steps: tuple[str, Mapping[str, float | str]],
) -> Bia:
    return Bia(
        parse_duration(mtpd),
        parse_duration(rto),
        parse_duration(rpo),
        bbn,
        share,
        cost,
        tuple((parse_duration(after), values) for after, values in steps),
    )


# One letter per node kind keeps the template tables below readable.
P, S, V, I, M = (  # noqa: E741
    NodeKind.PROCESS,
    NodeKind.SYSTEM,
    NodeKind.SERVICE,
    NodeKind.INFRASTRUCTURE,
    NodeKind.PEOPLE,
)

IX = "nat.ix-1 | nat.ix-2 | nat.ix-3"

# fmt: off

NATIONAL: tuple[NodeT, ...] = (
    # Power and telecom need each other: the grid's control room runs on
    # telecom, telecom runs on power; generators and batteries buy time.
    node("hoogspanningsnet", I, "Landelijk hoogspanningsnet", "landelijk-netbeheer",
         "landelijk-regelcentrum ~12h", restart="6h"),
    node("landelijk-regelcentrum", I, "Landelijk regelcentrum hoogspanning",
         "landelijk-netbeheer", "hoogspanningsnet ~3d", "telecom-kern | kabel-kern ~1h",
         restart="2h"),
    node("telecom-kern", I, "Landelijk telecomnetwerk (kern)", "nationaal-telecom",
         "hoogspanningsnet ~2d", restart="1h"),
    node("kabel-kern", I, "Landelijke backbone kabelnetwerk", "kabel-telecom",
         "hoogspanningsnet ~1d", restart="1h"),
    node("ix-1", I, "Internetknooppunt 1", "internetknooppunt",
         "hoogspanningsnet ~1d", "telecom-kern | kabel-kern", restart="1h"),
    node("ix-2", I, "Internetknooppunt 2", "internetknooppunt",
         "hoogspanningsnet ~1d", "telecom-kern | kabel-kern", restart="1h"),
    node("ix-3", I, "Internetknooppunt 3", "internetknooppunt",
         "hoogspanningsnet ~1d", "telecom-kern | kabel-kern", restart="1h"),
    node("rijksdatacentrum-1", I, "Rijksdatacentrum 1", "rijksdatacentra",
         "hoogspanningsnet ~2d", "ix-1 | ix-2 | ix-3", restart="2h"),
    node("rijksdatacentrum-2", I, "Rijksdatacentrum 2", "rijksdatacentra",
         "hoogspanningsnet ~2d", "ix-1 | ix-2 | ix-3", restart="2h"),
    node("digid", V, "DigiD", "logius",
         "rijksdatacentrum-1 | rijksdatacentrum-2", "ix-1 | ix-2 | ix-3 need=2", restart="1h"),
    node("landelijke-brp-voorziening", V, "Landelijke BRP-voorziening", "rvig",
         "rijksdatacentrum-1 | rijksdatacentrum-2", restart="2h"),
    node("reisdocumentenvoorziening", V, "Centrale voorziening reisdocumenten", "rvig",
         "rijksdatacentrum-1 | rijksdatacentrum-2", restart="2h"),
    node("suwinet", V, "Suwinet", "rijksoverheid",
         "rijksdatacentrum-1 | rijksdatacentrum-2", restart="4h"),
    node("omgevingsloket", V, "Omgevingsloket", "rijksoverheid",
         "rijksdatacentrum-1 | rijksdatacentrum-2", "digid ~1d", restart="2h"),
    node("berichtenverkeer-zorg", V, "Berichtenverkeer Wmo en Jeugdwet", "gegevensknooppunt",
         "ix-1 | ix-2 | ix-3", "hoogspanningsnet ~1d", restart="2h"),
    node("nl-alert", V, "NL-Alert", "rijksoverheid", "telecom-kern | kabel-kern"),
    node("112-routering", V, "Routering 112-gesprekken", "nationaal-telecom", "telecom-kern"),
    node("portofonie-hulpdiensten", I, "Landelijk portofonienetwerk hulpdiensten",
         "rijksoverheid", "hoogspanningsnet ~3d", "telecom-kern ~1d", restart="1h"),
    node("bankkoppeling", V, "Betaalverkeer met de bank", "betaalbank",
         "ix-1 | ix-2 | ix-3", "hoogspanningsnet ~3d", restart="1h"),
    node("uitslagensoftware", S, "Software voor verkiezingsuitslagen", "kiesraad"),
    node("postbezorging", V, "Postbezorging", "postbedrijf", "hoogspanningsnet ~3d",
         "telecom-kern | kabel-kern ~1d"),
)

CLOUD = (
    node("platform", I, "Cloudplatform", "cloud", "nat.hoogspanningsnet ~3d", IX, restart="2h"),
)
HOSTING = (
    node("dc", I, "Datacenter", "hosting", "reg.stroomnet ~2d", IX,
         "reg.telefooncentrale | reg.mobiel-kabel ~4h", restart="1h"),
)
ISP = (
    node("netwerk", I, "Internettoegangsnetwerk", "isp", IX, "nat.hoogspanningsnet ~1d",
         restart="2h"),
)

# fmt: on


def software(category: str, restart: str) -> tuple[NodeT, ...]:
    """A SaaS supplier: a platform on its hosting or cloud, and a service desk.

    Each supplier runs on either a hosting data centre or a cloud platform;
    the other slot is absent, so the group has one member.
    """
    return (
        node(
            "platform", I, "SaaS-platform", category, "hosting.dc | cloud.platform", restart=restart
        ),
        node(
            "servicedesk",
            M,
            "Servicedesk en beheer",
            category,
            "nat.telecom-kern | nat.kabel-kern ~1d",
        ),
    )


# fmt: off
REGION: tuple[NodeT, ...] = (
    node("koppelstation", I, "Koppelstation hoogspanning", "netbeheer", "nat.hoogspanningsnet",
         restart="2h"),
    node("stroomnet", I, "Regionaal stroomnet", "netbeheer", "koppelstation",
         "bedrijfsvoeringscentrum ~12h", "storingsdienst ~2d", restart="4h"),
    node("bedrijfsvoeringscentrum", I, "Bedrijfsvoeringscentrum netbeheer", "netbeheer",
         "stroomnet ~3d", "telefooncentrale | mobiel-kabel ~1h", restart="2h"),
    node("storingsdienst", M, "Storingsdienst netbeheer", "netbeheer",
         "mobiel-netwerk | mobiel-kabel ~1d"),
    node("telefooncentrale", I, "Regionale telefooncentrale", "nationaal-telecom",
         "nat.telecom-kern", "stroomnet ~2d", restart="1h"),
    node("mobiel-netwerk", I, "Mobiel netwerk (Nationale Telecom)", "nationaal-telecom",
         "telefooncentrale", "stroomnet ~4h", restart="1h"),
    node("mobiel-kabel", I, "Mobiel netwerk (KabelNet)", "kabel-telecom", "nat.kabel-kern",
         "stroomnet ~3h", restart="1h"),
    node("scada-drinkwater", S, "Procesautomatisering drinkwater", "drinkwater",
         "telefooncentrale | mobiel-kabel ~4h", "stroomnet ~1d", restart="6h"),
    node("drinkwaterproductie", I, "Drinkwaterproductie", "drinkwater", "stroomnet ~1d",
         "scada-drinkwater ~2d", restart="6h"),
    node("operators-drinkwater", M, "Operators drinkwater", "drinkwater",
         "mobiel-netwerk | mobiel-kabel ~2d"),
    node("drinkwatervoorziening", P, "Drinkwatervoorziening", "drinkwater",
         "drinkwaterproductie ~12h", "operators-drinkwater ~1d",
         bia=bia("12h", "6h", "1d", 3, 1.0, 0.5, ("12h", {"primary_needs": 0.05}),
                 ("2d", {"primary_needs": 0.5, "social_psychological": "C"}))),
    node("scada-waterschap", S, "SCADA waterschap", "waterschap",
         "telefooncentrale | mobiel-kabel ~2h", "stroomnet ~8h", restart="12h"),
    node("gemalen-waterschap", I, "Gemalen waterschap", "waterschap", "stroomnet ~6h",
         "scada-waterschap ~1d"),
    node("rwzi", I, "Rioolwaterzuivering", "waterschap", "stroomnet ~12h",
         "scada-waterschap ~2d", restart="1d"),
    node("peilbeheer", P, "Peilbeheer", "waterschap", "gemalen-waterschap ~1d",
         bia=bia("2d", "1d", "1d", 2, 0.2, 0.1, ("2d", {"daily_life": 0.1}),
                 ("1w", {"daily_life": 1.0, "costs": 200.0}))),
    node("meldkamer", I, "Meldkamer", "vr", "stroomnet ~3d"),
    node("meldkamersysteem", S, "Meldkamersysteem", "vr", "meldkamer",
         "telefooncentrale | mobiel-kabel", "nat.portofonie-hulpdiensten ~4h", restart="1h"),
    node("meldkamerpersoneel", M, "Meldkamerpersoneel", "vr", "meldkamer"),
    node("112-centrale", I, "112-centrale", "politie", "nat.112-routering", "meldkamer",
         restart="30m"),
    node("aanname-112", P, "Aanname 112-meldingen", "politie", "112-centrale",
         "meldkamerpersoneel",
         bia=bia("30m", "15m", "0h", 3, 1.0, 0.0, ("1h", {"deaths": 1e-6, "injured": 5e-6}))),
    node("alarmering-hulpdiensten", P, "Alarmering hulpdiensten", "vr", "aanname-112",
         "meldkamersysteem", "meldkamerpersoneel", "nat.portofonie-hulpdiensten",
         bia=bia("30m", "15m", "0h", 3, 1.0, 0.0, ("1h", {"deaths": 1e-6, "injured": 1e-5}))),
    node("crisismanagementsysteem", S, "Crisismanagementsysteem", "vr", "cloud.platform",
         "telefooncentrale | mobiel-netwerk | mobiel-kabel"),
    node("datacenter-ziekenhuis", I, "Datacenter ziekenhuis", "ziekenhuis", "stroomnet ~3d",
         restart="1h"),
    node("epd", S, "Elektronisch patiëntendossier", "ziekenhuis", "datacenter-ziekenhuis",
         restart="4h"),
    node("ziekenhuispersoneel", M, "Ziekenhuispersoneel", "ziekenhuis"),
    node("acute-zorg", P, "Acute ziekenhuiszorg", "ziekenhuis", "stroomnet ~3d", "epd ~4h",
         "ziekenhuispersoneel", "drinkwatervoorziening ~12h", "alarmering-hulpdiensten ~1d",
         restart="2h",
         bia=bia("4h", "2h", "15m", 3, 0.02, 0.5, ("4h", {"injured": 0.002}),
                 ("1d", {"injured": 0.01, "deaths": 5e-4, "social_psychological": "C"}))),
    node("clientsysteem-zorg", S, "Cliëntsysteem zorgaanbieder", "zorg", "cloud.platform",
         restart="8h"),
    node("wmo-zorglevering", V, "Wmo-zorglevering", "zorg", "clientsysteem-zorg ~2d"),
    node("jeugdhulp-aanbod", V, "Jeugdhulpaanbod", "zorg", "clientsysteem-zorg ~1d"),
    node("bedrijfsvoering-afval", S, "Bedrijfsvoering afvalbedrijf", "afval", "cloud.platform",
         restart="4h"),
    node("afvaldepot", I, "Afvaldepot", "afval", "stroomnet ~1d"),
    node("chauffeurs-afval", M, "Chauffeurs afvalinzameling", "afval",
         "mobiel-netwerk | mobiel-kabel ~1d"),
    node("regionale-omroep", V, "Regionale calamiteitenzender", "omroep", "stroomnet ~3d"),
)
# fmt: on

#: Software categories: (layer name, party name stem, restart of the platform).
SOFTWARE: tuple[tuple[str, str, str], ...] = (
    ("suite-sd", "Sociaal Domein Software", "1d"),
    ("burgerzaken", "Burgerzaken Systemen", "8h"),
    ("belastingen", "Heffing & Waarde Software", "1d"),
    ("zaaksysteem", "Zaakgericht Werken", "4h"),
    ("vth", "Omgeving & Vergunning Software", "8h"),
    ("salaris", "Salaris Online", "4h"),
    ("verkeer", "Verkeerstechniek", "2h"),
)
