"""The Export dialog: choose excerpts, style and format, preview, save in the background."""
