"""OCR with the system's Tesseract: scanned pages and images become text with word boxes.

``stage.apply_ocr`` is the import step (which pages, read them, rebuild the
text); ``pages`` runs Tesseract on pages in parallel; ``tesseract`` wraps the
command; ``render`` makes page images in the import worker; ``words`` turns
recognised words into canonical text and keeps their boxes; ``textlayer``
and ``bijoy`` judge a PDF's own text layer. Nothing runs at import time.
"""
