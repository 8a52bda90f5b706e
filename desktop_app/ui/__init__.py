"""The PySide6 user interface. Only this package (and ``desktop_app.app``) imports Qt."""
