"""7. A short Dutch-language press release as plain text (decimal-comma amounts)."""

from __future__ import annotations

import textwrap

from .gold import page_record
from .markup import HYPHEN_BREAK, Piece, SpanTable, parse
from .render import FOOTER

NAME = "persbericht-gegevensmakelaar-nl.txt"
NBSP = "\u00a0"  # textwrap does not break at a no-break space
MARKER = "SYNTHETISCH DEMODOCUMENT \u2014 gemaakt door corpus/generate.py; geen echt document"

PARAGRAPHS = [
    "PERSBERICHT \u2014 Amsterdam, 2 april 2026",
    "Amerikaanse immigratiedienst koopt arrestatiegegevens via gegevensmakelaar",
    "De Amerikaanse immigratiedienst {A:ice|ICE} betaalt een particuliere "
    "gegevensmakelaar voor vrijwel directe toegang tot arrestatieregistraties uit lokale "
    "gevangenissen. Dat blijkt uit documenten die journalisten via de Amerikaanse "
    "openbaarheidswet (FOIA) hebben verkregen. {Q:De opdracht aan {O:brightline|Brightline "
    "Data Solutions LLC} valt onder een landelijk programma} met een plafond van "
    "{M:22100000|$ 22,1 miljoen}.",
    "Volgens de stukken tekende contractbeheerder {P:tolliver|Renata J. Tolliver} de "
    "bestelling in januari 2026. {Q:De sheriff van de county, {P:okafor|Daniel Okafor}, "
    "zegt dat zijn dienst geen gegevens verkoopt}; de registraties komen via een "
    "licentie bij de makelaar terecht.",
    "Een vergelijkbaar Europees proefproject met koppelingen tussen politiesystemen kostte "
    "{M:1500000|\u20ac 1,5 miljoen}. {Q:Privacyjuristen noemen de constructie een omweg om "
    "een staatswet te ontwijken.}",
    "Noot voor de redactie: dit bericht is verzonnen en dient alleen als testmateriaal.",
]


def _fill(pieces: list[Piece], table: SpanTable) -> str:
    """Wrap at 78 columns, never inside a name or an amount ("$ 22,1 / miljoen")."""
    glued = "".join(
        p.text.replace(" ", NBSP)
        if any(table.spans[s].kind != "phrase" for s in p.spans)
        else p.text
        for p in pieces
    )
    text = textwrap.fill(glued, 78, break_long_words=False, break_on_hyphens=False)
    return text.replace(NBSP, " ").replace(HYPHEN_BREAK, "")


def build() -> tuple[str, bytes, dict]:
    table = SpanTable()
    paragraphs = [_fill(parse(src, table), table) for src in PARAGRAPHS]
    text = "\n\n".join([MARKER, *paragraphs, FOOTER]) + "\n"
    record = page_record(NAME, 1, table, [s.id for s in table.spans])
    return NAME, text.encode("utf-8"), record
