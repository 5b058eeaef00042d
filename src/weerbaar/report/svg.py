"""Writing inline SVG: escaping, the palette and the few elements the charts use.

No plotting library: the report must be one self-contained file that prints
sharply, and hand-written SVG keeps it small and lets every chart carry its
own ``<title>``/``<desc>`` for screen readers. Every piece of map text that
reaches a chart passes through :func:`esc` here.
"""

from __future__ import annotations

from html import escape

INK = "#1a1a1a"
ACCENT = "#1f3a5f"  # the report's dark blue
MUTED = "#5b6770"
VITAL = "#9b1c1c"
GRID = "#d0d5da"


def esc(text: object) -> str:
    """Escape text for SVG or HTML content and attribute values.

    >>> esc('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return escape(str(text), quote=True)


def open_svg(ident: str, width: float, height: float, title: str, desc: str) -> list[str]:
    """The opening of an accessible chart: ``<svg>`` with its title and description.

    ``ident`` must be unique in the document: it prefixes the ids that
    ``aria-labelledby`` points at.
    """
    return [
        # No xmlns: inline SVG in HTML needs none, and the report holds no URL.
        f'<svg viewBox="0 0 {width:g} {height:g}" '
        f'width="100%" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family="inherit" class="chart">',
        f'<title id="{ident}-t">{esc(title)}</title>',
        f'<desc id="{ident}-d">{esc(desc)}</desc>',
    ]


def _attributes(attrs: dict[str, str]) -> str:
    # Python names cannot hold "-": text_anchor is written text-anchor.
    return "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())


def text(x: float, y: float, content: str, size: float = 11, **attrs: str) -> str:
    """A ``<text>`` element; ``content`` is escaped.

    >>> text(1, 2, "a < b", 10, text_anchor="end")
    '<text x="1.0" y="2.0" font-size="10" text-anchor="end">a &lt; b</text>'
    """
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{_attributes(attrs)}>'
        f"{esc(content)}</text>"
    )


def line(x1: float, y1: float, x2: float, y2: float, **attrs: str) -> str:
    """A ``<line>`` element.

    >>> line(0, 1, 2, 3, stroke="#000")
    '<line x1="0.0" y1="1.0" x2="2.0" y2="3.0" stroke="#000"/>'
    """
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{_attributes(attrs)}/>'


def shorten(label: str, limit: int) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis.

    >>> shorten("Uitbetalen uitkeringen", 12)
    'Uitbetalen…'
    """
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def text_width(label: str, size: float) -> float:
    """An estimate of the width of ``label`` in pixels at font ``size``.

    A pure function has no font metrics; the estimate is on the wide side,
    so that labels do not collide in a wide font.
    """
    return 0.6 * size * len(label)
