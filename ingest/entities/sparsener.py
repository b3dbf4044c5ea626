"""The statistical NER run only around the words where it could find a name.

The model is three quarters of the tagging time, and its cost grows with every token it reads,
names or not. Yet it reads a person, agency or organisation only where there is a capitalised
word, and most words of a page are lower case or inside a name the rules already tagged. What
the model makes of a word depends on the four words either side of it (its tok2vec is four
convolution layers of one word each, and each step of its transition system looks at the next
word, the previous one and the start of the open entity), so reading a window around each
capitalised word outside the rule entities gives what reading the page gives, but for the
model's own wavering at the edges.

So the pipeline's own ``ner`` pipe stays loaded but disabled, and this component cuts the
windows out of each page as small docs (with the rule entities copied in, which the model
keeps as it does on a page), runs the model on them in large batches and puts what it found
back on the page. On the demo contracts and the real records the model reads about 60% of the
tokens; tests compare the entities with those of the whole-page run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.attrs import ENT_IOB, ENT_TYPE, ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest import timing

NER_PIPE = "ner"
# Words read either side of a capitalised word. The model's reach is four; with three, which
# reads a tenth fewer tokens, the entities on the real records agree as well (9 of 2,400 differ
# with four, 11 with three, 62 with two; tests/test_sparse_ner.py).
MARGIN = 3
WINDOW_BATCH = 256  # windows per model call: large batches of short docs run fastest
_ATTRS = [ORTH, SPACY, ENT_IOB, ENT_TYPE]
_SENTENCE_END = frozenset({".", "!", "?"})


class SparseNER:
    """Runs the pipeline's (disabled) ``ner`` pipe on the windows that need it."""

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            self._annotate(batch)
            yield from batch

    def _annotate(self, batch: list[Doc]) -> None:
        ner = self.nlp.get_pipe(NER_PIPE)
        windows = [(doc, start, end) for doc in batch for start, end in needs_model(doc)]
        found: dict[int, list[Span]] = {id(doc): [] for doc in batch}
        subdocs = (window_doc(doc, start, end) for doc, start, end in windows)
        for (doc, start, _), sub in zip(
            windows, ner.pipe(subdocs, batch_size=WINDOW_BATCH), strict=True
        ):
            found[id(doc)].extend(
                Span(doc, start + e.start, start + e.end, label=e.label)
                for e in sub.ents
                if not doc[start + e.start].ent_type  # the rules' entities are there already
            )
        timing.count("ner_tokens", sum(len(doc) for doc in batch))
        timing.count("ner_tokens_read", sum(end - start for _, start, end in windows))
        for doc in batch:
            if found[id(doc)]:
                doc.set_ents(found[id(doc)], default="unmodified")


def window_doc(doc: Doc, start: int, end: int) -> Doc:
    """Tokens ``start:end`` of ``doc`` as a doc of their own, with their entity marks
    (``Span.as_doc`` does the same but copies much more, at twice the cost)."""
    arr = doc[start:end].to_array(_ATTRS)
    strings = doc.vocab.strings
    words = [strings[orth] for orth in arr[:, 0].tolist()]
    sub = Doc(doc.vocab, words=words, spaces=[bool(s) for s in arr[:, 1].tolist()])
    sub.from_array(_ATTRS[2:], arr[:, 2:])
    return sub


def needs_model(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges the model must read: ``MARGIN`` tokens either side of each capitalised
    word outside the entities found so far, overlapping ranges merged, never cutting an
    entity. A word opening a sentence or a line counts only when it is not a common word (a
    stop word, or one the page writes in lower case)."""
    lower = {t.lower_ for t in doc if t.is_lower} | STOP_WORDS
    n = len(doc)
    lo = hi = -1
    opening = True
    for tok in doc:
        if tok.is_space:
            opening = opening or "\n" in tok.text
            continue
        if tok.is_punct:
            opening = opening or tok.text in _SENTENCE_END
            continue
        if tok.text[0].isupper() and not tok.ent_type and not (opening and tok.lower_ in lower):
            a = max(0, tok.i - MARGIN)
            b = min(n, tok.i + MARGIN + 1)
            while a > 0 and doc[a].ent_iob_ == "I":  # never cut an entity
                a -= 1
            while b < n and doc[b].ent_iob_ == "I":
                b += 1
            if a > hi:
                if hi > lo:
                    yield lo, hi
                lo = a
            hi = max(hi, b)
        opening = False
    if hi > lo:
        yield lo, hi


@Language.factory("evidence_sparse_ner")
def make_sparse_ner(nlp: Language, name: str) -> SparseNER:
    return SparseNER(nlp, name)
