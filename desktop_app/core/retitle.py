"""Recompute titles made by older title rules (part of ``sourcebook check``).

Titles, authors and outlets that importers derive from PDF, Word and web
files follow the rules in :mod:`desktop_app.core.importers.titles`. When
those rules improve, a library imported earlier still shows the old
choices ("10811.exe", a file name). ``check`` reports it once per rules
version; ``check --repair`` re-reads each original (in the import worker,
with its time and memory limits; for a PDF only the first pages) and
updates what the user has not edited by hand (``documents.edited_fields``).
A title the user set is never touched.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from desktop_app.core.errors import ImportFailed, UnsafePath
from desktop_app.core.importers.dispatch import fallback_title
from desktop_app.core.importers.titles import TITLE_RULES_VERSION, is_artefact, metadata_person
from desktop_app.core.store import documents_repo, files_repo, retitle_repo
from desktop_app.core.store.retitle_repo import TitledDocument
from desktop_app.core.types import DocumentMetadata

if TYPE_CHECKING:
    from desktop_app.core.check_report import CheckReport
    from desktop_app.core.context import LibraryContext

KINDS = ("pdf", "docx", "html")
"""Formats whose titles the rules choose."""


def check_titles(context: LibraryContext, report: CheckReport, repair: bool) -> None:
    """Report (and with ``repair`` recompute) titles made by older rules."""
    with context.lock:
        if retitle_repo.title_rules_version(context.db) >= TITLE_RULES_VERSION:
            return
        documents = retitle_repo.documents_of_kinds(context.db, KINDS)
    can_fix = repair and not context.read_only
    if not documents:
        if can_fix:
            with context.write() as tx:
                db = tx.db
                retitle_repo.set_title_rules_version(db, TITLE_RULES_VERSION)
        return
    if not can_fix:
        report.add(
            "titles",
            f"{len(documents)} document(s) have titles chosen by older rules; "
            "--repair recomputes those not edited by hand",
        )
        return
    changed = 0
    for document in documents:
        fields = _recomputed(context, document)
        if fields:
            with context.write() as tx:
                db = tx.db
                retitle_repo.set_derived_metadata(db, document.id, fields)
            changed += 1
            if "title" in fields:
                report.add(
                    "title",
                    f"document {document.id}: {document.title!r} → {fields['title']!r}",
                    repaired=True,
                )
    with context.write() as tx:
        db = tx.db
        retitle_repo.set_title_rules_version(db, TITLE_RULES_VERSION)
    if changed:
        context.after_write()


def _recomputed(context: LibraryContext, document: TitledDocument) -> dict[str, str | None]:
    """The derived fields of ``document`` that the current rules set differently."""
    from desktop_app.core.importers.guarded import default_worker

    try:
        path = files_repo.stored_path(context.paths.files, document.sha256, document.file_ext)
    except UnsafePath:
        return {}  # reported by check as an unsafe path; the stored title stays
    if not path.is_file():
        return {}  # reported as a missing original; the stored title stays
    stem = PurePath(document.original_name).stem
    try:
        new = default_worker().read_metadata(path, file_stem=stem)
    except ImportFailed:
        return {}
    title = new.title or _fallback(context, document, stem)
    wanted: dict[str, str | None] = {"title": title}
    wanted.update(_people(document, new))
    return {
        name: value
        for name, value in wanted.items()
        if name not in document.edited
        and value != getattr(document, name)
        and (value or name != "title")
    }


def _fallback(context: LibraryContext, document: TitledDocument, stem: str) -> str | None:
    """The file-name fallback, but only in place of a title the rules now reject."""
    if not is_artefact(document.title, file_stem=stem):
        return None
    with context.lock:
        stored = documents_repo.get_document(context.db, document.id)
    return fallback_title(stored.text, stored.blocks, document.original_name)


def _people(document: TitledDocument, new: DocumentMetadata) -> dict[str, str | None]:
    """Author and outlet: the new ones, and artefacts the rules now reject removed."""
    fields: dict[str, str | None] = {}
    if new.author:
        fields["author"] = new.author
    elif document.author and metadata_person(document.author) is None:
        fields["author"] = None  # "ARRAY(0x2c7cf020)", "e516160"
    if new.source:
        fields["source"] = new.source
    return fields
