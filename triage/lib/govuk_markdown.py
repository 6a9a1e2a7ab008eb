"""Markdown to HTML in GOV.UK Frontend's classes, for the project's own documents (the model cards).

Plain Python-Markdown plus one extension: a tree processor that gives each element its GOV.UK class
on the element tree, after the inline patterns have made the links, code and images. (The serializer
writes attributes in lexical order: <img alt="..." class="app-figure" src="...">.) No Django here.
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


class GovukExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(GovukClassesTreeprocessor(md), "govuk_classes", _PRIORITY)


def render_govuk_markdown(text: str) -> str:
    """HTML for `text` with GOV.UK classes; raw HTML in the text is escaped, not passed through."""
    # Only the project's own committed files are rendered, but "<" is escaped anyway, so a stray tag
    # in one shows as text instead of becoming markup.
    return markdown.markdown(text.replace("<", "&lt;"), extensions=["tables", "sane_lists", GovukExtension()])
