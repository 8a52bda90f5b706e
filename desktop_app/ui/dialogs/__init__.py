"""dialogs widgets and models."""
