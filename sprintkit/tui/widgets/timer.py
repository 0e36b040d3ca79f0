"""The timebox bar shown above a step."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from sprintkit.tui.labels import tr


class TimerBar(Static):
    """The section's timebox: never blocks anything, just shows the time left."""

    DEFAULT_CSS = """
    TimerBar { height: 1; padding: 0 1; background: $panel; }
    TimerBar.-running { background: $primary 30%; }
    TimerBar.-over { background: $error; color: $text; text-style: bold; }
    """

    def __init__(self, timers: dict, section_id: str, minutes: int, *,
                 clock: Callable[[], float] = time.time,
                 save: Callable[[str, dict | None], object] | None = None) -> None:
        super().__init__()
        self.timers = timers
        self.section_id = section_id
        self.minutes = minutes
        # Wall-clock time: a saved timer that was running keeps running across
        # a restart of the app.
        self.clock = clock
        self.save = save
        self._alerted = False

    @property
    def running(self) -> bool:
        return self.timers.get(self.section_id, {}).get("since") is not None

    @property
    def state(self) -> dict:
        return self.timers.setdefault(self.section_id, {
            "elapsed": 0.0, "since": None, "extra": 0, "alerted": False})

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def elapsed(self) -> float:
        st = self.state
        running = max(self.clock() - st["since"], 0.0) if st["since"] is not None else 0.0
        return st["elapsed"] + running

    def total(self) -> int:
        return (self.minutes + self.state["extra"]) * 60

    def toggle(self) -> bool:
        st = self.state
        if st["since"] is None:
            st["since"] = self.clock()
        else:
            st["elapsed"] += max(self.clock() - st["since"], 0.0)
            st["since"] = None
        self._save()
        self.tick()
        return st["since"] is not None

    def extend(self, minutes: int = 5) -> None:
        self.state["extra"] += minutes
        self.state["alerted"] = False
        self._save()
        self.tick()

    def reset(self) -> None:
        self.timers.pop(self.section_id, None)
        if self.save is not None:
            self.save(self.section_id, None)
        self.tick()

    def _save(self) -> None:
        if self.save is not None:
            self.save(self.section_id, self.state)

    @staticmethod
    def _mmss(seconds: float) -> str:
        seconds = int(seconds)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def tick(self) -> None:
        st = self.state
        running = st["since"] is not None
        if not self.minutes and not st["extra"]:
            self.update(Text(tr("timer.none"), style="dim"), layout=False)
            return
        left = self.total() - self.elapsed()
        over = left <= 0
        self.set_class(running and not over, "-running")
        self.set_class(over, "-over")
        if over:
            label = tr("timer.up", over=self._mmss(-left))
            if not st["alerted"]:
                st["alerted"] = True
                self._save()  # reopening must not ring the bell again
                self.app.bell()
                self.app.notify(tr("timer.up.toast"), severity="warning", timeout=8)
        else:
            label = tr("timer.left", left=self._mmss(left), total=self._mmss(self.total()))
        state = tr("timer.running") if running else tr("timer.paused")
        self.update(Text.assemble(("⏱ ", ""), (label, "bold"), "  ", (state, "italic"),
                                  "  ", (tr("timer.keys"), "dim")), layout=False)
