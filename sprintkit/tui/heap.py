"""Python's cycle collector while the TUI starts and after.

Nearly everything made while the TUI's modules load and a step is first built
(classes, widgets, the rows of a 2,000-note workshop) lives as long as the app.
The collector would walk all of it again and again: during start-up, and in
every full collection after it, which then lands in the middle of whatever the
facilitator is doing (a step switch of 50 ms took 150). So collection pauses
while the modules load, and each time a step has been drawn, what exists is
moved out of the collector's sight (``gc.freeze``, which costs nothing);
objects made later are collected as usual.
"""

from __future__ import annotations

import gc
import threading

_paused = False


# A program that imports the TUI and never starts it must not go on without a
# collector: after this long it collects again regardless.
NO_APP_S = 10.0


def pause() -> None:
    """Stop collecting until the first screen is drawn (see ``settle``)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
        timer = threading.Timer(NO_APP_S, _resume)
        timer.daemon = True
        timer.start()


def _resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def settle() -> None:
    """What exists now stays: keep it out of later collections, and collect again."""
    global _paused
    # Frozen first: collecting straight away would walk the whole start-up heap.
    gc.freeze()
    if _paused:
        _paused = False
        gc.enable()


def release() -> None:
    """The app is ending: what was kept may be collected (tests run many apps)."""
    gc.unfreeze()
