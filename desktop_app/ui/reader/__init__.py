"""reader widgets and models."""
