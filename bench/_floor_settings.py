"""The product's settings with the floor view routed (bench/_floor.py); benchmarks only."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "_floor"
