"""Small helpers shared across subsystems (safe file names, reading user files and images)."""
