"""The join page's list of names, one button per participant.

Every phone that scans the QR code asks for this list at once, and rendering
a few hundred names through the template was most of the time of joining.
Each name's button is rendered once (per name, role and taken or not) and
reused, and the whole list is put together again only for the names whose
state changed since the last phone asked: while a room joins, that is the
one or two names taken in between.
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2
from markupsafe import Markup

from sprintkit.models import Participant


class NameList:
    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._buttons: dict[tuple[int, str, str, bool], str] = {}
        self._people: Sequence[Participant] = ()
        self._held: frozenset[int | None] = frozenset()
        self._parts: list[str] = []
        self._at: dict[int | None, int] = {}
        self._html = Markup("")

    def html(self, people: Sequence[Participant], held: frozenset[int | None]) -> Markup:
        """The buttons of ``people`` (a list read again whenever anyone was
        added, renamed or removed), those in ``held`` shown as taken."""
        if people is not self._people:
            if len(self._buttons) > 4 * len(people) + 64:
                self._buttons.clear()
            self._people = people
            self._at = {person.id: at for at, person in enumerate(people)}
            self._parts = [self._button(person, person.id in held) for person in people]
        elif held != self._held:
            for participant_id in held ^ self._held:
                at = self._at.get(participant_id)
                if at is not None:
                    self._parts[at] = self._button(people[at], participant_id in held)
        else:
            return self._html
        self._held = held
        self._html = Markup("".join(self._parts))
        return self._html

    def prepare(self, people: Sequence[Participant]) -> None:
        """Render every button both ways now, while the room opens: as the
        room joins, each name turns taken, one render each otherwise."""
        for person in people:
            for taken in (False, True):
                self._button(person, taken)

    def _button(self, person: Participant, taken: bool) -> str:
        key = (person.id, person.name, person.role, taken)
        html = self._buttons.get(key)
        if html is None:
            html = self._buttons[key] = self.env.get_template("name.html").render(
                p=person, taken=taken)
        return html
