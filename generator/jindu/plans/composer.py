"""Composer: YAML parser events → PyYAML nodes, without recursion and with a nesting bound."""

from __future__ import annotations

import functools
from typing import Any, Protocol

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64


class TooDeep(Exception):
    """Raised by the composer when nesting passes MAX_DEPTH, before anything recursed."""

    def __init__(self, mark) -> None:
        super().__init__("too deep")
        self.mark = mark


class _Events(Protocol):
    """What the composer needs of the loader it is mixed into: its parser and resolver."""

    anchors: dict[Any, Node]

    def check_event(self, *choices: Any) -> bool: ...
    def peek_event(self) -> Any: ...
    def get_event(self) -> Any: ...
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any: ...
    def compose_document(self) -> Node | None: ...
    def compose_node(self, parent: Node | None, index: Any) -> Node: ...


def _anchor(anchors: dict[Any, Node], event: Any, node: Node) -> None:
    """Record the node under its anchor; an anchor defined twice is an error, as in PyYAML."""
    anchor = event.anchor
    if anchor is None:
        return
    if anchor in anchors:
        raise ComposerError(
            f"found duplicate anchor {anchor!r}; first occurrence",
            anchors[anchor].start_mark,
            "second occurrence",
            event.start_mark,
        )
    anchors[anchor] = node


class IterativeComposer:
    """PyYAML's composer without recursion, with a nesting bound.

    PyYAML composes one Python call per nesting level, so 10,000 nested `[` raise
    RecursionError before any check of ours could run. This composer keeps its own stack of
    open sequences and mappings and stops at MAX_DEPTH with the position of the first level
    too deep. It reads only parser events (check_event, peek_event, get_event), so it works
    over PyYAML's pure-Python parser and over libyaml's alike; nodes, tags, anchors and
    aliases come out exactly as PyYAML's own composer makes them.
    """

    def get_single_node(self: _Events) -> Node | None:  # the stream handling of yaml.composer.Composer
        self.get_event()  # StreamStartEvent
        document = None
        if not self.check_event(StreamEndEvent):
            document = self.compose_document()
        if not self.check_event(StreamEndEvent):
            event = self.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                document.start_mark if document is not None else None,
                "but found another document",
                event.start_mark,
            )
        self.get_event()  # StreamEndEvent
        return document

    def compose_document(self: _Events) -> Node | None:
        self.get_event()  # DocumentStartEvent
        node = self.compose_node(None, None)
        self.get_event()  # DocumentEndEvent
        self.anchors.clear()  # anchors do not carry over to another document
        return node

    def compose_node(self: _Events, parent: Node | None, index: Any) -> Node:
        # One get_event per event and a type switch: a file has a node per value, so this loop
        # runs a million times at 10,000 tasks (check_event/peek_event per node cost seconds).
        stack: list[list] = []  # [open sequence or mapping node, its pending key node or None]
        tags: dict[tuple, str] = {}  # resolved implicit tags: plans repeat the same scalars
        anchors = self.anchors
        while True:
            event = self.get_event()
            kind = type(event)
            node: Node
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    key = (event.value, event.implicit)
                    tag = tags.get(key)
                    if tag is None:
                        tag = tags[key] = self.resolve(ScalarNode, event.value, event.implicit)
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                _anchor(anchors, event, node)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif kind is AliasEvent:
                if event.anchor not in anchors:
                    raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
                node = anchors[event.anchor]
            else:
                tag = event.tag
                if kind is SequenceStartEvent:
                    if tag is None or tag == "!":
                        tag = self.resolve(SequenceNode, None, event.implicit)
                    node = SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
                else:
                    assert kind is MappingStartEvent, event
                    if tag is None or tag == "!":
                        tag = self.resolve(MappingNode, None, event.implicit)
                    node = MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
                _anchor(anchors, event, node)
                if len(stack) >= MAX_DEPTH:
                    raise TooDeep(node.start_mark)
                stack.append([node, None])
                continue
            if not stack:
                return node
            frame = stack[-1]
            if type(frame[0]) is SequenceNode:
                frame[0].value.append(node)
            elif frame[1] is None:
                frame[1] = node
            else:
                frame[0].value.append((frame[1], node))
                frame[1] = None


class PlanLoader(IterativeComposer, yaml.SafeLoader):
    """PyYAML's safe loader with the iterative composer in front of its own."""


FAST: bool = getattr(yaml, "__with_libyaml__", False)  # PyYAML built with libyaml
SLOW_YAML = (
    "PyYAML has no libyaml here, so YAML is read by its pure-Python parser (about ten times slower); "
    "install PyYAML's binary wheel, or build it with libyaml-dev installed"
)


def make_loader(text: str) -> Any:
    """A loader for `text`: libyaml's parser (C, about ten times faster) under the iterative
    composer when PyYAML has it, else PyYAML's pure-Python parser. Both give the same nodes;
    marks are mapped to editor lines from their character index either way."""
    if FAST:
        return _fast_loader_class()(text)
    return PlanLoader(text)


@functools.cache
def _fast_loader_class() -> type:
    from yaml._yaml import CParser  # only where PyYAML was built with libyaml

    class FastPlanLoader(IterativeComposer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.anchors: dict[Any, Node] = {}

    return FastPlanLoader
