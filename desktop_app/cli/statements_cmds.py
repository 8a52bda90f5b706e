"""Commands for statements and speakers: list, extract, correct, merge, split."""

from __future__ import annotations

import argparse

from desktop_app.cli.common import EXIT_OK, UsageError, open_library, print_json, print_table
from desktop_app.core.statement_types import speaker_text
from desktop_app.core.types import Changes


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``sourcebook`` parser."""
    p = sub.add_parser(
        "statements",
        parents=parents,
        help="list who said what, and when",
        description="List statements (quotes and reported speech) with their speakers.",
    )
    p.add_argument("--doc", type=int, metavar="ID", help="only this document's statements")
    p.add_argument("--speaker", metavar="NAME", help="part of a speaker's name or alias")
    p.add_argument("--since", metavar="DATE", help="documents published on or after DATE")
    p.add_argument("--until", metavar="DATE", help="documents published on or before DATE")
    p.add_argument("--query", metavar="Q", help="text the quote contains")
    p.add_argument(
        "--group", type=int, metavar="G", help="only the same line's occurrences (group G)"
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=("direct", "mixed", "indirect"),
        dest="kinds",
        help="only this kind (repeatable): direct, mixed (reported with quoted words), indirect",
    )
    p.add_argument(
        "--language",
        action="append",
        dest="languages",
        metavar="LANG",
        help="only documents in this language, e.g. bn, hi, ar (repeatable)",
    )
    p.add_argument(
        "--extract",
        nargs="?",
        const=-1,
        type=int,
        metavar="DOC_ID",
        help="extract statements again first (of DOC_ID, of --doc, or of every document)",
    )
    p.set_defaults(handler=cmd_statements)

    p = sub.add_parser(
        "speakers",
        parents=parents,
        help="list speakers; merge or split them",
        description="List speakers with their aliases, or merge and split them.",
    )
    p.set_defaults(handler=cmd_speakers)
    actions = p.add_subparsers(dest="speakers_action", metavar="ACTION")
    merge = actions.add_parser("merge", parents=parents, help="merge OTHER_ID into KEEP_ID")
    merge.add_argument("keep_id", type=int, metavar="KEEP_ID")
    merge.add_argument("other_id", type=int, metavar="OTHER_ID")
    merge.set_defaults(handler=cmd_speakers_merge)
    split = actions.add_parser(
        "split", parents=parents, help="move aliases (and their statements) to a new speaker"
    )
    split.add_argument("speaker_id", type=int, metavar="ID")
    split.add_argument(
        "--alias",
        action="append",
        required=True,
        dest="aliases",
        metavar="A",
        help="an alias to move (repeatable; the first names the new speaker)",
    )
    split.set_defaults(handler=cmd_speakers_split)

    p = sub.add_parser(
        "statement",
        parents=parents,
        help="correct one statement",
        description="Correct a statement: change its speaker, reject it, or add one.",
    )
    actions = p.add_subparsers(dest="statement_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=parents, help="show one statement")
    show.add_argument("statement_id", type=int, metavar="ID")
    show.set_defaults(handler=cmd_statement_show)
    setp = actions.add_parser("set-speaker", parents=parents, help="attribute to another speaker")
    setp.add_argument("statement_id", type=int, metavar="ID")
    who = setp.add_mutually_exclusive_group(required=True)
    who.add_argument("--speaker-id", type=int, metavar="N")
    who.add_argument("--name", metavar="NAME", help="a speaker's name (created if new)")
    setp.set_defaults(handler=cmd_statement_set_speaker)
    reject = actions.add_parser("reject", parents=parents, help="mark as not a statement")
    reject.add_argument("statement_id", type=int, metavar="ID")
    reject.set_defaults(handler=cmd_statement_reject)
    add = actions.add_parser("add", parents=parents, help="add a statement from a text span")
    add.add_argument("doc_id", type=int, metavar="DOC_ID")
    add.add_argument("--start", type=int, required=True, metavar="N")
    add.add_argument("--end", type=int, required=True, metavar="N", help="exclusive")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--speaker", metavar="NAME", help="the speaker's name (created if new)")
    who.add_argument("--speaker-id", type=int, metavar="N")
    add.set_defaults(handler=cmd_statement_add)


def cmd_statements(args: argparse.Namespace) -> int:
    """``sourcebook statements [--doc ID] [--speaker NAME] ... [--extract [DOC_ID]]``."""
    with open_library(args, write=args.extract is not None) as library:
        if args.doc is not None:
            library.document(args.doc)
        if args.extract is not None:
            target = args.extract if args.extract != -1 else args.doc
            library.extract_statements(target)
        found = library.statements(
            doc_id=args.doc,
            speaker=args.speaker,
            since=args.since,
            until=args.until,
            query=args.query,
            group=args.group,
            kinds=args.kinds or (),
            languages=args.languages or (),
        )
    if args.json:
        print_json([s.to_json() for s in found])
    else:
        _print_statements(found)
    return EXIT_OK


def _print_statements(found: list) -> None:
    rows = [
        (
            s.id,
            s.date,
            s.doc_id,
            speaker_text(s),
            s.role,
            s.kind,
            f"×{s.occurrences} (group {s.group})" if s.group is not None else "",
            f"“{s.quote}”",
        )
        for s in found
    ]
    print_table(rows, ["ID", "DATE", "DOC", "SPEAKER", "ROLE", "KIND", "SAME LINE", "QUOTE"])


def cmd_speakers(args: argparse.Namespace) -> int:
    """``sourcebook speakers``: every speaker with aliases and statement count."""
    with open_library(args, write=False) as library:
        found = library.speakers()
    if args.json:
        print_json([s.to_json() for s in found])
    else:
        _print_speakers(found)
    return EXIT_OK


def _print_speakers(found: list) -> None:
    rows = [
        (s.id, s.name, s.role, s.organisation, s.statements, ", ".join(s.aliases)) for s in found
    ]
    print_table(rows, ["ID", "NAME", "ROLE", "ORGANISATION", "STATEMENTS", "ALIASES"])


def cmd_speakers_merge(args: argparse.Namespace) -> int:
    """``sourcebook speakers merge KEEP_ID OTHER_ID``."""
    with open_library(args) as library:
        library.merge_speakers(args.keep_id, args.other_id)
        kept = library.speaker(args.keep_id)
    _print_one_speaker(args, kept)
    return EXIT_OK


def cmd_speakers_split(args: argparse.Namespace) -> int:
    """``sourcebook speakers split ID --alias A [--alias B ...]``."""
    with open_library(args) as library:
        changes = library.split_speaker(args.speaker_id, args.aliases)
        new_ids = sorted(changes.speakers - {args.speaker_id})
        created = library.speaker(new_ids[0])
    _print_one_speaker(args, created)
    return EXIT_OK


def _print_one_speaker(args: argparse.Namespace, speaker: object) -> None:
    if args.json:
        print_json(speaker.to_json())  # type: ignore[attr-defined]
    else:
        _print_speakers([speaker])


def cmd_statement_show(args: argparse.Namespace) -> int:
    """``sourcebook statement show ID``."""
    with open_library(args, write=False) as library:
        found = library.statement(args.statement_id)
    _print_result(args, [found])
    return EXIT_OK


def cmd_statement_set_speaker(args: argparse.Namespace) -> int:
    """``sourcebook statement set-speaker ID (--speaker-id N | --name NAME)``."""
    with open_library(args) as library:
        library.set_statement_speaker(args.statement_id, speaker_id=args.speaker_id, name=args.name)
        found = library.statement(args.statement_id)
    _print_result(args, [found])
    return EXIT_OK


def cmd_statement_reject(args: argparse.Namespace) -> int:
    """``sourcebook statement reject ID``."""
    with open_library(args) as library:
        library.reject_statement(args.statement_id)
    if args.json:
        print_json({"rejected": args.statement_id})
    else:
        print(f"statement {args.statement_id} rejected; it stays out after re-extraction")
    return EXIT_OK


def cmd_statement_add(args: argparse.Namespace) -> int:
    """``sourcebook statement add DOC_ID --start N --end N (--speaker NAME | --speaker-id N)``."""
    if args.end <= args.start:
        raise UsageError("--end must be greater than --start")
    with open_library(args) as library:
        changes: Changes = library.add_statement(
            args.doc_id, args.start, args.end, speaker_id=args.speaker_id, name=args.speaker
        )
        found = [library.statement(i) for i in sorted(changes.statements)]
    _print_result(args, found)
    return EXIT_OK


def _print_result(args: argparse.Namespace, found: list) -> None:
    if args.json:
        print_json(found[0].to_json() if len(found) == 1 else [s.to_json() for s in found])
    else:
        _print_statements(found)
