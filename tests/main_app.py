"""Main file for NiceGUI's `user` fixture: the real app, configured from the environment the test fixtures set."""
from aisobes.app import run
from aisobes.config import Settings

run(Settings())
