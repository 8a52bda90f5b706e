"""The page view: a PDF document's pages as printed, with the same highlights as the text."""
