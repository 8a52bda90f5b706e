"""The Qt-free core of Sourcebook: store, importers, search, statements, export.

Nothing in this package may import Qt (enforced by tests/test_architecture.py).
"""
