"""The money view: largest amounts with every page they are written on, exact quotes, the
agencies on those pages, and the order-of-magnitude distribution."""

from __future__ import annotations

import pytest

from index.money_view import MAX_EXPONENT, MIN_EXPONENT, bucket_label, distribution, largest
from index.store import Store


def test_largest_amounts_in_order_with_exact_quotes(corpus_data):
    with Store(corpus_data) as store:
        groups = largest(store, limit=10)
        values = [g.value for g in groups]
        assert values == sorted(values, reverse=True)
        assert any(g.value == 1_248_500 and g.currency == "USD" for g in groups)
        for g in groups:
            assert g.mentions
            for m in g.mentions:
                text = store.page_text(m.doc_id, m.page)
                assert text[m.start : m.end] == m.text
                assert text[m.context_start : m.context_start + len(m.context)] == m.context
                assert m.context_start <= m.start and m.end <= m.context_start + len(m.context)
                agencies = {
                    r[0]
                    for r in store.db.execute(
                        "SELECT DISTINCT e.canonical FROM mentions x JOIN entities e "
                        "ON e.id = x.entity_id WHERE e.kind = 'agency' AND x.doc_id = ? "
                        "AND x.page = ?",
                        (m.doc_id, m.page),
                    )
                }
                assert set(m.agencies) == agencies


def test_largest_keeps_every_mention_of_a_value(corpus_data):
    """Regression: an amount written on several pages lists all of them, each span once."""
    with Store(corpus_data) as store:
        top = next(g for g in largest(store, 10) if g.value == 1_248_500)
        spans = {
            (d, p, s, e)
            for d, p, s, e in store.db.execute(
                "SELECT doc_id, page, start, end FROM mentions WHERE kind = 'money' AND value = ?",
                (1_248_500,),
            )
        }
    assert {(m.doc_id, m.page, m.start, m.end) for m in top.mentions} == spans
    assert top.pages >= 2


def test_largest_by_currency(corpus_data):
    with Store(corpus_data) as store:
        euros = largest(store, 5, currency="EUR")
    assert euros and all(g.currency == "EUR" for g in euros)
    assert euros[0].display.startswith("€")


def test_distribution_counts_each_money_mention_once(corpus_data):
    with Store(corpus_data) as store:
        buckets = distribution(store)
        distinct = store.db.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT doc_id, page, start, end FROM mentions "
            "WHERE kind = 'money' AND value IS NOT NULL)"
        ).fetchone()[0]
        values = [
            (abs(v), c or "")
            for v, c in store.db.execute(
                "SELECT MAX(value), currency FROM mentions WHERE kind = 'money' AND value IS NOT "
                "NULL GROUP BY doc_id, page, start, end"
            )
        ]
    assert sum(b.count for b in buckets) == distinct
    for b in buckets:
        inside = sum(1 for v, c in values if c == b.currency and b.low <= v < b.high)
        if b.low == 0:  # the lowest bucket also holds zero
            inside = sum(1 for v, c in values if c == b.currency and v < b.high)
        assert inside == b.count, b


@pytest.mark.parametrize(
    ("exponent", "label"),
    [
        (MIN_EXPONENT - 1, "USD < 100"),
        (3, "USD 1K–10K"),
        (6, "USD 1M–10M"),
        (MAX_EXPONENT + 1, f"USD ≥ {10 ** (MAX_EXPONENT + 1 - 9):g}B"),
    ],
)
def test_bucket_labels(exponent, label):
    assert bucket_label(exponent, "USD") == label
