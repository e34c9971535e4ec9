"""The importer library stays pure: importing it loads no Django."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_importers_loads_no_django():
    code = (
        "import sys, speeches.importers; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
