"""Commands over documents and annotations: import, list, show, annotate, trash."""

from __future__ import annotations

import argparse
import sys

from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    TerminalProgress,
    UsageError,
    open_library,
    print_json,
    print_table,
)
from desktop_app.cli.ocr_cmds import add_ocr_options, ocr_options
from desktop_app.core.export.model import ImportAnnotationsResult
from desktop_app.core.library import Library
from desktop_app.core.types import COLORS, Annotation, DocumentSummary, ImportResult


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``sourcebook`` parser."""
    p = sub.add_parser(
        "import",
        parents=parents,
        help="import files and folders",
        description="Import files and folders (recursively) into the library.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--replace",
        type=int,
        metavar="DOC_ID",
        help="import FILE as a new version of document DOC_ID",
    )
    p.add_argument(
        "--with-annotations",
        action="store_true",
        help="also bring in the highlight, underline, strike-out and squiggly annotations "
        "already in each PDF, as highlights",
    )
    add_ocr_options(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", parents=parents, help="list documents")
    p.add_argument("--tag", help="only documents with this tag")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", parents=parents, help="show one document")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("--text", action="store_true", help="include the document's text")
    p.add_argument(
        "--outline", action="store_true", help="print the PDF's outline (bookmarks) instead"
    )
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("edit", parents=parents, help="edit a document's metadata or tags")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    for name in ("title", "source", "author", "url", "published", "language"):
        p.add_argument(f"--{name}")
    p.add_argument(
        "--tag",
        action="append",
        dest="tags",
        metavar="T",
        help="set the document's tags (repeatable; replaces existing tags)",
    )
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("annotate", parents=parents, help="highlight a passage")
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="the exact text to highlight")
    where.add_argument("--start", type=int, metavar="N", help="start offset (with --end)")
    p.add_argument("--end", type=int, metavar="N", help="end offset (exclusive)")
    p.add_argument(
        "--occurrence",
        type=int,
        default=1,
        metavar="N",
        help="which occurrence of --quote (default 1)",
    )
    p.add_argument("--color", default="yellow", choices=COLORS)
    p.add_argument("--note", default="")
    p.add_argument("--tag", action="append", dest="tags", default=[], metavar="T")
    p.set_defaults(handler=cmd_annotate)

    p = sub.add_parser("annotations", parents=parents, help="list annotations")
    p.add_argument("doc_id", type=int, nargs="?", metavar="DOC_ID")
    p.add_argument("--tag")
    p.add_argument("--color", choices=COLORS)
    p.set_defaults(handler=cmd_annotations)

    p = sub.add_parser("annotation", parents=parents, help="edit, delete or restore an annotation")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("edit", parents=parents, help="change colour, note or tags")
    q.add_argument("annotation_id", type=int, metavar="ID")
    q.add_argument("--color", choices=COLORS)
    q.add_argument("--note")
    q.add_argument(
        "--tag",
        action="append",
        dest="tags",
        metavar="T",
        help="set the tags (repeatable; replaces existing tags)",
    )
    q.add_argument("--no-tags", action="store_true", help="remove all tags")
    q.set_defaults(handler=cmd_annotation_edit)
    q = actions.add_parser("delete", parents=parents, help="move to the trash")
    q.add_argument("annotation_id", type=int, metavar="ID")
    q.set_defaults(handler=cmd_annotation_delete)
    q = actions.add_parser("restore", parents=parents, help="bring back from the trash")
    q.add_argument("annotation_id", type=int, metavar="ID")
    q.set_defaults(handler=cmd_annotation_restore)

    p = sub.add_parser("delete", parents=parents, help="move documents to the trash")
    p.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("trash", parents=parents, help="list, restore or empty the trash")
    p.set_defaults(handler=cmd_trash_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    q = actions.add_parser("restore", parents=parents, help="restore trashed documents")
    q.add_argument("doc_ids", type=int, nargs="+", metavar="DOC_ID")
    q.set_defaults(handler=cmd_trash_restore)
    q = actions.add_parser("empty", parents=parents, help="delete the trash for good")
    q.set_defaults(handler=cmd_trash_empty)


def cmd_import(args: argparse.Namespace) -> int:
    """``sourcebook import PATH... [--replace DOC_ID]``."""
    with open_library(args) as library:
        results = library.import_paths(
            args.paths,
            replace=args.replace,
            progress=TerminalProgress(not args.json),
            ocr=ocr_options(args),
        )
        marked = library.import_annotations_from_pdfs(results) if args.with_annotations else {}
    if args.json:
        print_json([_import_json(r, marked) for r in results])
    else:
        for r in results:
            detail = f"document {r.doc_id}" if r.doc_id is not None else ""
            if r.status == "failed":
                detail = r.reason or ""
            elif r.status == "duplicate":
                detail = f"already in the library as document {r.doc_id}"
            print(f"{r.status:<9} {r.path}: {detail}")
            for warning in r.warnings:
                print(f"{'':<9} warning: {warning}")
            found = marked.get(r.doc_id) if r.doc_id is not None else None
            if found is not None and (found.imported or found.duplicates or found.unplaced):
                print(
                    f"{'':<9} annotations: {found.imported} imported, {found.duplicates} "
                    f"already present, {found.unplaced} could not be placed"
                )
            for message in found.messages if found is not None else ():
                print(f"{'':<9} {message}", file=sys.stderr)
        counts = {
            s: sum(r.status == s for r in results)
            for s in ("imported", "replaced", "duplicate", "failed")
        }
        print(
            ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to import",
            file=sys.stderr,
        )
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def _import_json(result: ImportResult, marked: dict[int, ImportAnnotationsResult]) -> object:
    data = result.to_json()
    found = marked.get(result.doc_id) if result.doc_id is not None else None
    if found is not None:
        data["annotations"] = found.to_json()
    return data


def _summary_rows(docs: list[DocumentSummary]) -> list[list[object]]:
    return [[d.id, d.published, d.kind, d.words, d.annotations, d.title] for d in docs]


def cmd_list(args: argparse.Namespace) -> int:
    """``sourcebook list``."""
    with open_library(args, write=False) as library:
        docs = library.documents()
    if args.tag:
        docs = [d for d in docs if args.tag.casefold() in {t.casefold() for t in d.tags}]
    if args.json:
        print_json([d.to_json() for d in docs])
    else:
        print_table(_summary_rows(docs), ["ID", "PUBLISHED", "KIND", "WORDS", "NOTES", "TITLE"])
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """``sourcebook show DOC_ID [--text | --outline]``."""
    if args.outline:
        return _show_outline(args)
    with open_library(args, write=False) as library:
        doc = library.get_document(args.doc_id)
    data = doc.summary.to_json()
    data["warnings"] = list(doc.warnings)
    if args.text:
        data["text"] = doc.text
    if args.json:
        print_json(data)
        return EXIT_OK
    for key in (
        "id",
        "title",
        "source",
        "author",
        "url",
        "published",
        "language",
        "kind",
        "pages",
        "words",
        "annotations",
        "tags",
        "imported_at",
        "warnings",
    ):
        value = data[key]
        if value not in (None, [], ""):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            print(f"{key + ':':<13}{shown}")
    if args.text:
        print()
        print(doc.text)
    return EXIT_OK


def _show_outline(args: argparse.Namespace) -> int:
    """``sourcebook show DOC_ID --outline``: the bookmarks, with pages and labels."""
    # Reading: an older PDF's map is computed, and stored only when no one else writes.
    with open_library(args, write=False) as library:
        page_map = library.page_map(args.doc_id)
    entries = [entry.to_json(page_map) for entry in page_map.outline]
    if args.json:
        print_json(entries)
        return EXIT_OK
    if not entries:
        print(f"document {args.doc_id} has no outline")
    for entry in entries:
        where = f"p. {entry['label']}" if entry["page"] is not None else "(no page)"
        print(f"{'  ' * (int(str(entry['level'])) - 1)}{entry['title']}  {where}")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    """``sourcebook edit DOC_ID [--title T] ... [--tag T]...``."""
    fields = {
        name: getattr(args, name)
        for name in ("title", "source", "author", "url", "published", "language")
        if getattr(args, name) is not None
    }
    with open_library(args) as library:
        if fields:
            library.update_metadata(args.doc_id, **fields)
        if args.tags is not None:
            library.set_document_tags(args.doc_id, args.tags)
        summary = library.document(args.doc_id)
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"document {summary.id} updated: {summary.title}")
    return EXIT_OK


def _print_annotations(annotations: list[Annotation]) -> None:
    rows = [
        [
            a.id,
            a.doc_id,
            f"{a.start}-{a.end}",
            a.color,
            "orphaned" if a.orphaned else "",
            ", ".join(a.tags),
            a.exact + (f"  [{a.note}]" if a.note else ""),
        ]
        for a in annotations
    ]
    print_table(rows, ["ID", "DOC", "SPAN", "COLOR", "STATE", "TAGS", "TEXT"])


def cmd_annotate(args: argparse.Namespace) -> int:
    """``sourcebook annotate DOC_ID (--quote TEXT | --start N --end N) ...``."""
    with open_library(args) as library:
        if args.quote is not None:
            created = library.annotate_quote(
                args.doc_id,
                args.quote,
                occurrence=args.occurrence,
                color=args.color,
                note=args.note,
                tags=args.tags,
            ).annotation
        else:
            if args.end is None:
                raise UsageError("--start needs --end")
            created = library.annotate(
                args.doc_id, args.start, args.end, color=args.color, note=args.note, tags=args.tags
            ).annotation
    if args.json:
        print_json(created.to_json())
    else:
        _print_annotations([created])
    return EXIT_OK


def cmd_annotations(args: argparse.Namespace) -> int:
    """``sourcebook annotations [DOC_ID] [--tag T] [--color C]``."""
    with open_library(args, write=False) as library:
        if args.doc_id is not None:
            library.document(args.doc_id)
        found = library.annotations(args.doc_id, tag=args.tag, color=args.color)
    if args.json:
        print_json([a.to_json() for a in found])
    else:
        _print_annotations(found)
    return EXIT_OK


def cmd_annotation_edit(args: argparse.Namespace) -> int:
    """``sourcebook annotation edit ID [--color C] [--note N] [--tag T]...``."""
    tags = [] if args.no_tags else args.tags
    with open_library(args) as library:
        edited = library.edit_annotation(
            args.annotation_id, color=args.color, note=args.note, tags=tags
        ).annotation
    if args.json:
        print_json(edited.to_json())
    else:
        _print_annotations([edited])
    return EXIT_OK


def _annotation_state(args: argparse.Namespace, library: Library, message: str) -> int:
    annotation = library.annotation(args.annotation_id)
    if args.json:
        data = annotation.to_json()
        data["trashed"] = annotation.trashed
        print_json(data)
    else:
        print(f"annotation {annotation.id} {message}")
    return EXIT_OK


def cmd_annotation_delete(args: argparse.Namespace) -> int:
    """``sourcebook annotation delete ID``."""
    with open_library(args) as library:
        library.delete_annotation(args.annotation_id)
        return _annotation_state(args, library, "moved to the trash")


def cmd_annotation_restore(args: argparse.Namespace) -> int:
    """``sourcebook annotation restore ID``."""
    with open_library(args) as library:
        library.restore_annotation(args.annotation_id)
        return _annotation_state(args, library, "restored")


def cmd_delete(args: argparse.Namespace) -> int:
    """``sourcebook delete DOC_ID...`` (to the trash)."""
    with open_library(args) as library:
        changes = library.trash_documents(args.doc_ids)
    if args.json:
        print_json({"trashed": sorted(changes.documents)})
    else:
        print(f"moved {len(changes.documents)} document(s) to the trash")
    return EXIT_OK


def cmd_trash_list(args: argparse.Namespace) -> int:
    """``sourcebook trash``: documents and annotations in the trash."""
    with open_library(args, write=False) as library:
        docs = library.documents(trashed=True)
        notes = library.annotations(trashed=True)
    if args.json:
        print_json(
            {"documents": [d.to_json() for d in docs], "annotations": [a.to_json() for a in notes]}
        )
    else:
        print_table(_summary_rows(docs), ["ID", "PUBLISHED", "KIND", "WORDS", "NOTES", "TITLE"])
        if notes:
            print()
            _print_annotations(notes)
    return EXIT_OK


def cmd_trash_restore(args: argparse.Namespace) -> int:
    """``sourcebook trash restore DOC_ID...``."""
    with open_library(args) as library:
        changes = library.restore_documents(args.doc_ids)
    if args.json:
        print_json({"restored": sorted(changes.documents)})
    else:
        print(f"restored {len(changes.documents)} document(s)")
    return EXIT_OK


def cmd_trash_empty(args: argparse.Namespace) -> int:
    """``sourcebook trash empty``."""
    with open_library(args) as library:
        changes = library.empty_trash()
    if args.json:
        print_json(
            {
                "deleted_documents": sorted(changes.documents),
                "deleted_annotations": sorted(changes.annotations),
            }
        )
    else:
        print(
            f"deleted {len(changes.documents)} document(s) and "
            f"{len(changes.annotations)} annotation(s) for good"
        )
    return EXIT_OK
