"""Use cases: the only API the CLI and the TUI call.

Each use case takes a `Desk` (engine, actor, clock) and runs as one transaction:
`claims` (add, evidence, assign), `moves` (fire a lifecycle trigger), `reading`
(show, history, list, counts), `batch` (JSONL apply), `settings` (rules), `demo`.
"""
