"""OCR on the command line: ``import --ocr/--ocr-lang`` and ``sourcebook ocr``."""

from __future__ import annotations

import argparse

from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    TerminalProgress,
    UsageError,
    open_library,
    print_json,
)
from desktop_app.core.ocr.stage import OcrMode, OcrOptions
from desktop_app.core.ocr.tesseract import are_language_codes


def add_ocr_options(parser: argparse.ArgumentParser) -> None:
    """``--ocr auto|always|never`` and ``--ocr-lang L`` (for ``import``)."""
    parser.add_argument(
        "--ocr",
        choices=[mode.value for mode in OcrMode],
        default=OcrMode.AUTO.value,
        help="read pages by OCR: auto (pages without usable text, and images; the default), "
        "always, never",
    )
    add_language_option(parser, "--ocr-lang")


def add_language_option(parser: argparse.ArgumentParser, flag: str) -> None:
    """A Tesseract language option (codes joined by +)."""
    parser.add_argument(
        flag,
        dest="ocr_lang",
        metavar="LANGS",
        help="Tesseract language codes joined by + (e.g. ben+eng); "
        "default: each page's script decides",
    )


def _languages(args: argparse.Namespace) -> str | None:
    value = getattr(args, "ocr_lang", None)
    if value is None:
        return None
    if not are_language_codes(value):
        raise UsageError(
            f"--ocr-lang {value!r}: give Tesseract language codes joined by +, e.g. ben+eng"
        )
    return str(value)


def ocr_options(args: argparse.Namespace) -> OcrOptions:
    """The OCR options the command line asked for."""
    return OcrOptions(OcrMode(args.ocr), _languages(args))


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``sourcebook ocr`` to the parser."""
    p = sub.add_parser(
        "ocr",
        parents=parents,
        help="read an imported PDF or image again by OCR",
        description="Read every page of an imported PDF or image by OCR again; "
        "highlights are placed again by their quotes, as with import --replace.",
    )
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    add_language_option(p, "--lang")
    p.set_defaults(handler=cmd_ocr)


def cmd_ocr(args: argparse.Namespace) -> int:
    """``sourcebook ocr DOC_ID [--lang L]``."""
    languages = _languages(args)
    bar = TerminalProgress(not args.json)
    with open_library(args) as library:
        result = library.ocr_document(
            args.doc_id,
            languages=languages,
            progress=lambda done, total: bar(done, total, f"OCR page {done} of {total}"),
        )
    if args.json:
        print_json(result.to_json())
    else:
        detail = result.reason if result.status == "failed" else f"document {result.doc_id}"
        print(f"{result.status:<9} {result.path}: {detail}")
        for warning in result.warnings:
            print(f"{'':<9} warning: {warning}")
    return EXIT_FAILED if result.status == "failed" else EXIT_OK
