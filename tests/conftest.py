from __future__ import annotations

import pytest

from phieu_cli.formcheck import LoadedForm, load_form


@pytest.fixture(scope="session")
def form149() -> LoadedForm:
    """The bundled form 149, loaded and checked once per test session."""
    return load_form()
