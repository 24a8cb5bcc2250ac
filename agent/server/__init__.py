"""``scenecraft serve``: the HTTP API.

- :mod:`agent.server.app`: the FastAPI app, lifespan, error shape, health checks;
- :mod:`agent.server.routes`: the ``/v1`` endpoints;
- :mod:`agent.server.schemas`: request and response bodies;
- :mod:`agent.server.jobs`: request -> checked job spec, and spec -> run folder (the engine's code path);
- :mod:`agent.server.queue`: the SQLite job queue;
- :mod:`agent.server.worker`: the worker loop (threads);
- :mod:`agent.server.procs`: the same loop in worker processes (``--worker-mode process``);
- :mod:`agent.server.events`: live progress events (SSE);
- :mod:`agent.server.limits`: settings, bearer token, body size and rate limits;
- :mod:`agent.server.policy`: the operator's policy on the models and planner a request may use.

Nothing here is imported by ``import agent`` or ``scenecraft --help``.
"""
