"""Who appears with whom: people, agencies and organisations named on the same page. An edge's
weight is the number of pages naming both, and every edge lists those pages so each link in
the graph can be checked against the documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from index.store import Store

KINDS = ("person", "agency", "org")
SHAPES = {"person": "ellipse", "agency": "box", "org": "hexagon"}
COLORS = {"person": "#dbeafe", "agency": "#fde68a", "org": "#d1fae5"}


@dataclass
class Node:
    entity_id: int
    kind: str
    name: str
    pages: int  # pages naming it


@dataclass
class Edge:
    a: int  # entity ids, a < b
    b: int
    pages: list[tuple[str, int]] = field(default_factory=list)  # (doc_id, page), sorted

    @property
    def weight(self) -> int:
        return len(self.pages)


@dataclass
class Graph:
    nodes: dict[int, Node]
    edges: list[Edge]  # heaviest first


def _page_entities(store: Store, kinds: tuple[str, ...]) -> dict[tuple[str, int], set[int]]:
    marks = ",".join("?" * len(kinds))
    pages: dict[tuple[str, int], set[int]] = defaultdict(set)
    for doc_id, page, eid in store.db.execute(
        "SELECT DISTINCT m.doc_id, m.page, m.entity_id FROM mentions m JOIN entities e "
        f"ON e.id = m.entity_id WHERE e.kind IN ({marks})",
        kinds,
    ):
        pages[(doc_id, page)].add(eid)
    return pages


def graph(
    store: Store, kinds: tuple[str, ...] = KINDS, min_weight: int = 1, focus: int | None = None
) -> Graph:
    """The co-occurrence graph of entities of ``kinds``; only edges on at least ``min_weight``
    pages; with ``focus``, only the edges of that entity."""
    pages = _page_entities(store, tuple(kinds))
    edges: dict[tuple[int, int], Edge] = {}
    counts: dict[int, int] = defaultdict(int)
    for where, ids in sorted(pages.items()):
        for eid in ids:
            counts[eid] += 1
        for a, b in combinations(sorted(ids), 2):
            if focus is not None and focus not in (a, b):
                continue
            edges.setdefault((a, b), Edge(a, b)).pages.append(where)
    kept = [e for e in edges.values() if e.weight >= min_weight]
    used = {e.a for e in kept} | {e.b for e in kept}
    if focus is not None:
        used.add(focus)
    nodes: dict[int, Node] = {}
    if used:
        marks = ",".join("?" * len(used))
        for eid, kind, name in store.db.execute(
            f"SELECT id, kind, canonical FROM entities WHERE id IN ({marks})", tuple(used)
        ):
            nodes[eid] = Node(eid, kind, name, counts.get(eid, 0))
    kept.sort(key=lambda e: (-e.weight, nodes[e.a].name, nodes[e.b].name))
    return Graph(nodes, kept)


def neighbours(store: Store, entity_id: int) -> list[tuple[Node, Edge]]:
    """The entities named on a page with ``entity_id``, most shared pages first."""
    g = graph(store, focus=entity_id)
    return [(g.nodes[e.b if e.a == entity_id else e.a], e) for e in g.edges]


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(g: Graph, max_edges: int = 60) -> str:
    """Graphviz DOT for the ``max_edges`` heaviest edges. Names are quoted DOT strings (never
    HTML labels), so document text cannot inject markup into the drawing."""
    edges = g.edges[:max_edges]
    used = sorted({e.a for e in edges} | {e.b for e in edges}, key=lambda i: g.nodes[i].name)
    lines = [
        "graph connections {",
        '  graph [overlap=false, splines=true, fontname="Helvetica"];',
        '  node [style=filled, fontname="Helvetica", fontsize=11];',
        '  edge [color="#64748b"];',
    ]
    for eid in used:
        n = g.nodes[eid]
        lines.append(
            f"  n{eid} [label={_dot_string(n.name)}, shape={SHAPES.get(n.kind, 'ellipse')}, "
            f'fillcolor="{COLORS.get(n.kind, "#eeeeee")}"];'
        )
    for e in edges:
        width = round(0.8 + 0.35 * min(e.weight, 10), 2)
        lines.append(f'  n{e.a} -- n{e.b} [penwidth={width}, label="{e.weight}", fontsize=9];')
    lines.append("}")
    return "\n".join(lines)
