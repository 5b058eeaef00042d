"""The municipal layer of a generated map: one municipality's nodes.

About 70 nodes per municipality: buildings, power and networks; the
municipality's own and its SaaS systems; its teams; and its vital processes
with a business impact analysis scaled by its size. The notation is that of
:mod:`weerbaar.scale.generate.templates`; ``reg.`` refers to the
municipality's veiligheidsregio, ``nat.`` to the national layer and a
supplier category (``suite-sd.platform``) to the supplier the municipality
buys from.

Dependencies are dense on purpose, as in a real continuity plan: every team
needs a place to work (the town hall, home or the fallback site), a laptop,
a phone and e-mail; every SaaS application needs a way in (the town hall's
gateway or home working), single sign-on, the supplier's service desk and the
municipality's own ICT team; every process leans on phone and e-mail.
"""

from __future__ import annotations

from weerbaar.scale.generate.templates import Bia, I, M, NodeT, P, S, V, bia, node

# Radio links that either mobile network can carry.
MOBILE = "reg.mobiel-netwerk | reg.mobiel-kabel"
# Where a team can work, and what it needs there.
_TEAM = (
    "gemeentehuis | thuiswerkvoorziening | uitwijklocatie",
    "werkplekken ~1d",
    "telefonie ~1d",
    "email-samenwerking ~1d",
)
# What a SaaS application needs on the municipality's side.
_TENANT = ("internetgateway | thuiswerkvoorziening", "active-directory ~1d", "team-ict-beheer ~1w")
# What a process that writes to residents (decisions, assessments) needs besides.
_LETTERS = ("zaaksysteem ~2d", "printstraat ~1w", "klantcontactcentrum ~1d")


def _tenant(key: str, name: str, supplier: str, *extra: str, restart: str) -> NodeT:
    return node(
        key,
        S,
        name,
        supplier,
        f"{supplier}.platform",
        *_TENANT,
        f"{supplier}.servicedesk ~1w",
        *extra,
        restart=restart,
    )


def _onprem(key: str, name: str, *extra: str, restart: str) -> NodeT:
    return node(
        key,
        S,
        name,
        "gemeente",
        "virtualisatieplatform",
        "opslag-backup ~1w",
        "active-directory ~1d",
        "team-ict-beheer ~3d",
        *extra,
        restart=restart,
    )


def _team(key: str, name: str, *extra: str) -> NodeT:
    return node(key, M, name, "gemeente", *_TEAM, *extra)


def _process(
    key: str, name: str, b: Bia, *requires: str, restart: str = "0h", party: str = "gemeente"
) -> NodeT:
    # Every process also leans on phone and e-mail, with a day or two of slack.
    return node(
        key,
        P,
        name,
        party,
        *requires,
        "telefonie ~1d",
        "email-samenwerking ~2d",
        restart=restart,
        bia=b,
    )


# fmt: off
MUNICIPALITY: tuple[NodeT, ...] = (
    # --- buildings, power and networks ---
    node("onderstation", I, "Onderstation", "netbeheer", "reg.stroomnet",
         "reg.bedrijfsvoeringscentrum ~1d", restart="1h"),
    node("gemeentehuis", I, "Gemeentehuis", "gemeente", "reg.drinkwatervoorziening ~1d",
         "stroom-gemeentehuis ~4h"),
    node("stroom-gemeentehuis", I, "Stroomvoorziening gemeentehuis", "gemeente",
         "onderstation if=noodstroom:2d"),
    node("uitwijklocatie", I, "Uitwijklocatie (buurgemeente)", "gemeente", "reg.stroomnet ~1d",
         MOBILE),
    node("serverruimte", I, "Serverruimte gemeentehuis", "gemeente", "gemeentehuis",
         "stroom-gemeentehuis ~1h", restart="2h"),
    node("kantoornetwerk", I, "Kantoornetwerk", "gemeente", "gemeentehuis",
         "stroom-gemeentehuis ~30m", "serverruimte", restart="30m"),
    node("internet-a", V, "Internetverbinding (eerste provider)", "isp",
         "isp.netwerk", "onderstation ~8h", "reg.telefooncentrale ~4h"),
    node("internet-b", V, "Internetverbinding (tweede provider)", "isp@isp_b",
         "isp.netwerk@isp_b", "onderstation ~8h", "reg.mobiel-kabel ~4h", when="dual_isp"),
    node("internetgateway", I, "Internetgateway en firewall", "gemeente",
         "internet-a | internet-b", "stroom-gemeentehuis ~1h", "kantoornetwerk",
         "serverruimte", "team-ict-beheer ~1w", restart="30m"),
    node("datalijn-dc", V, "Datalijn naar het datacenter", "isp", "isp.netwerk",
         "onderstation ~8h", "kantoornetwerk"),
    node("dc-rack-a", I, "Serverrek A (datacenter)", "hosting", "hosting.dc"),
    node("dc-rack-b", I, "Serverrek B (tweede datacenter)", "hosting@dc_b", "hosting.dc@dc_b"),
    node("dc-rack-c", I, "Serverrek C (gemeentehuis)", "gemeente", "serverruimte",
         when="three_racks"),
    node("actiecentrum", I, "Actiecentrum crisisteam", "gemeente", "gemeentehuis",
         "stroom-gemeentehuis ~1h", "kantoornetwerk ~1h"),
    node("thuiswerkvoorziening", V, "Thuiswerken", "gemeente", MOBILE, "reg.stroomnet ~2h",
         "vpn-gateway"),
    node("verkeersregelinstallaties", I, "Verkeersregelinstallaties", "gemeente",
         "onderstation"),
    node("hoofdgemaal", I, "Hoofdgemaal", "gemeente", "onderstation ~6h",
         "telemetrie-gemalen ~1d"),
    node("rioolgemalen", I, "Rioolgemalen buitengebied", "gemeente", "onderstation ~2h",
         "telemetrie-gemalen ~2d"),
    node("begraafplaats", I, "Begraafplaats", "gemeente"),
    # --- systems ---
    node("vpn-gateway", S, "VPN-gateway", "gemeente", "internetgateway",
         "active-directory ~1d", "virtualisatieplatform", restart="1h"),
    node("virtualisatieplatform", S, "Virtualisatieplatform", "gemeente",
         "dc-rack-a | dc-rack-b | dc-rack-c need=n-1", "datalijn-dc", "team-ict-beheer ~3d",
         restart="1d"),
    node("opslag-backup", S, "Opslag en back-up", "gemeente",
         "dc-rack-a | dc-rack-b | dc-rack-c", "datalijn-dc ~1d", restart="1d"),
    node("active-directory", S, "Active Directory", "gemeente", "virtualisatieplatform",
         "opslag-backup ~1w", restart="12h"),
    node("werkplekken", S, "Werkplekken", "gemeente", "active-directory",
         "kantoornetwerk | vpn-gateway", "datalijn-dc", "internetgateway",
         "team-ict-beheer ~2d", restart="4h"),
    node("email-samenwerking", S, "E-mail en samenwerking", "cloud", "cloud.platform",
         "active-directory ~1d", "internetgateway | thuiswerkvoorziening"),
    node("telefonie", S, "Telefonie", "nationaal-telecom", "nat.telecom-kern",
         "internetgateway | reg.mobiel-netwerk | reg.mobiel-kabel", restart="1h"),
    node("website", S, "Website gemeente", "gemeente", "cloud.platform",
         "team-communicatie ~1w", restart="1h"),
    node("printstraat", S, "Printstraat en verzending", "gemeente", "virtualisatieplatform",
         "kantoornetwerk", "nat.postbezorging ~3d", restart="4h"),
    _tenant("zaaksysteem", "Zaaksysteem", "zaaksysteem", restart="4h"),
    _tenant("e-formulieren", "E-formulieren", "zaaksysteem", "zaaksysteem ~1d", "nat.digid",
            restart="2h"),
    _tenant("suite-sociaal-domein", "Suite sociaal domein", "suite-sd", "nat.suwinet ~1w",
            restart="2d"),
    _tenant("brp-applicatie", "BRP-applicatie", "burgerzaken",
            "nat.landelijke-brp-voorziening ~1w", restart="8h"),
    _tenant("belastingapplicatie", "Belasting- en WOZ-applicatie", "belastingen",
            "brp-applicatie ~1w", restart="1d"),
    _tenant("vth-applicatie", "VTH-applicatie", "vth", "nat.omgevingsloket ~1w", restart="8h"),
    _tenant("hr-salarissysteem", "HR- en salarissysteem", "salaris", restart="4h"),
    _onprem("financieel-systeem", "Financieel systeem", restart="12h"),
    _onprem("begraafplaatsregister", "Begraafplaatsregister", restart="1d"),
    node("reisdocumentenstation", S, "Aanvraagstation reisdocumenten", "rvig",
         "kantoornetwerk", "internetgateway", "nat.reisdocumentenvoorziening", restart="4h"),
    node("vri-centrale", S, "Verkeersmanagementcentrale", "verkeer", "verkeer.platform",
         MOBILE, restart="2h"),
    node("telemetrie-gemalen", S, "Telemetrie gemalen", "gemeente", "reg.scada-waterschap",
         MOBILE, restart="12h"),
    node("sociale-media", V, "Sociale media", "gemeente", "internetgateway | " + MOBILE,
         "team-communicatie"),
    node("klantcontactcentrum", S, "Klantcontactcentrum", "gemeente", "telefonie",
         "werkplekken", "zaaksysteem ~4h", "email-samenwerking ~1d", restart="1h"),
    # --- teams ---
    _team("team-burgerzaken", "Team burgerzaken"),
    _team("consulenten-werk-inkomen", "Consulenten werk en inkomen"),
    node("wijkteam", M, "Wijkteam", "gemeente", MOBILE + " ~1d", "werkplekken ~2d",
         "telefonie ~1d", "email-samenwerking ~2d"),
    _team("team-belastingen", "Team belastingen"),
    _team("team-vth", "Team vergunningen, toezicht en handhaving"),
    node("buitendienst", M, "Buitendienst", "gemeente", MOBILE + " ~2d", "telefonie ~2d"),
    node("team-ict-beheer", M, "Team ICT-beheer", "gemeente",
         "gemeentehuis | thuiswerkvoorziening | uitwijklocatie", "telefonie ~1d"),
    node("crisisteam", M, "Gemeentelijk crisisteam", "gemeente",
         "actiecentrum | uitwijklocatie | reg.meldkamer", "telefonie ~2h"),
    _team("team-communicatie", "Team communicatie"),
    _team("team-financien", "Team financiën"),
    node("stembureauleden", M, "Stembureauleden", "gemeente"),
    # --- vital processes ---
    _process("burgerzaken", "Burgerzaken, BRP en burgerlijke stand",
             bia("3d", "1d", "1h", 3, 1.0, 0.15, ("2d", {"daily_life": 0.01}),
                 ("5d", {"daily_life": 0.04, "democratic_order": "B"})),
             "brp-applicatie", "werkplekken ~2h", "team-burgerzaken",
             "nat.landelijke-brp-voorziening ~2d", "reisdocumentenstation ~3d", *_LETTERS,
             restart="4h"),
    _process("verkiezingen", "Organisatie van verkiezingen",
             bia("1d", "4h", "15m", 3, 0.8, 0.4, ("4h", {"democratic_order": "C"}),
                 ("1d", {"daily_life": 1.0, "democratic_order": "D"})),
             "brp-applicatie ~2w", "nat.uitslagensoftware", "stembureauleden", "werkplekken ~1d",
             "printstraat ~1w"),
    _process("uitkeringen", "Uitkeringen Participatiewet",
             bia("3d", "2d", "4h", 2, 0.04, 0.2, ("3d", {"daily_life": 1.0, "primary_needs": 0.12}),
                 ("1w", {"primary_needs": 0.5, "social_psychological": "C"})),
             "suite-sociaal-domein ~5d", "betalingsverkeer ~2d", "nat.suwinet ~1w",
             "consulenten-werk-inkomen", "werkplekken ~8h", *_LETTERS, restart="4h"),
    _process("wmo", "Wmo-ondersteuning",
             bia("5d", "2d", "1d", 2, 0.07, 0.1, ("3d", {"daily_life": 0.35}),
                 ("1w", {"daily_life": 1.0, "primary_needs": 0.06, "social_psychological": "B"})),
             "suite-sociaal-domein ~1d", "reg.wmo-zorglevering",
             "nat.berichtenverkeer-zorg ~1w", "wijkteam", "werkplekken ~1d",
             "betalingsverkeer ~1w", *_LETTERS, restart="4h"),
    _process("jeugdzorg", "Jeugdhulp en veiligheid jeugdigen",
             bia("2d", "1d", "4h", 3, 0.025, 0.08, ("2d", {"daily_life": 0.4}),
                 ("1w", {"daily_life": 1.0, "injured": 0.001, "social_psychological": "C"})),
             "suite-sociaal-domein ~12h", "reg.jeugdhulp-aanbod",
             "nat.berichtenverkeer-zorg ~1w", "wijkteam", "werkplekken ~8h",
             "betalingsverkeer ~1w", *_LETTERS, restart="4h"),
    _process("schuldhulpverlening", "Schuldhulpverlening",
             bia("1w", "3d", "1d", 2, 0.01, 0.02, ("1w", {"daily_life": 1.0}),
                 ("2w", {"primary_needs": 0.1})),
             "suite-sociaal-domein ~2d", "consulenten-werk-inkomen", "werkplekken ~1d",
             *_LETTERS),
    _process("belastingen", "Gemeentelijke belastingen en WOZ",
             bia("3w", "1w", "1d", 2, 0.45, 0.25, ("3w", {"daily_life": 0.03}),
                 ("6w", {"daily_life": 0.2, "democratic_order": "B"})),
             "belastingapplicatie ~2d", "team-belastingen", "werkplekken ~2d",
             "betalingsverkeer ~1w", "nat.digid ~1w", *_LETTERS, restart="2d"),
    _process("vergunningen", "Vergunningverlening en handhaving",
             bia("1w", "2d", "1d", 2, 0.02, 0.3, ("1w", {"daily_life": 1.0}),
                 ("3w", {"costs": 100.0, "democratic_order": "B"})),
             "vth-applicatie ~1d", "nat.omgevingsloket ~2d", "team-vth", "werkplekken ~1d",
             *_LETTERS, restart="4h"),
    _process("begraven", "Begraven en cremeren",
             bia("3d", "1d", "1d", 2, 0.0003, 0.01, ("3d", {"social_psychological": "B"}),
                 ("1w", {"daily_life": 20.0, "social_psychological": "C"})),
             "begraafplaats", "begraafplaatsregister ~1w", "burgerzaken ~5d",
             "buitendienst ~2d", "zaaksysteem ~2d", restart="1d"),
    _process("verkeersregeling", "Verkeersregeling", bia(
        "4h", "2h", "1d", 2, 0.5, 0.05, ("4h", {"daily_life": 0.2}),
        ("1d", {"daily_life": 0.6, "injured": 5e-5})),
        "verkeersregelinstallaties", "vri-centrale ~1w", "buitendienst ~1d", restart="1h"),
    _process("afvalwaterafvoer", "Afvoer van afvalwater", bia(
        "12h", "6h", "1d", 2, 0.3, 0.05, ("1d", {"daily_life": 0.02}),
        ("3d", {"daily_life": 0.1, "primary_needs": 0.01})),
        "hoofdgemaal ~6h", "rioolgemalen ~12h", "reg.rwzi ~1d", "buitendienst ~2d",
        restart="6h"),
    _process("afvalinzameling", "Afvalinzameling", bia(
        "1w", "2d", "1d", 1, 1.0, 0.02, ("1w", {"daily_life": 0.5}),
        ("2w", {"daily_life": 1.0, "social_psychological": "B"})),
        "reg.afvaldepot", "reg.bedrijfsvoering-afval ~3d", "reg.chauffeurs-afval",
        "klantcontactcentrum ~1w", restart="1d", party="afval"),
    _process("crisiscommunicatie", "Crisiscommunicatie naar inwoners", bia(
        "4h", "1h", "4h", 2, 1.0, 0.03, ("4h", {"social_psychological": "C"}),
        ("1d", {"daily_life": 0.15, "social_psychological": "D"})),
        "team-communicatie", "crisisteam ~2h",
        "website | sociale-media | nat.nl-alert | reg.regionale-omroep"),
    _process("crisisbeheersing", "Gemeentelijke crisisbeheersing", bia(
        "2h", "1h", "1h", 3, 1.0, 0.02, ("2h", {"social_psychological": "C"}),
        ("1d", {"democratic_order": "C", "social_psychological": "D"})),
        "crisisteam", "reg.crisismanagementsysteem ~3d", "reg.alarmering-hulpdiensten ~1d"),
    _process("digitale-dienstverlening", "Digitale dienstverlening (website, DigiD, e-formulieren)",
             bia("2d", "1d", "4h", 2, 0.3, 0.05, ("2d", {"daily_life": 0.02}),
                 ("1w", {"daily_life": 0.1})),
             "website", "nat.digid", "e-formulieren", "zaaksysteem ~1d",
             "klantcontactcentrum ~1d", restart="1h"),
    _process("betalingsverkeer", "Betalingsverkeer", bia(
        "2d", "1d", "1h", 3, 0.05, 0.3, ("2d", {"daily_life": 0.2}),
        ("1w", {"daily_life": 1.0, "primary_needs": 0.05})),
        "financieel-systeem", "nat.bankkoppeling", "team-financien", "werkplekken ~4h",
        restart="4h"),
    node("salarisbetaling", P, "Salarisbetaling eigen personeel", "gemeente",
         "hr-salarissysteem ~1w", "nat.bankkoppeling ~3d", "team-financien ~1w"),
)
# fmt: on
