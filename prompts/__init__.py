"""Prompt templates (TOML data files) shipped with Scenecraft; load them with ``agent.llm.prompts``."""
