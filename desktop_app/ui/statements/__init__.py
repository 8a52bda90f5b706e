"""The Statements view: who said what, where and when, with corrections."""
