"""One hypothesis budget for every fuzz test: short in CI, long under `make fuzz`.

LUOSHI_FUZZ_EXAMPLES raises max_examples (make fuzz sets 2000); deadline is off because a
docx or PDF parse can take tens of milliseconds on a loaded CI machine.
"""

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("LUOSHI_FUZZ_EXAMPLES", "40"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 100,  # CI: the same examples every run, no flaky red
    database=None,
)
