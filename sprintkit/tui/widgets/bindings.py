"""Binding descriptions in the current language."""

from __future__ import annotations

from dataclasses import replace

from sprintkit.tui.labels import tr


def localize_bindings(node) -> None:
    """Swap each binding's description (a label key) for text in the current language.

    The label keys are kept on the node, so calling this again after the
    language changed (the app's own keys, when a workshop opens) translates
    them afresh instead of looking up already translated text.
    """
    mapping = node._bindings.key_to_bindings
    originals = node.__dict__.get("_label_bindings")
    if originals is None:
        originals = {key: list(items) for key, items in mapping.items()}
        node.__dict__["_label_bindings"] = originals
    for key, items in originals.items():
        mapping[key] = [replace(b, description=tr(b.description)) if b.description else b
                        for b in items]
