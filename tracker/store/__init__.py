"""Storage: SQLModel tables, the engine with its SQLite pragmas, migrations and queries.

Nothing here imports the UI or the CLI.
"""
