from tests.actionplans.conftest import media  # noqa: F401
