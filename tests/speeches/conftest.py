from pathlib import Path

import pytest

SHARED_SPEECHES = Path(__file__).resolve().parents[2].parent / "shared" / "speeches"


def sample_bytes(prefix: str) -> bytes:
    """A sample speech from ../shared/speeches by its number prefix ("000")."""
    if not SHARED_SPEECHES.is_dir():
        pytest.skip("../shared/speeches is not beside the checkout")
    (path,) = SHARED_SPEECHES.glob(f"{prefix}_*.txt")
    return path.read_bytes()


def sample_name(prefix: str) -> str:
    (path,) = SHARED_SPEECHES.glob(f"{prefix}_*.txt")
    return path.name
