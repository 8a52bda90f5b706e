"""One writer per export format; each turns an :class:`ExportDocument` into a file."""
