"""The scripting CLI: thin click commands over the service layer (never imports textual)."""
