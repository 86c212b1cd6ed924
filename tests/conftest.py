import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from builders import ExtractionBuilder  # noqa: E402


@pytest.fixture
def builder() -> ExtractionBuilder:
    return ExtractionBuilder()
