"""Small helpers: safe file names and reading user-supplied files (text, images)."""
