"""A tiny DOM for tests: parses HTML (ours, or Chromium's --dump-dom) into a tree of `Node`s."""

from html.parser import HTMLParser
from typing import Dict, Iterator, List, Optional

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: Dict[str, Optional[str]], parent: Optional["Node"]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: List[Node] = []
        self.texts: List[str] = []  # text directly inside, in order (between children too)

    @property
    def classes(self) -> List[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator["Node"]:
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag: str = None, cls: str = None, **attributes: str) -> List["Node"]:
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if cls is not None and cls not in node.classes:
                continue
            if any(node.attrs.get(name.replace("_", "-")) != value for name, value in attributes.items()):
                continue
            found.append(node)
        return found

    def ancestors(self) -> Iterator["Node"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def text(self) -> str:
        """The text of the subtree, tokens separated as rendered (whitespace collapsed)."""
        parts: List[str] = []

        def walk(node: "Node") -> None:
            for piece in node._ordered:
                if isinstance(piece, str):
                    parts.append(piece)
                else:
                    walk(piece)

        walk(self)
        return " ".join("".join(parts).split())


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.root._ordered = []
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        node._ordered = []
        self.current.children.append(node)
        self.current._ordered.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        node._ordered = []
        self.current.children.append(node)
        self.current._ordered.append(node)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.texts.append(data)
        self.current._ordered.append(data)


def parse(html_text: str) -> Node:
    parser = _Parser()
    parser.feed(html_text)
    parser.close()
    return parser.root


def entity_depth_in_dom(node: Node) -> int:
    """How many entity elements enclose ``node``."""
    return sum(1 for ancestor in node.ancestors() if "entity" in ancestor.classes)
