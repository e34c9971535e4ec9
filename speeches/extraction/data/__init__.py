"""Word lists and patterns of the genre (Chinese work-meeting speeches), kept apart from code."""
