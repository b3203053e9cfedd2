from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture
def shared_reference():
    if not SHARED_REFERENCE.is_dir():
        pytest.skip(f"shared reference data not found at {SHARED_REFERENCE}")
    return SHARED_REFERENCE
