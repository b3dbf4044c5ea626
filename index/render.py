"""Turning page text into safe HTML for the app and the exports. Document text is always
escaped: obtained files contain markup, scripts and worse, and must show as text."""

from __future__ import annotations

import html


def highlight_html(text: str, marks: list[tuple[int, int]], tag: str = "mark") -> str:
    """``text`` escaped, with the spans in ``marks`` wrapped in ``<mark>``; newlines kept."""
    out, last = [], 0
    for start, end in sorted(marks):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<{tag}>{html.escape(text[start:end])}</{tag}>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")
