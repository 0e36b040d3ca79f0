"""The capture step: notes typed with @speaker and #tag."""

from __future__ import annotations

from collections.abc import Hashable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from sprintkit.tui import keymap
from sprintkit.tui.capture_drafts import DraftKeeping, Post
from sprintkit.tui.capture_evidence import EvidenceCapture
from sprintkit.tui.format import one_line, person_label
from sprintkit.tui.labels import tr
from sprintkit.tui.messages import AddNote, DeleteNote, Done, EditNote, MoveNote, Refused
from sprintkit.tui.steps.base import Pane
from sprintkit.tui.widgets import (
    Intro,
    PasteScreen,
    PickScreen,
    PromptScreen,
    RowList,
    TextScreen,
    TogglesScreen,
)
from sprintkit.tui.widgets.note_list import NoteList
from sprintkit.tui.widgets.rows import row_id


class CapturePane(DraftKeeping, EvidenceCapture, Pane):
    BINDINGS = keymap.bindings('capture')
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
        return self.app.ui.capture_for(self.workshop_id)

    @property
    def prompt_index(self) -> int | None:
        if not self.section.prompts:
            return None
        return self.state["prompt"].get(self.section.id, 0)

    def setup(self) -> None:
        self.book = self.service.playbook(self.workshop_id)
        self.tag_titles = self.book.tag_titles()
        self.read_drafts()

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
        self.query_one(NoteList).set_rows(self.evidence_rows(notes))
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
            "   ", (tr("capture.count", n=len(self.notes)), "dim"), self.filter_text())
        self.query_one("#capture-state", Static).update(text, layout=False)
        self.query_one("#note-speaker", Label).update(
            Text((person.name if person else tr("anonymous")) + " ›", no_wrap=True,
                 overflow="ellipsis"))

    def _draw_detail(self) -> None:
        notes = self.query_one(NoteList)
        note = self.notes.get(row_id(notes.current_key)) if notes.current_key is not None else None
        detail = self.query_one("#detail", Static)
        if note is None:
            detail.update(Text(tr("capture.detail_hint"), style="dim"), layout=False)
            return
        if (evidence := self.evidence_detail(note)) is not None:
            detail.update(evidence, layout=False)
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
        # The line leaves the field now: saved as a note or held aside, never
        # also kept as the field's text. What is typed next is kept after its
        # own pause.
        self.forget_typing()
        self.submit_text(event.text)

    def submit_text(self, raw: str) -> bool:
        """Save one line (or one pasted block) as a note; False when it is held.

        The field was emptied when Enter was pressed, so a line that cannot be
        saved is held aside, never left to merge with what is typed next (one
        the service refuses, when its ``Refused`` comes back).
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
        self.post_message(AddNote(self.workshop_id, self.section.id, text,
                                  self.state["speaker"], tags, self.prompt_index, raw))
        # The tags picked for the next note go with this one, not with the
        # notes typed behind it before this one is saved.
        self.state["tags"] = []
        self._draw_state()
        return True

    @on(Done)
    def _saved(self, event: Done) -> None:
        if isinstance(event.wanted, AddNote):
            self._newest = event.result.id
            self._redraw_soon()

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        wanted = event.wanted
        if isinstance(wanted, AddNote):  # the reason is on screen already
            if not self.state["tags"]:
                self.state["tags"] = list(wanted.lenses)
            self._hold(wanted.typed, [])
            self._draw_state()

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

    def _hold(self, raw: str, problems: list[str], post: Post | None = None) -> None:
        self.state.setdefault("held", []).append(self.held_entry(raw, problems, post))
        if problems:
            self.notify("\n".join([*problems, tr("capture.held_hint")]),
                        title=tr("capture.not_saved"), severity="warning", timeout=8)
        self._draw_held()

    def keep_draft(self, post: Post | None = None) -> None:
        """Hold aside a note still being typed before its field goes away (leaving, quitting)."""
        field = self.query_one("#note-input", Input)
        if field.value.strip():
            self._hold(field.value, [], post)
            field.value = ""
        self.forget_typing(post)

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
                self._fix_held(held[row_id(key)])

        self.app.push_screen(PickScreen(tr("capture.held_pick", n=len(held)), options), picked)

    def _fix_held(self, entry: dict) -> None:
        def saved(text: str | None) -> None:
            if text is None:
                return  # still held, unchanged
            held = self.state.setdefault("held", [])
            if entry in held:
                held.remove(entry)
                self.drop_held(entry)
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
            pid = None if key == -1 else row_id(key)
            if note_id is None:
                self.state["speaker"] = pid
                self._draw_state()
            else:
                self.post_message(EditNote(self.workshop_id, note_id, {"participant": pid}))

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
                self.post_message(EditNote(self.workshop_id, note_id, {"lenses": tags}))

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
        self.post_message(EditNote(self.workshop_id, note_id, {"lenses": current}))

    def edit_note(self, note_id: int) -> None:
        note = self.notes[note_id]

        def saved(text: str | None) -> None:
            if text and text != note.text:
                self.post_message(EditNote(self.workshop_id, note_id, {"text": text}))

        # Notes from phones may run over several lines: edit those in a text area.
        screen = (TextScreen(tr("capture.edit"), note.text) if "\n" in note.text
                  else PromptScreen(tr("capture.edit"), note.text))
        self.app.push_screen(screen, saved)

    def delete_note(self, note_id: int) -> None:
        self.post_message(DeleteNote(self.workshop_id, note_id))

    def move_note(self, note_id: int) -> None:
        options = [(s.id, s.title) for s in self.book.sections
                   if s.kind == "capture" and s.id != self.section.id]

        def picked(section_id: Hashable | None) -> None:
            if section_id is not None:
                self.post_message(MoveNote(self.workshop_id, note_id, str(section_id)))

        self.app.push_screen(PickScreen(tr("capture.move_to"), options), picked)

    # ------------------------------------------------- asks from the note list
    @on(NoteList.Edit)
    def _list_edit(self, event: NoteList.Edit) -> None:
        self.edit_note(event.note_id)

    @on(NoteList.Delete)
    def _list_delete(self, event: NoteList.Delete) -> None:
        self.delete_note(event.note_id)

    @on(NoteList.Move)
    def _list_move(self, event: NoteList.Move) -> None:
        self.move_note(event.note_id)

    @on(NoteList.PickSpeaker)
    def _list_speaker(self, event: NoteList.PickSpeaker) -> None:
        self.action_speaker(event.note_id)

    @on(NoteList.PickTags)
    def _list_tags(self, event: NoteList.PickTags) -> None:
        self.action_tags(event.note_id)

    @on(NoteList.ToggleTag)
    def _list_toggle(self, event: NoteList.ToggleTag) -> None:
        self.toggle_tag(event.note_id, event.number)

    @on(NoteList.Leave)
    def _list_leave(self) -> None:
        self.focus_default()


class CaptureInput(Input):
    """The capture line; Up goes to the newest note.

    Enter takes the text and empties the field in the field's own turn, before
    any key typed after it is handled: those keys start the next note, however
    long the save of this one takes.
    """

    BINDINGS = keymap.bindings('capture-line')
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
