"""Files -> pages -> entities: everything that happens before a page reaches the index."""
