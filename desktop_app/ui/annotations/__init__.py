"""annotations widgets and models."""
