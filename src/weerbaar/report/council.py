"""The council report and the statement of applicability as tagged PDF and Word.

HTML from one Jinja2 template becomes PDF through WeasyPrint with the PDF/UA-1
variant (tagged: headings, tables and reading order for a screen reader, the
document language set); the Word document is built with python-docx from the
same :class:`~weerbaar.accountability.council.CouncilReport`, with real
headings and tables so that it stays editable. Both libraries are imported
inside the functions: the rest of Weerbaar does not need them.
"""

from __future__ import annotations

import io
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from weerbaar.accountability.assessment import StatementRow
from weerbaar.accountability.catalogue import Catalogue
from weerbaar.accountability.council import CouncilReport, SinglePoint, SinglePoints
from weerbaar.accountability.statement import applicable_label
from weerbaar.report.dutch import count_text, dutch_number, plural

STATUS = {"open": "open", "in_progress": "in uitvoering", "done": "gereed",
          "cancelled": "vervallen"}  # fmt: skip
SOURCE = {"control": "beheersmaatregel", "exercise": "oefening", "incident": "incident"}
FRONTIER_CAPTION = "De efficiënte grens: het laagste verwachte risico voor elk bedrag."
REDUCTION_NOTE = (
    "Het weggenomen risico is per actie de som van wat haar maatregelen van de kaart elk "
    "apart wegnemen volgens het rekenmodel; samen kunnen maatregelen overlappen. Een actie "
    "zonder maatregel van de kaart heeft geen berekend effect (—)."
)
NO_SINGLE_POINTS = "Geen vitaal proces heeft een enkelvoudig faalpunt."
TOP_CAPTION = "De enkelvoudige faalpunten die de meeste vitale processen stilleggen"
TOP_HEAD = ["Onderdeel", "Ketenpartner", "Vitale processen die het alleen stillegt"]
#: Where the lists the report cuts short are complete.
FULL_SINGLE_POINTS = (
    "De volledige lijst staat in Weerbaar onder Criticaliteit (enkelvoudige faalpunten per "
    "vitaal proces)."
)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("weerbaar.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["euro"] = euro
    env.filters["pct"] = pct
    env.filters["reduction"] = reduction
    env.filters["number"] = dutch_number
    env.filters["line"] = single_point_line
    env.globals.update(
        single_points_text=single_points_text,
        single_points_lead=single_points_lead,
        changes_lead=changes_lead,
        NO_SINGLE_POINTS=NO_SINGLE_POINTS,
        TOP_CAPTION=TOP_CAPTION,
        TOP_HEAD=TOP_HEAD,
        STATUS=STATUS,
        SOURCE=SOURCE,
        applicable_label=applicable_label,
        REDUCTION_NOTE=REDUCTION_NOTE,
        FRONTIER_CAPTION=FRONTIER_CAPTION,
    )
    return env


def euro(x: float) -> str:
    """Euros the Dutch way.

    >>> euro(14000)
    '€ 14.000'
    """
    return "€ " + f"{x:,.0f}".replace(",", ".")


def pct(x: float | None) -> str:
    """A share as a percentage, or a dash.

    >>> pct(0.714), pct(None)
    ('71%', '—')
    """
    return "—" if x is None else f"{x:.0%}"


def reduction(x: float | None) -> str:
    """The expected yearly risk an action takes away, or a dash when not computed.

    >>> reduction(0.01234), reduction(None)
    ('0.0123', '—')
    """
    return "—" if x is None else f"{x:.4f}"


def single_points_text(s: SinglePoints) -> str:
    """How many vital processes have a single point of failure, and how many nodes are one.

    >>> from weerbaar.accountability.council import SinglePoints
    >>> single_points_text(SinglePoints(4925, 4925, 18034))[:60]
    '4.925 van de 4.925 vitale processen hebben een enkelvoudig f'
    >>> single_points_text(SinglePoints(3, 1, 1)).split(": ")[0]
    '1 van de 3 vitale processen heeft een enkelvoudig faalpunt'
    """
    return (
        f"{dutch_number(s.exposed)} van de {dutch_number(s.processes)} vitale processen "
        f"{plural(s.exposed, 'heeft', 'hebben')} een enkelvoudig faalpunt: een onderdeel "
        f"waarvan de uitval alleen al het proces stillegt. "
        f"{count_text(s.nodes, 'onderdeel is', 'onderdelen zijn')} een enkelvoudig faalpunt "
        "van ten minste één vitaal proces."
    )


def single_points_lead(s: SinglePoints) -> str:
    """The sentence before the list per vital process: what it holds, and where the rest is."""
    if s.complete:
        return "Per vitaal proces, het meest blootgestelde eerst:"
    shown = len(s.lines)
    which = "Het vitale proces" if shown == 1 else f"De {shown} vitale processen"
    cut = ", met de eerste namen" if any(p.more for p in s.lines) else ""
    return f"{which} met de meeste enkelvoudige faalpunten{cut}. {FULL_SINGLE_POINTS}"


def single_point_line(p: SinglePoint) -> str:
    """A vital process and its single points of failure, the names left out counted.

    >>> from weerbaar.accountability.council import SinglePoint
    >>> single_point_line(SinglePoint("Uitkeringen", ("Stroom", "Suite"), 40))
    'Uitkeringen: Stroom, Suite en 38 andere'
    """
    more = f" en {dutch_number(p.more)} andere" if p.more else ""
    return f"{p.process}: {', '.join(p.nodes)}{more}"


def changes_lead(report: CouncilReport) -> str:
    """The sentence before the map's changes when the report lists only the last ones."""
    if not report.earlier_changes:
        return ""
    return (
        f"De kaart is in {report.year} {dutch_number(report.map_changes_total)} keer gewijzigd; "
        f"hieronder de laatste {len(report.map_changes)}. Alle versies staan in Weerbaar "
        "onder Historie."
    )


def council_html(report: CouncilReport) -> str:
    """The council report as one self-contained HTML page (also its PDF's source)."""
    return _env().get_template("council.html.j2").render(r=report)


def statement_html(catalogue: Catalogue, rows: list[StatementRow], year: int, org: str) -> str:
    """The statement of applicability as one HTML page."""
    return (
        _env()
        .get_template("statement.html.j2")
        .render(cat=catalogue, rows=rows, year=year, org=org)
    )


def to_pdf(html: str) -> bytes:
    """Tagged PDF (PDF/UA-1) of ``html``."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def council_docx(report: CouncilReport) -> bytes:
    """The council report as an editable Word document."""
    from docx import Document

    doc: Any = Document()
    doc.core_properties.title = f"Jaarverantwoording digitale veiligheid {report.year}"
    doc.core_properties.language = "nl-NL"
    doc.add_heading(f"Jaarverantwoording digitale veiligheid {report.year}", 0)
    doc.add_paragraph(
        f"{report.organisation} — verslagjaar {report.year}, peildatum "
        f"{report.reference_date.isoformat()}; gemaakt op {report.made:%Y-%m-%d %H:%M} uit de "
        "actuele gegevens van Weerbaar."
    )
    doc.add_heading("Collegeverklaring", 1)
    doc.add_paragraph(report.statement)

    doc.add_heading("Risicobeeld", 1)
    _table(doc, ["Scenario", "Kans", "Impactscore", "Verwacht risico per jaar"],
           [[r.label, r.likelihood, f"{r.score:.1f}", f"{r.expected:.4f}"]
            for r in report.risks])  # fmt: skip
    doc.add_heading("Enkelvoudige faalpunten van vitale processen", 2)
    points = report.single_points
    if points:
        doc.add_paragraph(single_points_text(points))
        doc.add_paragraph(TOP_CAPTION, style="Caption")
        _table(doc, TOP_HEAD, [[t.label, t.party or "—", dutch_number(t.processes)]
                               for t in points.top])  # fmt: skip
        doc.add_paragraph(single_points_lead(points))
        for line in points.lines:
            doc.add_paragraph(single_point_line(line), style="List Bullet")
    else:
        doc.add_paragraph(NO_SINGLE_POINTS)
    doc.add_heading("Wat veranderde in het jaar", 2)
    if changes_lead(report):
        doc.add_paragraph(changes_lead(report))
    for change in report.map_changes or ("De kaart is in dit jaar niet gewijzigd.",):
        doc.add_paragraph(change, style="List Bullet")

    doc.add_heading("Oefeningen en lessen", 1)
    for a in report.lessons:
        doc.add_paragraph(f"{a.source_ref}: {a.title} ({STATUS[a.status.value]})",
                          style="List Bullet")  # fmt: skip
    if not report.lessons:
        doc.add_paragraph("Er zijn geen lessen uit oefeningen vastgelegd.")

    doc.add_heading(f"BIO-status per hoofdstuk ({report.catalogue})", 1)
    _table(doc, ["Hoofdstuk", "Van toepassing", "Geïmplementeerd", "Open", "Aandeel",
                 "Vorig jaar"],
           [[f"{c.coverage.chapter} {c.coverage.name}", str(c.coverage.applicable),
             str(c.coverage.implemented), str(c.coverage.open), pct(c.coverage.share),
             pct(c.previous)] for c in report.chapters])  # fmt: skip

    doc.add_heading("Incidenten in aantallen", 1)
    counts = report.incidents
    doc.add_paragraph(
        "Verbeteracties naar aanleiding van incidenten: "
        + (", ".join(f"{n} {STATUS[k]}" for k, n in counts.items()) if counts else "geen")
        + ". Zonder persoonsgegevens of details."
    )

    doc.add_heading("Verbeterplan", 1)
    _table(doc, ["Actie", "Bron", "Eigenaar", "Uiterlijk", "Status", "Kosten per jaar",
                 "Neemt risico per jaar weg"],
           [[a.title, SOURCE[a.source.value], a.owner or "—",
             a.due.isoformat() if a.due else "—", STATUS[a.status.value], euro(a.cost),
             reduction(a.risk_reduction)]
            for a in report.actions])  # fmt: skip
    doc.add_paragraph(REDUCTION_NOTE)
    doc.add_heading("Geld: besteed tegen plan", 1)
    doc.add_paragraph(
        f"Gepland {euro(report.planned)} per jaar voor verbeteracties; besteed "
        f"{euro(report.spent)}."
    )
    if report.budget is not None:
        b = report.budget
        doc.add_heading("Risicogestuurd budget", 2)
        doc.add_paragraph(
            f"Binnen een budget van {euro(b.budget)} per jaar verlagen deze maatregelen het "
            f"verwachte risico het meest: {', '.join(b.measures) or 'geen'} ({euro(b.cost)}); "
            f"verwacht risico per jaar van {b.risk_before:.4f} naar {b.risk_after:.4f}."
        )
        if b.chart_png:
            _picture(doc, b.chart_png, b.chart_text)
            doc.add_paragraph(FRONTIER_CAPTION, style="Caption")
    for note in report.notes:
        doc.add_paragraph(note)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _picture(doc: Any, png: bytes, alt: str) -> None:
    """A full-width picture with its alternative text, which Word reads aloud."""
    from docx.shared import Cm

    shape = doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(16))
    properties = shape._inline.docPr
    properties.set("descr", alt)
    properties.set("title", FRONTIER_CAPTION)


def _table(doc: Any, head: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
