"""Shared test settings: a bounded hypothesis profile so CI stays fast and repeatable."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=int(os.environ.get("MINIGRAD_EXAMPLES", "25")), deadline=None,
    derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("ci")
