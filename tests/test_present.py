"""Escaping of document text for Streamlit Markdown, the app's links, entity chips, and the
download buttons' export bytes (which must verify against the data they came from)."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs

import pytest

from index.document import Chip
from index.downloads import mentions_bytes, query_bytes, safe_stem, selection_bytes
from index.export import FORMATS
from index.mentions import require_entity
from index.present import chips_md, md, md_link, viewer_link
from index.selections import add_search_hit, create_selection
from index.store import Store
from index.verify import verify_export


@pytest.mark.parametrize(
    "text",
    [
        ":red[alarm] :material/warning: $x^2$",
        "[click](javascript:alert(1)) ![img](x)",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "# heading\n- item\n1. one `code` *em* __strong__ ~~del~~ | pipe |",
        "back\\slash & ampersand",
    ],
)
def test_md_escapes_every_markup_character(text):
    escaped = md(text)
    unescaped = escaped.replace("\\\\", "").replace("\\", "")
    # every punctuation character is preceded by a backslash, so none is markup
    i = 0
    while i < len(escaped):
        ch = escaped[i]
        if ch == "\\":
            i += 2
            continue
        assert ch.isalnum() or ch == " " or not ch.isascii(), (ch, escaped)
        i += 1
    assert "\n" not in escaped
    assert unescaped.replace(" ", "") == "".join(text.split()).replace("\\", "")


def test_links_are_relative_and_encoded():
    href = viewer_link("abc123", 4, 'agency:"ICE" (a OR b)', 10, 20)
    assert href.startswith("?")
    assert parse_qs(href[1:]) == {
        "doc": ["abc123"],
        "page": ["4"],
        "q": ['agency:"ICE" (a OR b)'],
        "start": ["10"],
        "end": ["20"],
    }
    assert "(" not in href and ")" not in href  # cannot end a Markdown link early
    assert md_link("a](x)", href) == f"[a\\]\\(x\\)]({href})"


def test_chips_group_by_kind_and_escape_names():
    chips = [
        Chip(1, "person", "R. *Tolliver*", 3),
        Chip(2, "agency", "ICE", 2),
        Chip(3, "person", "Kevin Marsh", 1),
        Chip(4, "org", "Brightline [LLC]", 1),
    ]
    text = chips_md(chips, limit=3)
    assert text.startswith(
        "**People:** [R\\. \\*Tolliver\\*](?entity=1) · [Kevin Marsh](?entity=3)"
    )
    assert "**Agencies:** [ICE](?entity=2)" in text
    assert "Brightline" not in text and text.endswith("… and 1 more")


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("tolliver memo", "tolliver-memo"),
        ('agency:"ICE" OR x', "agency-ICE-OR-x"),
        ("../..", "export"),
    ],
)
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


@pytest.fixture
def data_copy(corpus_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    return data


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_verify_against_the_data(data_copy, tmp_path, fmt):
    with Store(data_copy) as store:
        create_selection(store, "memo")
        add_search_hit(store, "memo", "booking", 1, note="first")
        add_search_hit(store, "memo", "script", 1)
        entity_id = require_entity(store, "Kevin Marsh").entity_id
    for name, data in [
        ("selection", selection_bytes(data_copy, "memo", fmt)),
        ("query", query_bytes(data_copy, "booking", fmt)),
        ("mentions", mentions_bytes(data_copy, entity_id, fmt)),
    ]:
        path = tmp_path / f"{name}.{fmt}"
        path.write_bytes(data)
        checks = verify_export(path, data_copy)
        assert checks and all(c.ok for c in checks), (name, [c.line() for c in checks])
