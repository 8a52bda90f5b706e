"""Real Word footnotes for python-docx, which has no footnote API.

python-docx cannot write footnotes, so this module adds the pieces Word
expects: a ``/word/footnotes.xml`` part (with the two separator notes Word
itself writes, ids -1 and 0), its relationship from the main document, a
``w:footnotePr`` in the settings, and "Footnote Text"/"Footnote Reference"
styles. Can go when python-docx gains footnotes (upstream issue #1).
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt
from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_EMPTY = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)

TEXT_STYLE = "Footnote Text"
REFERENCE_STYLE = "Footnote Reference"


class Footnotes:
    """Collects footnotes while a document is built; :meth:`finish` stores them."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.root = etree.fromstring(_EMPTY.encode())
        self.count = 0
        self._add_styles()
        self.ref_style = document.styles[REFERENCE_STYLE].style_id
        self.text_style = document.styles[TEXT_STYLE].style_id

    def _add_styles(self) -> None:
        styles = self.document.styles
        names = {s.name for s in styles}
        if TEXT_STYLE not in names:
            text = styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
            text.base_style = styles["Normal"]
            text.font.size = Pt(9)
            text.paragraph_format.space_after = Pt(0)
        if REFERENCE_STYLE not in names:
            ref = styles.add_style(REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
            ref.font.superscript = True

    def add(self, paragraph: CT_P, text: str, *, rtl: bool = False) -> int:
        """Put a footnote reference at the end of ``paragraph`` (a ``w:p``) saying ``text``."""
        self.count += 1
        number = self.count
        ref_style, text_style = self.ref_style, self.text_style
        paragraph.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>'
            )
        )
        note = etree.SubElement(self.root, qn("w:footnote"))
        note.set(qn("w:id"), str(number))
        p = etree.SubElement(note, qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), text_style)
        if rtl:
            etree.SubElement(ppr, qn("w:bidi"))
        mark = etree.SubElement(p, qn("w:r"))
        etree.SubElement(etree.SubElement(mark, qn("w:rPr")), qn("w:rStyle")).set(
            qn("w:val"), ref_style
        )
        etree.SubElement(mark, qn("w:footnoteRef"))
        run = etree.SubElement(p, qn("w:r"))
        t = etree.SubElement(run, qn("w:t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = " " + _NOT_XML.sub("", text)
        return number

    def finish(self) -> None:
        """Add the footnotes part to the package (call once, before saving)."""
        if not self.count:
            return
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        main = self.document.part
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, main.package)
        main.relate_to(part, RT.FOOTNOTES)
        settings = self.document.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = parse_xml(
                f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                '<w:footnote w:id="0"/></w:footnotePr>'
            )
            compat = settings.find(qn("w:compat"))
            if compat is not None:
                compat.addprevious(pr)
            else:
                settings.append(pr)


def read_footnotes(document: DocxDocument) -> dict[int, str]:
    """The text of each real footnote of a document, by id (for tests and checks)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for note in root.findall(f"{{{_W}}}footnote"):
                number = int(note.get(f"{{{_W}}}id"))
                if number > 0:
                    notes[number] = "".join(root_text for root_text in note.itertext()).strip()
            return notes
    return {}
