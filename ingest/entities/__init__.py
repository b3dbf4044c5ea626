"""Entity finders: people, agencies, organisations and money amounts in page text."""
