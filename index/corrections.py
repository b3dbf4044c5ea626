"""Hand corrections of the automatic entity merging: merge two entities, or split a spelling
off one. Corrections are stored (table ``corrections``) and replayed by every entity refresh,
so they survive re-ingesting; after recording one, entities are refreshed and the pages whose
entity fields changed are written to the search index again.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.mentions import Candidate, require_entity, resolve_entity
from index.store import Store
from ingest.entities.textkey import alias_key


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says how to fix it."""


@dataclass
class CorrectionResult:
    action: str
    kind: str
    a: str
    b: str
    changed_pages: int
    indexed_pages: int
    applied: bool  # whether the registry now shows the correction
    message: str


def reindex_changed(store: Store) -> tuple[int, int]:
    """Recompute entities (replaying corrections) and rewrite the affected Whoosh pages.
    Returns (pages whose entities changed, pages written to the index)."""
    from index.build import _write_index
    from index.entities import refresh

    changed = refresh(store, force=True)
    return len(changed), _write_index(store, store.data_dir)


def merge_entities(store: Store, a: str, b: str, kind: str | None = None) -> CorrectionResult:
    """Make ``b`` the same entity as ``a`` (``a``'s canonical name is kept)."""
    from index.entities import record_correction

    ea, eb = require_entity(store, a, kind), require_entity(store, b, kind)
    if ea.kind != eb.kind:
        raise CorrectionError(
            f"{ea.canonical} is a {ea.kind} and {eb.canonical} a {eb.kind}: only entities of one "
            "kind can be merged"
        )
    if ea.entity_id == eb.entity_id:
        raise CorrectionError(f"{a!r} and {b!r} are already one entity: {ea.canonical}")
    record_correction(store, "merge", ea.kind, ea.canonical, eb.canonical)
    changed, written = reindex_changed(store)
    after_a, after_b = (
        resolve_entity(store, ea.canonical, ea.kind),
        resolve_entity(store, eb.canonical, eb.kind),
    )
    applied = after_a.ok and after_b.ok and after_a.entity.entity_id == after_b.entity.entity_id
    message = (
        f"merged {eb.canonical} into {after_a.entity.canonical}"
        if applied
        else f"recorded the merge of {eb.canonical} into {ea.canonical}, but the registry still "
        "shows two entities"
    )
    return CorrectionResult("merge", ea.kind, ea.canonical, eb.canonical, changed, written,
                            applied, message)  # fmt: skip


def split_alias(store: Store, name: str, alias: str, kind: str | None = None) -> CorrectionResult:
    """Make the spelling ``alias`` of entity ``name`` an entity of its own."""
    from index.entities import record_correction

    entity = require_entity(store, name, kind)
    key = alias_key(alias)
    aliases = _aliases(store, entity)
    if key not in aliases:
        listed = ", ".join(sorted(aliases.values())) or "(none)"
        raise CorrectionError(
            f"{alias!r} is not a spelling of {entity.canonical}. Its spellings: {listed}"
        )
    if key == alias_key(entity.canonical):
        raise CorrectionError(
            f"{alias!r} is the name of {entity.canonical} itself: split another spelling off it"
        )
    record_correction(store, "split", entity.kind, entity.canonical, alias)
    changed, written = reindex_changed(store)
    after = resolve_entity(store, alias, entity.kind)
    still = resolve_entity(store, entity.canonical, entity.kind)
    applied = after.ok and still.ok and after.entity.entity_id != still.entity.entity_id
    message = (
        f"split {alias!r} off {entity.canonical}: it is now {after.entity.canonical}"
        if applied
        else f"recorded the split of {alias!r} off {entity.canonical}, but it still resolves to "
        "the same entity (it may be a short form the resolver joins to the full name)"
    )
    return CorrectionResult("split", entity.kind, entity.canonical, alias, changed, written,
                            applied, message)  # fmt: skip


def _aliases(store: Store, entity: Candidate) -> dict[str, str]:
    rows = store.db.execute(
        "SELECT key, alias FROM aliases WHERE entity_id = ?", (entity.entity_id,)
    ).fetchall()
    return {r[0]: r[1] for r in rows}
