"""``scenecraft chat`` and ``scenecraft ui``: the session (turns, undo, renders), the web page and the
plan diagrams it shows. Gradio is imported only by the web page.
"""

from agent.chat.session import FORMAT, SESSION_FILE, ChatSession, SessionState, Turn, scene_changes

__all__ = ["FORMAT", "SESSION_FILE", "ChatSession", "SessionState", "Turn", "scene_changes"]
