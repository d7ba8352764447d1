"""Fixtures for the CLI, storage and batch tests (helpers live in cli_support.py)."""

from cli_support import (  # noqa: F401 - pytest finds fixtures and hooks by name here
    _clean_env,
    cli,
    db_path,
    tr,
    desk,
)

from hypothesis import HealthCheck, settings

# Speed is measured by tests/bench/, never by a test: on a loaded 2-core machine Hypothesis' "input
# generation is slow" check failed a sound property test (test_events_domain, load average 9).
settings.register_profile("tracker", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tracker")
