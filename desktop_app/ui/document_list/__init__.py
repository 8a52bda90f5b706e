"""document list widgets and models."""
