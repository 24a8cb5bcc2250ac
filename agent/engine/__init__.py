"""The graph engine: executor, cache keys, prefetch, progress and the run folder.

Imports only the plugin SDK (scene, graph, registry, context, artifacts, findings, errors, defaults).
"""
