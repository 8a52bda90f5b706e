"""search widgets and models."""
