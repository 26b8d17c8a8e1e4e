"""Generation fixtures: fake engines, a user with credits, and a recorded queue."""

from tests.support.fixtures import enqueued as enqueued
from tests.support.fixtures import fake_engines as fake_engines
from tests.support.fixtures import make_user as make_user
