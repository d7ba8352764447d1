"""The lifecycle diagram (Mermaid `stateDiagram-v2`) and docs/lifecycle.md, generated from `RULES`.

`tracker rules --diagram` prints the page; a test keeps docs/lifecycle.md equal to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tracker.domain.rules import RULES, machine_transitions
from tracker.domain.status import Status


class _Model:
    """GraphMachine draws the state of a model; this one only sits in `unconfirmed`."""

    get_graph: Callable[..., Any]
    """Added by GraphMachine when the model is bound: the diagram of the model's machine."""


def mermaid() -> str:
    """The state diagram, drawn by transitions' GraphMachine from the same rule table as the Machine."""
    from transitions.extensions import GraphMachine

    model = _Model()
    GraphMachine(
        model=model,
        states=[s.value for s in Status],
        transitions=machine_transitions(),
        initial=Status.UNCONFIRMED.value,
        auto_transitions=False,
        graph_engine="mermaid",
        title="Claim lifecycle",
        show_conditions=True,
    )
    return str(model.get_graph().draw(None)).rstrip() + "\n"


def lifecycle_page() -> str:
    """docs/lifecycle.md: the rule table and the diagram."""
    rows = "\n".join(
        f"| `{r.trigger}` | {', '.join(s.value for s in r.sources)} | {r.dest.value} | "
        f"{'`' + r.guard + '`: ' if r.guard else ''}{r.summary} |"
        for r in RULES
    )
    return f"""# Claim lifecycle

<!-- Generated from tracker/domain/rules.py by `tracker rules --diagram`; a test keeps it current. -->

Every claim starts `unconfirmed`. These are the only moves; `auto_transitions` is off, so no
other path exists. Every trigger needs a non-empty reason. `--override` skips a guard (recorded in
history with the message it overrode) but never the from-state rule.

| trigger | from | to | guard |
| --- | --- | --- | --- |
{rows}

N is the `confirm_sources` rule setting (default 2). Sources are compared ignoring case,
spacing and a leading "the". A deadline equal to the current time has passed.

```mermaid
{mermaid()}```
"""
