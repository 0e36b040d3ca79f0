"""One pane per kind of playbook step: capture, group, vote, score, roadmap, review."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from sprintkit import analysis
from sprintkit.models import Initiative, Note, Participant, Section
from sprintkit.tui.format import note_row_text, one_line, person_label
from sprintkit.tui.labels import tr
from sprintkit.tui.widgets import (
    ConfirmScreen,
    FormScreen,
    Intro,
    PasteScreen,
    PickScreen,
    PromptScreen,
    Row,
    RowList,
    TextScreen,
    TogglesScreen,
    localize_bindings,
)

BAR = "█"


class Pane(Vertical):
    """Shows one step; ``reload`` redraws it from the database."""

    DEFAULT_CSS = """
    Pane { height: 1fr; }
    Pane .intro { color: $text-muted; padding: 0 1; }
    Pane .prompt { text-style: bold; padding: 0 1; }
    Pane .detail { height: 3; padding: 0 1; background: $panel; }
    Pane .status { padding: 0 1; height: auto; }
    Pane .warn { color: $warning; text-style: bold; padding: 0 1; height: auto; }
    Pane .column-title { text-style: bold; color: $primary; padding: 0 1; width: 100%; }
    """

    def __init__(self, workshop_id: int, section: Section) -> None:
        super().__init__()
        localize_bindings(self)
        self.workshop_id = workshop_id
        self.section = section
        self.ready = False

    @property
    def service(self):
        return self.app.service

    def people(self) -> dict[int, Participant]:
        return {p.id: p for p in self.service.participants(self.workshop_id)}

    def on_mount(self) -> None:
        self.setup()
        self.ready = True
        self.refresh_data()
        # The facilitator may have moved on while this step was being built.
        if getattr(self.screen, "section_id", self.section.id) == self.section.id:
            self.focus_default()

    def setup(self) -> None:
        """Read what does not change while the pane is shown (the playbook)."""

    def refresh_data(self, *, only_if_changed: bool = False) -> None:
        """Reload from the database; with ``only_if_changed``, skip when nothing was logged."""
        marker = self.service.change_marker(self.workshop_id)
        if only_if_changed and marker == getattr(self, "marker", None):
            return
        self.marker = marker
        self.reload()

    def reload(self) -> None:  # pragma: no cover - overridden
        pass

    def focus_default(self) -> None:
        rows = self.query(RowList)
        if rows:
            rows.first().focus()


# ------------------------------------------------------------------ capture


class CapturePane(Pane):
    BINDINGS = [
        Binding("ctrl+s", "speaker", "key.speaker", id="speaker"),
        Binding("ctrl+t", "tags", "key.tags", id="tags"),
        Binding("ctrl+g", "next_prompt", "key.next_prompt", id="next-prompt"),
        Binding("ctrl+r", "held", "key.held", show=False, id="held"),
    ]
    DEFAULT_CSS = """
    CapturePane #capture-state { padding: 0 1; background: $panel; height: 1; }
    CapturePane #held { height: 1; }
    CapturePane #note-line { height: 1; }
    CapturePane #note-speaker { width: auto; max-width: 24; height: 1; padding: 0 0 0 1;
        background: $boost; color: $accent; text-style: bold; }
    CapturePane #note-input { border: none; height: 1; padding: 0 1; width: 1fr;
        background: $boost; }
    CapturePane #note-input:focus { background: $primary 20%; }
    CapturePane #notes { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        yield Static("", classes="prompt", id="prompt")
        yield NoteList(empty=tr("capture.empty"), id="notes")
        yield Static("", classes="detail", id="detail")
        yield Static("", id="capture-state")
        yield Static("", classes="warn", id="held")
        # Who the next note goes to, right where it is typed: the speaker stays
        # from note to note, which is easy to miss in the line above.
        with Horizontal(id="note-line"):
            yield Label("", id="note-speaker")
            yield CaptureInput(placeholder=tr("capture.placeholder"), id="note-input")

    # state shared by every capture step of this workshop
    @property
    def state(self) -> dict:
        store = getattr(self.app, "capture_state", None)
        if store is None:
            store = self.app.capture_state = {}
        return store.setdefault(self.workshop_id, {"speaker": None, "tags": [],
                                                   "prompt": {}})

    @property
    def prompt_index(self) -> int | None:
        if not self.section.prompts:
            return None
        return self.state["prompt"].get(self.section.id, 0)

    def setup(self) -> None:
        self.book = self.service.playbook(self.workshop_id)
        self.tag_titles = self.book.tag_titles()

    def focus_default(self) -> None:
        notes = self.query_one(NoteList)
        notes.cursor = len(notes.rows) - 1
        self.query_one("#note-input", Input).focus()

    def reload(self) -> None:
        self.people_map = self.people()
        speaker = self.state["speaker"]
        if speaker is not None and speaker not in self.people_map:
            self.state["speaker"] = None
        notes = self.service.notes(self.workshop_id, self.section.id)
        self.notes = {n.id: n for n in notes}
        people, titles = self.people_map, self.tag_titles
        rows = [Row(n.id, lambda n=n, i=i: note_row_text(n, people, titles, number=i))
                for i, n in enumerate(notes, start=1)]
        self.query_one(NoteList).set_rows(rows)
        self._draw_prompt()
        self._draw_state()
        self._draw_detail()
        self._draw_held()

    def _draw_prompt(self) -> None:
        index = self.prompt_index
        widget = self.query_one("#prompt", Static)
        if index is None:
            widget.update("")
            widget.display = False
            return
        widget.update(Text.assemble(
            (tr("capture.question", n=index + 1, total=len(self.section.prompts)), "dim"),
            " ", self.section.prompts[index]))

    def _draw_state(self) -> None:
        person = self.people_map.get(self.state["speaker"])
        tags = [self.tag_titles.get(t, t) for t in self.state["tags"]]
        text = Text.assemble(
            (tr("capture.speaker") + ": ", "dim"), (person_label(person), "bold"),
            " ", (tr("capture.speaker_stays"), "dim italic"),
            "   ", (tr("capture.tags") + ": ", "dim"),
            (", ".join(tags) if tags else "–", "bold"),
            "   ", (tr("capture.count", n=len(self.notes)), "dim"))
        self.query_one("#capture-state", Static).update(text, layout=False)
        self.query_one("#note-speaker", Label).update(
            Text((person.name if person else tr("anonymous")) + " ›", no_wrap=True,
                 overflow="ellipsis"))

    def _draw_detail(self) -> None:
        notes = self.query_one(NoteList)
        note = self.notes.get(notes.current_key) if notes.current_key is not None else None
        detail = self.query_one("#detail", Static)
        if note is None:
            detail.update(Text(tr("capture.detail_hint"), style="dim"), layout=False)
            return
        person = self.people_map.get(note.participant_id) if note.participant_id else None
        tags = ", ".join(self.tag_titles.get(t, t) for t in note.lenses)
        detail.update(Text.assemble((person_label(person), "bold"),
                                    (f" [{tags}]" if tags else "", "italic"),
                                    ": ", note.text), layout=False)

    @on(RowList.Highlighted, "#notes")
    def _highlighted(self) -> None:
        self._draw_detail()

    # ------------------------------------------------------------ capture
    def _parse(self, raw: str) -> tuple[str, int | None | bool, list[str], list[str]]:
        """Pull ``@name`` (speaker) and ``#tag`` tokens out of the typed text.

        The last value lists problems: an ``@name`` or ``#tag`` that matches
        nobody (or more than one), which must never be saved as if it matched.
        """
        speaker: int | None | bool = False  # False: unchanged
        tags: list[str] = []
        words = []
        problems: list[str] = []
        for word in raw.split(" "):
            token = word.strip(",.;:!?")
            if token.startswith("@") and len(token) > 1:
                found = self._match_person(token[1:])
                if found is not None:
                    speaker = None if found == -1 else found
                    continue
                problems.append(self._person_problem(token[1:]))
            if token.startswith("#") and len(token) > 1 and not token[1:].isdigit():
                tag = self._match_tag(token[1:])
                if tag is not None:
                    if tag not in tags:
                        tags.append(tag)
                    continue
                problems.append(self._tag_problem(token[1:]))
            words.append(word)
        return " ".join(words).strip(), speaker, tags, problems

    def _person_problem(self, needle: str) -> str:
        low = needle.lower()
        several = sorted(p.name for p in self.people_map.values()
                         if p.name.lower().startswith(low)
                         or p.name.lower().replace(" ", "").startswith(low))
        if len(several) > 1:
            return tr("capture.ambiguous_person", name=needle, names=", ".join(several))
        return tr("capture.unknown_person", name=needle)

    def _tag_problem(self, needle: str) -> str:
        if not self.tag_titles:
            return tr("capture.unknown_tag_none", tag=needle)
        low = needle.lower()
        several = [title for t, title in self.tag_titles.items()
                   if t.startswith(low) or title.lower().startswith(low)]
        if len(several) > 1:
            return tr("capture.ambiguous_tag", tag=needle, names=", ".join(several))
        return tr("capture.unknown_tag", tag=needle)

    def _match_person(self, needle: str) -> int | None:
        needle = needle.lower()
        if needle in ("-", "?", "anon", tr("anonymous.short").lower()):
            return -1
        exact = [p.id for p in self.people_map.values() if p.name.lower() == needle]
        if exact:
            return exact[0]
        found = [p.id for p in self.people_map.values()
                 if p.name.lower().startswith(needle)
                 or p.name.lower().replace(" ", "").startswith(needle)]
        return found[0] if len(found) == 1 else None

    def _match_tag(self, needle: str) -> str | None:
        needle = needle.lower()
        for tag, title in self.tag_titles.items():
            if needle in (tag, title.lower()):
                return tag
        found = [t for t, title in self.tag_titles.items()
                 if t.startswith(needle) or title.lower().startswith(needle)]
        return found[0] if len(found) == 1 else None

    def on_capture_input_typed(self, event: CaptureInput.Typed) -> None:
        event.stop()
        self.submit_text(event.text)

    def submit_text(self, raw: str) -> bool:
        """Save one line (or one pasted block) as a note; True when nothing is held.

        The field was emptied when Enter was pressed, so a line that cannot be
        saved is held aside, never left to merge with what is typed next.
        """
        text, speaker, inline_tags, problems = self._parse_lines(raw)
        if problems:
            self._hold(raw, problems)
            return False
        if speaker is not False:
            self.state["speaker"] = speaker
        if not text:
            self._draw_state()
            return True
        tags = list(dict.fromkeys([*self.state["tags"], *inline_tags]))
        note = self.app.act(self.service.add_note, self.workshop_id, self.section.id, text,
                            participant=self.state["speaker"], lenses=tags,
                            prompt_index=self.prompt_index, reload=False)
        if note is None:  # refused or not written: the reason is on screen already
            self._hold(raw, [])
            return False
        self.state["tags"] = []
        self._newest = note.id
        self._draw_state()
        self._redraw_soon()
        return True

    def _parse_lines(self, raw: str) -> tuple[str, int | None | bool, list[str], list[str]]:
        """``_parse`` line by line, for notes pasted with their line breaks."""
        speaker: int | None | bool = False
        tags: list[str] = []
        problems: list[str] = []
        texts = []
        for line in raw.split("\n"):
            text, said_by, line_tags, line_problems = self._parse(line)
            if said_by is not False:
                speaker = said_by
            tags += [t for t in line_tags if t not in tags]
            problems += line_problems
            texts.append(text)
        return "\n".join(texts).strip(), speaker, tags, problems

    def _redraw_soon(self) -> None:
        # Notes typed in a burst are saved one by one but drawn once: the list
        # is redrawn after the notes already waiting here have been saved.
        if not getattr(self, "_redraw_pending", False):
            self._redraw_pending = True
            self.call_later(self._redraw_notes)

    def _redraw_notes(self) -> None:
        self._redraw_pending = False
        self.app.reload_all()
        newest = getattr(self, "_newest", None)
        if newest is not None and self.is_attached:
            self.query_one(NoteList).select_key(newest)

    # ------------------------------------------------------------ held lines
    @property
    def held(self) -> list[dict]:
        """Lines of this step that could not be saved, oldest first."""
        return [h for h in self.state.setdefault("held", [])
                if h["section"] == self.section.id]

    def _hold(self, raw: str, problems: list[str]) -> None:
        self.state.setdefault("held", []).append(
            {"section": self.section.id, "text": raw, "problems": problems})
        if problems:
            self.notify("\n".join([*problems, tr("capture.held_hint")]),
                        title=tr("capture.not_saved"), severity="warning", timeout=8)
        self._draw_held()

    def keep_draft(self) -> None:
        """Hold aside a note still being typed, before its field goes away
        (leaving the workshop, quitting): typed text is never lost silently."""
        field = self.query_one("#note-input", Input)
        if field.value.strip():
            self.state.setdefault("held", []).append(
                {"section": self.section.id, "text": field.value, "problems": []})
            field.value = ""
            self._draw_held()

    def _draw_held(self) -> None:
        held = self.held
        strip = self.query_one("#held", Static)
        strip.display = bool(held)
        if held:
            text = Text.assemble(("⚠ " + tr("capture.held", n=len(held)) + " ", "bold"),
                                 one_line(held[-1]["text"]))
            text.no_wrap, text.overflow = True, "ellipsis"
            strip.update(text)

    def action_held(self) -> None:
        held = self.held
        if not held:
            self.notify(tr("capture.held_none"), timeout=3)
            return
        if len(held) == 1:
            self._fix_held(held[0])
            return
        options: list[tuple[Hashable, str]] = [(i, one_line(h["text"]))
                                               for i, h in enumerate(held)]

        def picked(key: Hashable | None) -> None:
            if key is not None:
                self._fix_held(held[int(key)])  # type: ignore[arg-type]

        self.app.push_screen(PickScreen(tr("capture.held_pick", n=len(held)), options), picked)

    def _fix_held(self, entry: dict) -> None:
        def saved(text: str | None) -> None:
            if text is None:
                return  # still held, unchanged
            held = self.state.setdefault("held", [])
            if entry in held:
                held.remove(entry)
            if text.strip():
                self.submit_text(text)
            else:
                self.notify(tr("capture.held_dropped"), timeout=4)
            self._draw_held()

        hint = "\n".join(entry["problems"]) or tr("capture.held_retry")
        screen = (TextScreen(tr("capture.held_edit"), entry["text"], hint=hint)
                  if "\n" in entry["text"]
                  else PromptScreen(tr("capture.held_edit"), entry["text"],
                                    hint=Text(hint), allow_empty=True))  # type: ignore[arg-type]
        self.app.push_screen(screen, saved)

    # ----------------------------------------------------------------- paste
    def on_capture_input_pasted(self, event: CaptureInput.Pasted) -> None:
        event.stop()
        lines = [line.strip() for line in event.text.split("\n") if line.strip()]
        refused = [(line, problems) for line in lines if (problems := self._parse(line)[3])]
        whole = "\n".join(line.rstrip() for line in event.text.split("\n")).strip("\n")

        def answered(answer: tuple[bool, str] | None) -> None:
            split, typed = answer if answer is not None else (False, "")
            if split:
                for line in lines:
                    self.submit_text(line)
            else:
                self.submit_text(whole)
            if typed and self.is_attached:
                # The key that chose "one note" was the first of the next note.
                self.query_one(CaptureInput).insert_text_at_cursor(typed)

        self.app.push_screen(PasteScreen(lines, refused), answered)

    def action_speaker(self, note_id: int | None = None) -> None:
        people = sorted(self.people_map.values(), key=lambda p: p.name.lower())
        options: list[tuple[Hashable, str]] = [(-1, tr("anonymous"))]
        options += [(p.id, person_label(p)) for p in people]
        current = self.state["speaker"] if note_id is None else (
            self.notes[note_id].participant_id if note_id in self.notes else None)

        def picked(key: Hashable | None) -> None:
            if key is None:
                return
            pid = None if key == -1 else int(key)  # type: ignore[arg-type]
            if note_id is None:
                self.state["speaker"] = pid
                self._draw_state()
            else:
                self.app.act(self.service.edit_note, self.workshop_id, note_id,
                             participant=pid)

        title = tr("capture.pick_speaker") if note_id is None else tr("capture.pick_author")
        self.app.push_screen(
            PickScreen(title, options, current=-1 if current is None else current), picked)

    def action_tags(self, note_id: int | None = None) -> None:
        if not self.tag_titles:
            self.notify(tr("capture.no_lenses"), severity="warning")
            return
        options = [(tag, f"{title}  ({lens.title})") for lens in self.book.lenses
                   for tag, title in lens.tags.items()]
        chosen = self.state["tags"] if note_id is None else self.notes[note_id].lenses

        def done(tags: list | None) -> None:
            if tags is None:
                return
            if note_id is None:
                self.state["tags"] = list(tags)
                self._draw_state()
            else:
                self.app.act(self.service.edit_note, self.workshop_id, note_id, lenses=tags)

        self.app.push_screen(TogglesScreen(tr("capture.pick_tags"), options, chosen), done)

    def action_next_prompt(self) -> None:
        if not self.section.prompts:
            return
        index = ((self.prompt_index or 0) + 1) % len(self.section.prompts)
        self.state["prompt"][self.section.id] = index
        self._draw_prompt()

    # --------------------------------------------------------- note list
    def toggle_tag(self, note_id: int, number: int) -> None:
        tags = list(self.tag_titles)
        if not 1 <= number <= len(tags):
            return
        tag = tags[number - 1]
        current = list(self.notes[note_id].lenses)
        current = [t for t in current if t != tag] if tag in current else [*current, tag]
        self.app.act(self.service.edit_note, self.workshop_id, note_id, lenses=current)

    def edit_note(self, note_id: int) -> None:
        note = self.notes[note_id]

        def saved(text: str | None) -> None:
            if text and text != note.text:
                self.app.act(self.service.edit_note, self.workshop_id, note_id, text=text)

        # Notes from phones may run over several lines: edit those in a text area.
        screen = (TextScreen(tr("capture.edit"), note.text) if "\n" in note.text
                  else PromptScreen(tr("capture.edit"), note.text))
        self.app.push_screen(screen, saved)

    def delete_note(self, note_id: int) -> None:
        self.app.act(self.service.delete_note, self.workshop_id, note_id,
                     done=tr("capture.deleted"))

    def move_note(self, note_id: int) -> None:
        options = [(s.id, s.title) for s in self.book.sections
                   if s.kind == "capture" and s.id != self.section.id]

        def picked(section_id: Hashable | None) -> None:
            if section_id is not None:
                self.app.act(self.service.move_note, self.workshop_id, note_id,
                             str(section_id), done=tr("capture.moved"))

        self.app.push_screen(PickScreen(tr("capture.move_to"), options), picked)


class NoteList(RowList):
    """The notes of a capture step; single keys act on the highlighted note."""

    BINDINGS = [
        Binding("e", "edit", "key.edit"),
        Binding("d,delete", "delete", "key.delete"),
        Binding("m", "move", "key.move"),
        Binding("s", "speaker", "key.author"),
        Binding("t", "tags", "key.tags"),
        Binding("i,escape", "type", "key.type"),
        Binding("1,2,3,4,5,6,7,8,9", "", "key.toggle_tag", show=False, id="tag-digit"),
    ]

    @property
    def pane(self) -> CapturePane:
        return self.query_ancestor(CapturePane)

    def _key(self) -> int | None:
        key = self.current_key
        return int(key) if key is not None else None  # type: ignore[arg-type]

    def action_select(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        if (key := self._key()) is not None:
            self.pane.edit_note(key)

    def action_delete(self) -> None:
        if (key := self._key()) is not None:
            self.pane.delete_note(key)

    def action_move(self) -> None:
        if (key := self._key()) is not None:
            self.pane.move_note(key)

    def action_speaker(self) -> None:
        if (key := self._key()) is not None:
            self.pane.action_speaker(key)

    def action_tags(self) -> None:
        if (key := self._key()) is not None:
            self.pane.action_tags(key)

    def action_type(self) -> None:
        self.pane.focus_default()

    def action_cursor(self, delta: int) -> None:
        if delta > 0 and self.cursor >= len(self.rows) - 1:
            self.pane.focus_default()
            return
        super().action_cursor(delta)

    def on_key(self, event) -> None:
        if event.character and event.character in "123456789" and self._key() is not None:
            event.stop()
            self.pane.toggle_tag(self._key(), int(event.character))  # type: ignore[arg-type]


class CaptureInput(Input):
    """The capture line; Up goes to the newest note.

    Enter takes the text and empties the field in the field's own turn, before
    any key typed after it is handled: those keys start the next note, however
    long the save of this one takes.
    """

    BINDINGS = [Binding("up", "to_notes", show=False)]
    # Keys this field handles itself: they never move the focus (see keyorder).
    KEYS_KEPT = ("enter",)

    class Typed(Message):
        """Enter was pressed; ``text`` is what the field held at that moment."""

        def __init__(self, field: CaptureInput, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

        @property
        def control(self) -> CaptureInput:
            return self.field

    class Pasted(Typed):
        """A bracketed paste of several lines, for the pane to ask about."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()  # not Input's own handler nor its submit binding
            text, self.value = self.value, ""
            self.post_message(self.Typed(self, text))

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) > 1:
            self.post_message(self.Pasted(self, text))
        elif lines:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(lines[0])
            else:
                self.replace(lines[0], *selection)

    def action_to_notes(self) -> None:
        notes = self.query_ancestor(CapturePane).query_one(NoteList)
        notes.focus()
        notes.cursor = len(notes.rows) - 1


# --------------------------------------------------------------------- group


class GroupPane(Pane):
    """Mark notes, then make an initiative of them or add them to one."""

    BINDINGS = [
        Binding("a", "toggle_all", "key.show_all", id="show-all"),
    ]
    DEFAULT_CSS = """
    GroupPane #group-columns { height: 1fr; }
    GroupPane #group-notes-box { width: 3fr; }
    GroupPane #group-items-box { width: 2fr; border-left: tall $primary; }
    """

    def __init__(self, workshop_id: int, section: Section) -> None:
        super().__init__(workshop_id, section)
        self.marked_notes: set[int] = set()
        self.marked_items: set[int] = set()
        self.show_all = False

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        with Horizontal(id="group-columns"):
            with Vertical(id="group-notes-box"):
                yield Label("", classes="column-title", id="group-notes-title")
                yield GroupNotes(empty=tr("group.no_notes"), id="group-notes")
            with Vertical(id="group-items-box"):
                yield Label(tr("group.initiatives"), classes="column-title")
                yield GroupItems(empty=tr("group.no_items"), id="group-items")
        yield Static("", classes="detail", id="detail")

    def setup(self) -> None:
        self.book = self.service.playbook(self.workshop_id)
        self.tag_titles = self.book.tag_titles()
        self.section_no = {s.id: i for i, s in enumerate(self.book.sections, start=1)}

    def reload(self) -> None:
        self.people_map = self.people()
        all_notes = self.service.notes(self.workshop_id)
        capture = {s.id for s in self.book.sections if s.kind == "capture"}
        self.items = {i.id: i for i in self.service.initiatives(self.workshop_id)}
        self.notes = {n.id: n for n in all_notes}
        shown = [n for n in all_notes if (self.show_all or n.initiative_id is None)
                 and (n.section_id in capture or n.initiative_id is None)]
        self.marked_notes &= {n.id for n in shown}
        self.marked_items &= set(self.items)
        self.shown_notes = shown
        self._draw_notes()
        self._draw_items()
        loose = sum(1 for n in all_notes if n.initiative_id is None)
        title = tr("group.all_notes", n=len(shown)) if self.show_all else \
            tr("group.loose_notes", n=loose)
        self.query_one("#group-notes-title", Label).update(title)
        self._draw_detail()

    def _note_text(self, note: Note) -> Text:
        suffix = ""
        if note.initiative_id is not None and note.initiative_id in self.items:
            suffix = f"  → {self.items[note.initiative_id].title}"
        return note_row_text(note, self.people_map, self.tag_titles,
                             marked=note.id in self.marked_notes,
                             prefix=f"{self.section_no.get(note.section_id, '?')}· ",
                             suffix=suffix)

    def _draw_notes(self) -> None:
        rows = [Row(n.id, lambda n=n: self._note_text(n)) for n in self.shown_notes]
        self.query_one(GroupNotes).set_rows(rows)

    def _item_text(self, item: Initiative, counts: dict[int, int]) -> Text:
        # The note count first: a long title is cut at the end, on a narrow screen too.
        return Text.assemble(("● " if item.id in self.marked_items else "  ", "bold"),
                             (f"{counts.get(item.id, 0):>3}  ", "dim"),
                             (item.title, "bold"))

    def _draw_items(self) -> None:
        counts = self.service.initiative_note_counts(self.workshop_id)
        self.counts = counts
        rows = [Row(i.id, self._item_text(i, counts)) for i in self.items.values()]
        self.query_one(GroupItems).set_rows(rows)

    def _draw_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        focused = self.app.focused
        if isinstance(focused, GroupItems) and focused.current_key in self.items:
            item = self.items[focused.current_key]  # type: ignore[index]
            detail.update(Text.assemble(
                (item.title, "bold"), (f" ({self.counts.get(item.id, 0)})", "dim"),
                ": ", item.description or Text(tr("group.no_description"), style="dim")),
                layout=False)
            return
        notes = self.query_one(GroupNotes)
        note = self.notes.get(notes.current_key) if notes.current_key is not None else None
        marked = len(self.marked_notes)
        head = (tr("group.marked", n=marked) + "  ") if marked else ""
        if note is None:
            detail.update(Text(head + tr("group.hint"), style="dim"), layout=False)
        else:
            detail.update(Text.assemble((head, "bold"), one_line(note.text)), layout=False)

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self._draw_detail()

    def on_descendant_focus(self) -> None:
        self._draw_detail()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.reload()

    # ----------------------------------------------------------- notes
    def mark_note(self, note_id: int) -> None:
        self.marked_notes ^= {note_id}
        notes = self.query_one(GroupNotes)
        notes.update_row(note_id, self._note_text(self.notes[note_id]))
        notes.cursor += 1
        self._draw_detail()

    def _chosen_notes(self) -> list[int]:
        if self.marked_notes:
            return [n.id for n in self.shown_notes if n.id in self.marked_notes]
        key = self.query_one(GroupNotes).current_key
        return [int(key)] if key is not None else []  # type: ignore[arg-type]

    def new_initiative(self) -> None:
        chosen = self._chosen_notes()
        if not chosen:
            return
        suggestion = one_line(self.notes[chosen[0]].text)[:80]

        def titled(title: str | None) -> None:
            if not title:
                return
            item = self.app.act(self.service.create_initiative, self.workshop_id, title,
                                note_ids=chosen,
                                done=tr("group.created", title=title, n=len(chosen)))
            if item is not None:
                self.marked_notes.clear()
                self.reload()
                self.query_one(GroupItems).select_key(item.id)

        self.app.push_screen(PromptScreen(tr("group.new_title", n=len(chosen)), suggestion,
                                          hint=tr("group.new_hint")), titled)

    def add_to_initiative(self) -> None:
        chosen = self._chosen_notes()
        if not chosen:
            return
        if not self.items:
            self.new_initiative()
            return
        options = [(i.id, i.title) for i in self.items.values()]
        current = self.query_one(GroupItems).current_key

        def picked(key: Hashable | None) -> None:
            if key is None:
                return
            item = self.items[int(key)]  # type: ignore[arg-type]
            done = self.app.act(self.service.add_notes_to_initiative, self.workshop_id,
                                item.id, chosen,
                                done=tr("group.added", title=item.title, n=len(chosen)))
            if done is not None:
                self.marked_notes.clear()
                self.reload()

        self.app.push_screen(PickScreen(tr("group.add_to", n=len(chosen)), options,
                                        current=current), picked)

    def ungroup(self) -> None:
        chosen = [n for n in self._chosen_notes() if self.notes[n].initiative_id is not None]
        if chosen:
            self.app.act(self.service.ungroup_notes, self.workshop_id, chosen,
                         done=tr("group.ungrouped", n=len(chosen)))
            self.marked_notes.clear()
            self.reload()

    # ----------------------------------------------------------- initiatives
    def _item(self) -> Initiative | None:
        key = self.query_one(GroupItems).current_key
        return self.items.get(key) if key is not None else None  # type: ignore[arg-type]

    def mark_item(self) -> None:
        item = self._item()
        if item is None:
            return
        self.marked_items ^= {item.id}
        items = self.query_one(GroupItems)
        items.update_row(item.id, self._item_text(item, self.counts))
        items.cursor += 1

    def open_item(self) -> None:
        item = self._item()
        if item is not None:
            from sprintkit.tui.screens import InitiativeScreen

            self.app.push_screen(InitiativeScreen(self.workshop_id, item.id))

    def rename_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def saved(title: str | None) -> None:
            if title and title != item.title:
                self.app.act(self.service.update_initiative, self.workshop_id, item.id,
                             title=title)

        self.app.push_screen(PromptScreen(tr("group.rename"), item.title), saved)

    def describe_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def saved(text: str | None) -> None:
            if text is not None and text != item.description:
                self.app.act(self.service.update_initiative, self.workshop_id, item.id,
                             description=text)

        self.app.push_screen(TextScreen(tr("group.describe", title=item.title),
                                        item.description), saved)

    def merge_items(self) -> None:
        target = self._item()
        others = [i for i in self.marked_items if target is None or i != target.id]
        if target is None or not others:
            self.notify(tr("group.merge_hint"), severity="warning", timeout=5)
            return
        names = ", ".join(self.items[i].title for i in others)

        def confirmed(yes: bool | None) -> None:
            if yes:
                done = self.app.act(self.service.merge_initiatives, self.workshop_id,
                                    target.id, others,
                                    done=tr("group.merged", title=target.title))
                if done is not None:
                    self.marked_items.clear()
                    self.reload()

        self.app.push_screen(ConfirmScreen(tr("group.confirm_merge", others=names,
                                              title=target.title)), confirmed)

    def delete_item(self) -> None:
        item = self._item()
        if item is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.act(self.service.delete_initiative, self.workshop_id, item.id,
                             done=tr("group.deleted", title=item.title))

        self.app.push_screen(ConfirmScreen(tr("group.confirm_delete", title=item.title)),
                             confirmed)


class GroupNotes(RowList):
    BINDINGS = [
        Binding("space", "mark", "key.mark"),
        Binding("n", "new", "key.new_initiative"),
        Binding("g", "add", "key.add_to"),
        Binding("u", "ungroup", "key.ungroup", show=False),
    ]

    @property
    def pane(self) -> GroupPane:
        return self.query_ancestor(GroupPane)

    def action_mark(self) -> None:
        if self.current_key is not None:
            self.pane.mark_note(int(self.current_key))  # type: ignore[arg-type]

    def action_select(self) -> None:
        self.action_mark()

    def action_new(self) -> None:
        self.pane.new_initiative()

    def action_add(self) -> None:
        self.pane.add_to_initiative()

    def action_ungroup(self) -> None:
        self.pane.ungroup()


class GroupItems(RowList):
    BINDINGS = [
        Binding("enter", "select", "key.open"),
        Binding("space", "mark", "key.mark"),
        Binding("r", "rename", "key.rename"),
        Binding("e", "describe", "key.describe"),
        Binding("M", "merge", "key.merge"),
        Binding("x,delete", "delete", "key.delete", show=False),
    ]

    @property
    def pane(self) -> GroupPane:
        return self.query_ancestor(GroupPane)

    def action_select(self) -> None:
        self.pane.open_item()

    def action_mark(self) -> None:
        self.pane.mark_item()

    def action_rename(self) -> None:
        self.pane.rename_item()

    def action_describe(self) -> None:
        self.pane.describe_item()

    def action_merge(self) -> None:
        self.pane.merge_items()

    def action_delete(self) -> None:
        self.pane.delete_item()


# ---------------------------------------------------------------------- vote


class VotePane(Pane):
    BINDINGS = [
        Binding("o", "open_round", "key.open_round", id="open-round"),
        Binding("b", "ballot", "key.ballot", id="ballot"),
        Binding("u", "budget", "key.budget", id="budget"),
        Binding("c", "close_round", "key.close_round", id="close-round"),
        Binding("r", "reveal", "key.reveal", id="reveal"),
        Binding("v", "by_role", "key.by_role", id="by-role"),
    ]
    DEFAULT_CSS = """
    VotePane #vote-status { padding: 0 1; background: $panel; height: auto; }
    VotePane #vote-list { height: 1fr; }
    """

    def __init__(self, workshop_id: int, section: Section) -> None:
        super().__init__(workshop_id, section)
        self.by_role = False

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        yield Static("", id="vote-status")
        yield RowList(id="vote-list")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        rnd = getattr(self, "round", None)
        status = rnd.status if rnd else None
        allowed = {
            "open_round": status != "open",
            "ballot": status == "open",
            "budget": status == "open",
            "close_round": status == "open",
            "reveal": status == "closed",
            # An anonymous round never shows who voted for what, not even by role.
            "by_role": status == "revealed" and not rnd.anonymous,
        }
        return allowed.get(action, True)

    def reload(self) -> None:
        self.round = self.service.current_round(self.workshop_id)
        people = self.service.participants(self.workshop_id)
        status = self.query_one("#vote-status", Static)
        rows: list[Row] = []
        rnd = self.round
        if rnd is None:
            status.update(Text(tr("vote.none"), style="bold"))
        else:
            kind = tr("vote.anonymous") if rnd.anonymous else tr("vote.named")
            head = tr("vote.round", n=rnd.number, status=tr(f"vote.status.{rnd.status}"),
                      dots=rnd.dots_per_person, max=rnd.max_per_item, kind=kind)
            voters = self.service.voters(rnd.id)
            line = Text.assemble((head, "bold"), "\n",
                                 (tr("vote.voted", n=len(voters), total=len(people)), "bold"))
            if rnd.status == "open":
                line.append("  " + tr("vote.open_hint"), style="dim")
                for person in people:
                    mark = "✓" if person.id in voters else "·"
                    rows.append(Row(person.id, Text.assemble(
                        (f" {mark} ", "bold green" if person.id in voters else "dim"),
                        person_label(person))))
            elif rnd.status == "closed":
                line.append("  " + tr("vote.closed_hint"), style="dim")
            else:
                rows = self._result_rows(people)
            if rnd.status != "open" and rnd.over_budget:
                line.append("\n" + tr(f"vote.rule.{rnd.over_budget}", budget=rnd.dots_per_person),
                            style="italic")
            status.update(line)
        self.query_one("#vote-list", RowList).set_rows(rows)
        self.refresh_bindings()

    def _result_rows(self, people: list[Participant]) -> list[Row]:
        tally = self.service.tally(self.workshop_id)
        top = max((row.dots for row in tally), default=0) or 1
        full = max(6, min(20, (self.size.width - 40) // 2)) if self.size.width else 20
        rows: list[Row] = []
        for row in tally:
            width = round(row.dots / top * full)
            rows.append(Row(row.initiative_id, Text.assemble(
                (f"{row.rank:>3}. ", "bold"), (BAR * width, "bold blue"),
                (" " * (full + 1 - width)), (f"{row.dots:>3} ", "bold"), row.title,
                (f"  ({tr('vote.voters', n=row.voters)})", "dim"))))
            if self.by_role and row.by_role:
                for role, dots in row.by_role.items():
                    rows.append(Row(f"{row.initiative_id}:{role}", Text.assemble(
                        "       ", ("▪" * dots, "magenta"), f" {dots} ",
                        (role or tr("vote.no_role"), "italic"))))
        return rows

    def action_open_round(self) -> None:
        book = self.service.playbook(self.workshop_id)
        fields = [("dots", tr("vote.form.dots"), str(book.voting.dots_per_person)),
                  ("max", tr("vote.form.max"), str(book.voting.max_per_item)),
                  ("anonymous", tr("vote.form.anonymous"), tr("no"))]

        def saved(values: dict | None) -> None:
            if values is None:
                return
            dots, most = int(values["dots"]), int(values["max"])
            anonymous = values["anonymous"].strip().lower()[:1] in ("y", "k", "1", "x")
            self.app.act(self.service.open_round, self.workshop_id, dots=dots,
                         max_per_item=most, anonymous=anonymous, done=tr("vote.opened"))

        self.app.push_screen(FormScreen(tr("vote.form.title"), fields, check=_budget_problem),
                             saved)

    def action_budget(self) -> None:
        rnd = self.round
        if rnd is None:
            return
        fields = [("dots", tr("vote.form.dots"), str(rnd.dots_per_person)),
                  ("max", tr("vote.form.max"), str(rnd.max_per_item))]

        def saved(values: dict | None) -> None:
            if values is None:
                return
            dots, most = int(values["dots"]), int(values["max"])
            self.app.act(self.service.set_round_budget, self.workshop_id, dots=dots,
                         max_per_item=most, done=tr("vote.budget_changed"))

        self.app.push_screen(FormScreen(tr("vote.budget_title"), fields,
                                        check=_budget_problem), saved)

    def action_close_round(self) -> None:
        over = self.service.over_budget(self.workshop_id)
        if over:
            self._close_over_budget(over)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.act(self.service.close_round, self.workshop_id,
                             done=tr("vote.closed"))

        self.app.push_screen(ConfirmScreen(tr("vote.confirm_close")), confirmed)

    def _close_over_budget(self, over: list[tuple[Participant, int]]) -> None:
        """The budget was lowered below what some had cast: closing needs a rule."""
        # Read afresh: the budget may have changed elsewhere since the pane drew.
        rnd = self.service.current_round(self.workshop_id)
        budget = rnd.dots_per_person if rnd else 0
        names = ", ".join(f"{p.name} ({dots})" for p, dots in over)
        options: list[tuple[Hashable, str]] = [
            ("trim", tr("vote.over.trim", budget=budget)),
            ("keep", tr("vote.over.keep"))]

        def picked(rule: Hashable | None) -> None:
            if rule in ("trim", "keep"):
                self.app.act(self.service.close_round, self.workshop_id, over_budget=rule,
                             done=tr(f"vote.closed.{rule}"))

        # Text, not markup: the names are typed by people.
        self.app.push_screen(PickScreen(
            Text(tr("vote.over.title", budget=budget, names=names)),  # type: ignore[arg-type]
            options, hint=tr("vote.over.hint")), picked)

    def action_reveal(self) -> None:
        self.app.act(self.service.reveal_round, self.workshop_id, done=tr("vote.revealed"))

    def action_by_role(self) -> None:
        self.by_role = not self.by_role
        self.reload()

    def action_ballot(self) -> None:
        from sprintkit.tui.screens import BallotScreen

        self.app.push_screen(BallotScreen(self.workshop_id))


def _budget_problem(values: dict[str, str]) -> str | None:
    """Why a round's dots cannot be saved, or None when they can."""
    try:
        dots, most = int(values["dots"]), int(values["max"])
    except ValueError:
        return tr("vote.form.numbers")
    if dots < 1 or most < 1:
        return tr("vote.form.numbers")
    return None


# --------------------------------------------------------------------- score


QUADRANT_KEYS = {"quick-win": "score.quick_win", "big-bet": "score.big_bet",
                 "fill-in": "score.fill_in", "money-pit": "score.money_pit"}


class ScorePane(Pane):
    BINDINGS = [
        Binding("p", "scorer", "key.scorer", id="scorer"),
        Binding("g", "group_score", "key.group_score", id="group-score"),
        Binding("m", "matrix", "key.matrix", id="matrix"),
    ]
    DEFAULT_CSS = """
    ScorePane #score-status { padding: 0 1; background: $panel; height: auto; }
    ScorePane #matrix { grid-size: 2 2; height: 1fr; display: none; }
    ScorePane.-matrix #matrix { display: block; }
    ScorePane.-matrix #score-list { display: none; }
    ScorePane .quadrant { border: round $primary; padding: 0 1; height: 1fr;
        text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        yield Static("", id="score-status")
        yield ScoreList(empty=tr("score.empty"), id="score-list")
        with Grid(id="matrix") as grid:
            grid.can_focus = True
            for quadrant in ("quick-win", "big-bet", "fill-in", "money-pit"):
                yield Static("", classes="quadrant", id=f"q-{quadrant}")

    @property
    def state(self) -> dict:
        store = getattr(self.app, "score_state", None)
        if store is None:
            store = self.app.score_state = {}
        return store.setdefault(self.workshop_id, {"scorer": None})

    def reload(self) -> None:
        people = self.people()
        if self.state["scorer"] not in people:
            self.state["scorer"] = next(iter(people), None)
        self.people_map = people
        items = self.service.initiatives(self.workshop_id)
        self.items = {i.id: i for i in items}
        scores = self.service.scores(self.workshop_id)
        self.summaries = analysis.score_summaries(scores)
        mine = {s.initiative_id: s for s in scores
                if s.participant_id is not None and s.participant_id == self.state["scorer"]}
        order = self._order(items)
        rows = []
        for item in order:
            summary = self.summaries.get(item.id)
            own = mine.get(item.id)
            text = Text.assemble((item.title, "bold"))
            if summary and summary.group:
                # The group's score stands; the people's mean stays in sight beside it.
                text.append(f"  {tr('score.group', i=int(summary.impact), e=int(summary.effort))}",
                            style="bold")
                text.append(f"  {tr(QUADRANT_KEYS[summary.quadrant])}", style="italic")
                if summary.count:
                    text.append(f"  {tr('score.people', i=summary.people_impact, e=summary.people_effort, n=summary.count)}",
                                style="dim")
            elif summary:
                text.append(f"  {tr('score.avg', i=summary.impact, e=summary.effort, n=summary.count)}",
                            style="")
                text.append(f"  {tr(QUADRANT_KEYS[summary.quadrant])}", style="italic")
            else:
                text.append("  " + tr("score.unscored"), style="dim")
            if own:
                text.append(f"  {tr('score.mine', i=own.impact, e=own.effort)}", style="dim")
            rows.append(Row(item.id, text))
        self.query_one(ScoreList).set_rows(rows)
        scorer = people.get(self.state["scorer"])
        status = Text.assemble((tr("score.scorer") + ": ", "dim"),
                               (person_label(scorer) if scorer else tr("score.no_people"),
                                "bold"), "   ", (tr("score.hint"), "dim"))
        self.query_one("#score-status", Static).update(status)
        self._draw_matrix()

    def _order(self, items: list[Initiative]) -> list[Initiative]:
        rnd = self.service.current_round(self.workshop_id)
        if rnd is None or rnd.status != "revealed":
            return items
        rank = {row.initiative_id: i for i, row in enumerate(self.service.tally(self.workshop_id))}
        return sorted(items, key=lambda i: rank.get(i.id, len(rank)))

    def _draw_matrix(self) -> None:
        groups: dict[str, list[str]] = defaultdict(list)
        for iid, summary in self.summaries.items():
            if iid in self.items:
                groups[summary.quadrant].append(
                    f"{summary.impact:.1f}/{summary.effort:.1f}  {self.items[iid].title}")
        for quadrant, key in QUADRANT_KEYS.items():
            body = "\n".join(groups.get(quadrant, [])) or "–"
            self.query_one(f"#q-{quadrant}", Static).update(Text.assemble(
                (tr(key), "bold"), ("  " + tr(key + ".hint"), "dim"), "\n", body))

    def action_matrix(self) -> None:
        self.toggle_class("-matrix")
        if self.has_class("-matrix"):
            self.query_one("#matrix", Grid).focus()
        else:
            self.query_one(ScoreList).focus()

    def action_scorer(self) -> None:
        options = [(p.id, person_label(p)) for p in self.people_map.values()]
        if not options:
            self.notify(tr("score.no_people"), severity="warning")
            return

        def picked(key: Hashable | None) -> None:
            if key is not None:
                self.state["scorer"] = int(key)  # type: ignore[arg-type]
                self.reload()

        self.app.push_screen(PickScreen(tr("score.pick_scorer"), options,
                                        current=self.state["scorer"]), picked)

    def score_item(self, item_id: int) -> None:
        scorer = self.state["scorer"]
        if scorer is None:
            self.notify(tr("score.no_people"), severity="warning")
            return
        item = self.items[item_id]
        def scored(values: tuple[int, int] | None) -> None:
            if values is not None:
                impact, effort = values
                done = self.app.act(self.service.score, self.workshop_id, scorer, item_id,
                                    impact=impact, effort=effort)
                if done is not None:  # on to the next initiative
                    self.query_one(ScoreList).cursor += 1

        from sprintkit.tui.screens import ScoreDialog

        self.app.push_screen(ScoreDialog(item.title, self.people_map[scorer].name), scored)

    def action_group_score(self) -> None:
        """The score the room agrees on together; it stands for the initiative."""
        key = self.query_one(ScoreList).current_key
        if key is None:
            return
        item = self.items[int(key)]  # type: ignore[arg-type]

        def scored(values: tuple[int, int] | None) -> None:
            if values is not None:
                impact, effort = values
                done = self.app.act(self.service.score, self.workshop_id, None, item.id,
                                    impact=impact, effort=effort)
                if done is not None:
                    self.query_one(ScoreList).cursor += 1

        from sprintkit.tui.screens import ScoreDialog

        self.app.push_screen(ScoreDialog(item.title, tr("score.the_group")), scored)


class ScoreList(RowList):
    BINDINGS = [Binding("enter,s", "select", "key.score")]

    def action_select(self) -> None:
        if self.current_key is not None:
            self.query_ancestor(ScorePane).score_item(int(self.current_key))  # type: ignore[arg-type]


# ------------------------------------------------------------------- roadmap

UNPLACED = "__unplaced__"


class RoadmapPane(Pane):
    BINDINGS = [
        Binding("left", "column(-1)", "key.column_left", show=False),
        Binding("right", "column(1)", "key.column_right", show=False),
        Binding("shift+left,less_than_sign", "phase(-1)", "key.phase_left", id="phase-left"),
        Binding("shift+right,greater_than_sign", "phase(1)", "key.phase_right",
                id="phase-right"),
        Binding("shift+up,minus", "order(-1)", "key.order_up", show=False, id="order-up"),
        Binding("shift+down,plus", "order(1)", "key.order_down", show=False,
                id="order-down"),
        Binding("enter", "details", "key.details", id="details"),
        Binding("o", "owner", "key.owner", id="owner"),
        Binding("c", "contributors", "key.contributors", id="contributors"),
    ]
    DEFAULT_CSS = """
    RoadmapPane #board { height: 1fr; }
    RoadmapPane .phase { width: 1fr; border-right: solid $primary; }
    RoadmapPane .phase.-current { width: 2fr; }
    RoadmapPane #detail { height: auto; min-height: 3; max-height: 5; }
    RoadmapPane .phase RowList { height: 1fr; scrollbar-size-vertical: 0; }
    RoadmapPane .column-title { height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        self.book = self.service.playbook(self.workshop_id)
        with Horizontal(id="board"):
            for column, (title, note) in self._titles().items():
                with Vertical(classes="phase"):
                    yield Label(self._heading(title, note), classes="column-title",
                                id=f"title-{column}")
                    yield RowList(empty="–", id=f"col-{column}")
        yield Static("", classes="detail", id="detail")
        yield Static("", classes="warn", id="readiness")

    def _titles(self) -> dict[str, tuple[str, str]]:
        titles = {UNPLACED: (tr("roadmap.unplaced"), tr("roadmap.backlog"))}
        titles.update({p.id: (p.title, p.horizon) for p in self.book.phases})
        return titles

    @staticmethod
    def _heading(title: str, note: str, count: int | None = None) -> Text:
        # Two lines whatever the width, so the columns' lists start level. The
        # count stands in for a scrollbar, which five narrow columns cannot spare
        # (and which would lay the board out a second time as it first appears).
        text = Text.assemble(title, "\n", (note, "dim"), no_wrap=True, overflow="ellipsis")
        if count is not None:
            text.append(f" · {count}", style="bold")
        return text

    @property
    def columns(self) -> list[str]:
        return [UNPLACED, *[p.id for p in self.book.phases]]

    def focus_default(self) -> None:
        # Start in the first phase that has something in it.
        lists = [self.query_one(f"#col-{column}", RowList) for column in self.columns]
        target = next((lst for lst in lists if lst.rows), lists[0])
        # Widen it now, not when the focus event arrives: that would lay out and
        # draw the whole board a second time just after it was first drawn.
        self._widen(target)
        target.focus()

    def _widen(self, current: RowList) -> None:
        for column in self.columns:
            lst = self.query_one(f"#col-{column}", RowList)
            if lst.parent is not None:
                lst.parent.set_class(current is lst, "-current")

    def reload(self) -> None:
        items = self.service.initiatives(self.workshop_id)
        self.items = {i.id: i for i in items}
        issues = {r.initiative_id: r for r in analysis.readiness(items)}
        self.issues = issues
        titles = self._titles()
        board: dict[str, list[Initiative]] = {c: [] for c in self.columns}
        for item in sorted(items, key=lambda i: (i.position, i.id)):
            board[item.phase if item.phase in board else UNPLACED].append(item)
        unplaced = board[UNPLACED]
        rnd = self.service.current_round(self.workshop_id)
        if rnd is not None and rnd.status == "revealed":
            # A revealed round is closed: its votes change only by merges and undo.
            key = (rnd.id, len(items), tuple(sorted(self.items)))
            if getattr(self, "_rank", (None, None))[0] != key:
                self._rank = (key, self.service.dot_totals(rnd.id))
            dots = self._rank[1]
            # The tally's order: most dots first, ties in the order they were created.
            unplaced.sort(key=lambda i: (-dots.get(i.id, 0), i.id))
        for column, column_items in board.items():
            rows = []
            for item in column_items:
                text = Text()
                if item.id in issues:
                    text.append("! ", style="bold red")
                text.append(item.title)
                if item.owner:
                    text.append(f" · {item.owner}", style="dim")
                rows.append(Row(item.id, text))
            self.query_one(f"#col-{column}", RowList).set_rows(rows)
            title, note = titles[column]
            self.query_one(f"#title-{column}", Label).update(
                self._heading(title, note, len(rows)), layout=False)
        warn = self.query_one("#readiness", Static)
        if issues:
            names = "; ".join(
                f"{r.title} ({', '.join(tr('roadmap.missing.' + m) for m in r.missing)})"
                for r in issues.values())
            warn.update(Text(tr("roadmap.not_ready", n=len(issues), items=names)))
        else:
            warn.update("")
        self._draw_detail()

    def _current(self) -> tuple[str, RowList] | None:
        focused = self.app.focused
        if isinstance(focused, RowList) and focused.id and focused.id.startswith("col-"):
            return focused.id[4:], focused
        return None

    def _item(self) -> Initiative | None:
        current = self._current()
        if current is None or current[1].current_key is None:
            return None
        return self.items.get(int(current[1].current_key))  # type: ignore[arg-type]

    def _draw_detail(self) -> None:
        item = self._item()
        detail = self.query_one("#detail", Static)
        if item is None:
            detail.update(Text(tr("roadmap.hint"), style="dim"), layout=False)
            return
        dash = "–"
        detail.update(Text.assemble(
            (item.title, "bold"), "\n",
            (tr("roadmap.owner") + ": ", "dim"), item.owner or dash, "  ",
            (tr("roadmap.metric") + ": ", "dim"), item.metric or dash, "  ",
            (tr("roadmap.target") + ": ", "dim"), item.target or dash, "  ",
            (tr("roadmap.contributors") + ": ", "dim"), ", ".join(item.contributors) or dash),
            layout=False)

    @on(RowList.Highlighted)
    def _highlighted(self) -> None:
        self._draw_detail()

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_details()

    def on_descendant_focus(self) -> None:
        # The column being worked in gets twice the width, so its titles show in full.
        current = self._current()
        if current is not None:
            self._widen(current[1])
        self._draw_detail()

    def action_column(self, delta: int) -> None:
        current = self._current()
        if current is None:
            return
        index = self.columns.index(current[0]) + delta
        if 0 <= index < len(self.columns):
            self.query_one(f"#col-{self.columns[index]}", RowList).focus()

    def action_phase(self, delta: int) -> None:
        current = self._current()
        item = self._item()
        if current is None or item is None:
            return
        index = self.columns.index(current[0]) + delta
        if not 0 <= index < len(self.columns):
            return
        column = self.columns[index]
        phase = None if column == UNPLACED else column
        done = self.app.act(self.service.set_roadmap, self.workshop_id, item.id, phase=phase)
        if done is not None:
            target = self.query_one(f"#col-{column}", RowList)
            target.focus()
            target.select_key(item.id)

    def action_order(self, delta: int) -> None:
        current = self._current()
        item = self._item()
        if current is None or item is None or current[0] == UNPLACED:
            return
        self.app.act(self.service.move_in_phase, self.workshop_id, item.id, delta)
        current[1].select_key(item.id)

    def action_details(self) -> None:
        item = self._item()
        if item is None:
            return
        names = [p.name for p in self.service.participants(self.workshop_id)]
        fields = [("owner", tr("roadmap.owner"), item.owner),
                  ("metric", tr("roadmap.metric"), item.metric),
                  ("target", tr("roadmap.target"), item.target),
                  ("contributors", tr("roadmap.contributors_hint"),
                   ", ".join(item.contributors))]

        def saved(values: dict | None) -> None:
            if values is None:
                return
            contributors = [c.strip() for c in values["contributors"].split(",") if c.strip()]
            self.app.act(self.service.set_roadmap, self.workshop_id, item.id,
                         owner=values["owner"], metric=values["metric"],
                         target=values["target"], contributors=contributors)

        self.app.push_screen(FormScreen(item.title, fields,
                                        suggestions={"owner": names, "contributors": names}),
                             saved)

    def action_contributors(self) -> None:
        item = self._item()
        if item is None:
            return
        names = [p.name for p in self.service.participants(self.workshop_id)]
        # People named by hand (not participants) stay in the list too.
        options = [(n, n) for n in names] + [(n, n) for n in item.contributors
                                             if n not in names]

        def chosen(picked: list | None) -> None:
            if picked is not None:
                self.app.act(self.service.set_roadmap, self.workshop_id, item.id,
                             contributors=[str(p) for p in picked])

        self.app.push_screen(TogglesScreen(tr("roadmap.pick_contributors", title=item.title),
                                           options, item.contributors), chosen)

    def action_owner(self) -> None:
        item = self._item()
        if item is None:
            return
        people = self.service.participants(self.workshop_id)
        options: list[tuple[Hashable, str]] = [(p.name, person_label(p)) for p in people]
        options.append(("__other__", tr("roadmap.owner_other")))

        def picked(key: Hashable | None) -> None:
            if key == "__other__":
                self.app.push_screen(PromptScreen(tr("roadmap.owner_name"), item.owner),
                                     lambda name: name is not None and self.app.act(
                                         self.service.set_roadmap, self.workshop_id, item.id,
                                         owner=name))
            elif key is not None:
                self.app.act(self.service.set_roadmap, self.workshop_id, item.id,
                             owner=str(key))

        self.app.push_screen(PickScreen(tr("roadmap.pick_owner", title=item.title), options),
                             picked)


# -------------------------------------------------------------------- review


class ReviewPane(Pane):
    DEFAULT_CSS = """
    ReviewPane #review { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        if self.section.intro:
            yield Intro(self.section.intro)
        with VerticalScroll(id="review-scroll", can_focus=True):
            yield Static("", id="review")

    def focus_default(self) -> None:
        self.query_one("#review-scroll").focus()

    def reload(self) -> None:
        snap = self.service.snapshot(self.workshop_id)
        book = snap.playbook
        out = Text()

        def heading(key: str, **kw) -> None:
            out.append("\n" + tr(key, **kw) + "\n", style="bold")

        if self.section.prompts:
            heading("review.checklist")
            for prompt in self.section.prompts:
                out.append(f"  □ {prompt}\n")
        heading("review.counts")
        out.append(tr("review.counts.line", notes=len(snap.notes), items=len(snap.initiatives),
                      people=len(snap.participants), rounds=len(snap.rounds)) + "\n")
        issues = analysis.readiness(snap.initiatives)
        heading("review.readiness")
        if issues:
            for issue in issues:
                missing = ", ".join(tr("roadmap.missing." + m) for m in issue.missing)
                out.append(f"  ! {issue.title}: {missing}\n", style="red")
        else:
            out.append("  " + tr("review.ready") + "\n")
        heading("review.roadmap")
        for phase in book.phases:
            placed = snap.roadmap()[phase.id]
            out.append(f"  {phase.title} ({phase.horizon}): {len(placed)}\n")
            for item in placed:
                out.append(f"    – {item.title}", style="bold")
                out.append(f"  {item.owner or '–'} · {item.metric or '–'}"
                           f"{' → ' + item.target if item.target else ''}\n", style="dim")
        votes = [v for v in snap.votes]
        balance = analysis.voice_balance(book, snap.participants, snap.notes, votes)
        heading("review.voices")
        if balance.unheard_roles:
            out.append("  " + tr("voices.unheard_roles", roles=", ".join(
                r or tr("vote.no_role") for r in balance.unheard_roles)) + "\n", style="red")
        else:
            out.append("  " + tr("voices.all_heard") + "\n")
        lenses = analysis.lens_balance(book, snap.notes)
        if lenses:
            heading("review.lenses")
            titles = book.tag_titles()
            for lens in book.lenses:
                counts = lenses.get(lens.id, {})
                out.append(f"  {lens.title}: " + ", ".join(
                    f"{titles[t]} {n}" for t, n in counts.items()) + "\n")
        out.append("\n" + tr("review.export_hint") + "\n", style="italic")
        self.query_one("#review", Static).update(out)


PANES: dict[str, type[Pane]] = {
    "capture": CapturePane,
    "group": GroupPane,
    "vote": VotePane,
    "score": ScorePane,
    "roadmap": RoadmapPane,
    "review": ReviewPane,
}
