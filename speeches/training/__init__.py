"""Developer-only training of the extraction library's learned parts (needs requirements-dev)."""
