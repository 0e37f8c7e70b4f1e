"""Markdown → plain text: the words stay, the markup that isn't words (#, **, link URLs) goes."""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
MAX_FRONT_MATTER_CHARS = 20_000   # longer front matter is not metadata: it is left in the text, unparsed
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases (no "billion laughs") and without timestamps (dates stay text, so
    an impossible date such as 2019-02-31 is a string that simply does not parse as a date)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases are not allowed in front matter")
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _inline_text(token: Token) -> str:
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)  # alt text
        # link_open/close, em/strong markers and raw inline HTML carry no words
    return "".join(out).strip()


def front_matter(md: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---`` at the top) as a dict, and the rest of the text."""
    if not md.startswith("---"):
        return {}, md
    m = _FRONT_MATTER.match(md[:MAX_FRONT_MATTER_CHARS + 16])
    if not m:
        return {}, md
    try:
        data = yaml.load(m.group(1), Loader=_FrontMatterLoader)  # noqa: S506 - a safe loader, see above
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError):
        return {}, md
    if not isinstance(data, dict):
        return {}, md
    return data, md[m.end():]


def markdown_to_text(md: str) -> str:
    """The text of a Markdown document, one paragraph (heading, list item, table row) per block."""
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(md)
    blocks: list[str] = []
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            if any(row):
                blocks.append(" | ".join(row))
            row = None
        elif tok.type == "inline":
            text = _inline_text(tok)
            if row is not None:
                row.append(text)
            elif text:
                blocks.append(text)
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            blocks.append(tok.content.strip("\n"))
    return "\n\n".join(blocks)
