"""Statements: who said what, and when.

``extractor.extract`` is the pure entry point (text → statements with
speakers); ``service`` holds the use cases the Library calls. See
docs/STATEMENTS.md.
"""
