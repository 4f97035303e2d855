"""The parts of a model besides its units: links, people and the posts they hold."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Link:
    """A non-hierarchical edge: dotted-line, dual subordination, guidance."""

    source: str
    target: str
    kind: str = "link"
    attrs: dict = field(default_factory=dict)
    line: int = 0

    def to_dict(self):
        return {"from": self.source, "to": self.target, "kind": self.kind, **self.attrs}


@dataclass
class Post:
    """A post that a person holds in a unit."""

    unit: str
    title: str | None = None
    attrs: dict = field(default_factory=dict)
    line: int = 0

    def to_dict(self):
        d = {"unit": self.unit}
        if self.title is not None:
            d["title"] = self.title
        d.update(self.attrs)
        return d


@dataclass
class Person:
    """A named person and the posts they hold, concurrently or not."""

    id: str
    name: str
    posts: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    line: int = 0

    def to_dict(self):
        return {"id": self.id, "name": self.name, **self.attrs,
                "posts": [p.to_dict() for p in self.posts]}
