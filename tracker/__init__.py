"""tracker: a small, fast, terminal-first claim-verification tracker for newsroom desks."""
