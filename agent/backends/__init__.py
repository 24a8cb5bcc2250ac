"""Optional compiler backends; each module registers its builders with ``agent.compiler.register_backend``."""
