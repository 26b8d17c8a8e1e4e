"""The API with embedded Redis and jobs run in-process (shared fixtures)."""

from tests.support.api_fixtures import client as client
from tests.support.api_fixtures import redis_url as redis_url
