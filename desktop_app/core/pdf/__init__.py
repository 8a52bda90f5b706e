"""PDF pages: the page map, geometry on the page, labels, outline and rendering.

Qt-free. :mod:`pagemap` is the contract (docs/PAGEMAP.md) that the page
view, PDF annotation interchange and OCR build on; :mod:`geometry` answers
questions about a page through it; :mod:`render` draws pages in a helper
process; :mod:`paint` holds what highlights look like on a page.
"""
