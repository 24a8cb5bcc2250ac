"""The LLM client (OpenAI-compatible, structured replies) and the prompt templates."""
