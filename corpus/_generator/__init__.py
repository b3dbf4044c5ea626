"""Building blocks of ``corpus/generate.py``: the cast, the markup that carries ground truth,
the page layout engine, and one module per synthetic document."""
