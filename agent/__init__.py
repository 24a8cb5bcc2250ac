"""Scenecraft: plan a scene, compile it to a task graph, run plugins, verify, repair.

Import cost matters (``scenecraft --help`` must stay fast), so nothing heavy is imported here.
"""

__version__ = "0.1.0"
