"""The library's unit fixtures (users, assets with files) for the API tests."""

from tests.unit.library.conftest import make_asset, make_user  # noqa: F401
