"""Markdown to HTML in GOV.UK Frontend's classes, for the project's own documents (the model cards).

Plain Python-Markdown plus one extension: tree processors that give each element its GOV.UK class
on the element tree, after the inline patterns have made the links, code and images, and put each
table in a box of its own that scrolls sideways on a narrow screen. (The serializer writes attributes
in lexical order: <img alt="..." class="app-figure" src="...">.) No Django here.
"""

from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Markdown's plain tags, dressed in GOV.UK Frontend classes.
GOVUK_CLASSES: dict[str, str] = {
    "h1": "govuk-heading-l",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "a": "govuk-link",
    "code": "app-code",
    "img": "app-figure",
}

# Below "inline" (20), which turns `code`, [links](...) and ![images](...) into elements.
_PRIORITY = 5


class GovukClassesTreeprocessor(Treeprocessor):
    """Sets the class of every element whose tag is in GOVUK_CLASSES, added to any class it has."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            govuk = GOVUK_CLASSES.get(element.tag)
            if govuk is None:
                continue
            existing = element.get("class")
            element.set("class", f"{existing} {govuk}" if existing else govuk)


class ScrollingTablesTreeprocessor(Treeprocessor):
    """Puts each table in `<div class="app-table-scroll" role="region" aria-label=... tabindex="0">`.

    A wide table then scrolls sideways in its own box instead of widening the page (WCAG 1.4.10), and
    the box is a named region in the tab order, so a keyboard can reach and scroll it (axe
    `scrollable-region-focusable`). Its name is the heading the table sits under, with a number when
    one heading has several tables.
    """

    def run(self, root: Element) -> None:
        heading = "Table"
        seen: dict[str, int] = {}
        for index, element in enumerate(list(root)):
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                heading = "".join(element.itertext()).strip() or heading
            elif element.tag == "table":
                seen[heading] = seen.get(heading, 0) + 1
                label = heading if seen[heading] == 1 else f"{heading}, table {seen[heading]}"
                box = Element(
                    "div", {"class": "app-table-scroll", "role": "region", "aria-label": label, "tabindex": "0"}
                )
                box.tail, element.tail = element.tail, None
                root.remove(element)
                box.append(element)
                root.insert(index, box)


class GovukExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(GovukClassesTreeprocessor(md), "govuk_classes", _PRIORITY)
        md.treeprocessors.register(ScrollingTablesTreeprocessor(md), "scrolling_tables", _PRIORITY - 1)


def render_govuk_markdown(text: str) -> str:
    """HTML for `text` with GOV.UK classes; raw HTML in the text is escaped, not passed through."""
    # Only the project's own committed files are rendered, but "<" is escaped anyway, so a stray tag
    # in one shows as text instead of becoming markup.
    return markdown.markdown(text.replace("<", "&lt;"), extensions=["tables", "sane_lists", GovukExtension()])
