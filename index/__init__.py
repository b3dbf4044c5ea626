"""The index: SQLite registry plus a Whoosh full-text index, and everything that reads them
(search, mentions, export, verify). The search engine stays behind this package."""
