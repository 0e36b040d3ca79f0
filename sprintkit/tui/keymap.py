"""Every key binding of the TUI, as data: one list per area, each binding with an id.

Screens, steps and dialogs take their ``BINDINGS`` from here, and the help
screen reads the same lists, so what help shows is what the keys do. A user can
move any binding to other keys in ``keymap.toml`` in sprintkit's config folder
(see the README); the ids below are the names used there, and they stay stable.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding, BindingType

from sprintkit.errors import SprintkitError
from sprintkit.paths import config_dir

# Area ids are the dotted ids' first part.
KEYMAP: dict[str, list[Binding]] = {
    'app': [  # SprintkitApp
        Binding('ctrl+z', 'undo', 'key.undo', show=False, priority=True, id='app.undo'),
        Binding('ctrl+y', 'redo', 'key.redo', show=False, priority=True, id='app.redo'),
        Binding('f1', 'help', 'key.help', id='app.help'),
        Binding('question_mark', 'help', 'key.help', show=False, id='app.help-alt'),
        Binding('f5', 'open_room', 'key.room', show=False, id='app.room'),
        Binding('f12', 'toggle_theme', 'key.theme', show=False, id='app.theme'),
        Binding('ctrl+q', 'quit', 'key.quit', show=False, priority=True, id='app.quit'),
    ],
    'confirm': [  # ConfirmScreen
        Binding('y,enter', 'answer(True)', 'key.yes', id='confirm.answer-yes'),
        Binding('n,escape', 'answer(False)', 'key.no', id='confirm.answer-no'),
    ],
    'form': [  # FormScreen
        Binding('escape', 'cancel', 'key.cancel', id='form.cancel'),
        Binding('ctrl+s', 'save', 'key.save', id='form.save'),
    ],
    'pick': [  # PickScreen
        Binding('escape', 'cancel', 'key.cancel', id='pick.cancel'),
        Binding('up', 'move(-1)', show=False, priority=True, id='pick.up'),
        Binding('down', 'move(1)', show=False, priority=True, id='pick.down'),
    ],
    'prompt': [  # PromptScreen
        Binding('escape', 'cancel', 'key.cancel', id='prompt.cancel'),
    ],
    'text': [  # TextScreen
        Binding('escape', 'cancel', 'key.cancel', id='text.cancel'),
        Binding('ctrl+s', 'save', 'key.save', priority=True, id='text.save'),
    ],
    'toggles': [  # TogglesScreen
        Binding('escape', 'cancel', 'key.cancel', id='toggles.cancel'),
        Binding('space', 'toggle_choice', 'key.toggle', id='toggles.toggle'),
        Binding('enter', 'done', 'key.done', priority=True, id='toggles.done'),
    ],
    'intro': [  # IntroScreen
        Binding('escape,enter,q,i,ctrl+o', 'close', 'key.close', id='intro.close'),
    ],
    'list': [  # RowList
        Binding('up', 'cursor(-1)', show=False, id='list.up'),
        Binding('down', 'cursor(1)', show=False, id='list.down'),
        Binding('pageup', 'page(-1)', show=False, id='list.page-up'),
        Binding('pagedown', 'page(1)', show=False, id='list.page-down'),
        Binding('home', 'jump(0)', show=False, id='list.first'),
        Binding('end', 'jump(-1)', show=False, id='list.last'),
        Binding('enter', 'select', show=False, id='list.select'),
    ],
    'ballot-changed': [  # BallotChangedScreen
        Binding('enter,escape', 'close', 'key.ballot_review', id='ballot-changed.close'),
    ],
    'ballot': [  # BallotScreen
        Binding('right,plus,space', 'dot(1)', 'key.add_dot', id='ballot.add-dot'),
        Binding('left,minus', 'dot(-1)', 'key.remove_dot', id='ballot.remove-dot'),
        Binding('ctrl+s', 'confirm', 'key.confirm', id='ballot.confirm'),
        Binding('escape', 'cancel', 'key.cancel', id='ballot.cancel'),
    ],
    'subscreen': [  # SubScreen
        Binding('escape', 'back', 'key.back', id='subscreen.back'),
    ],
    'export': [  # ExportScreen
        Binding('enter', 'export', 'key.export_one', id='export.export'),
        Binding('a', 'export_all', 'key.export_all', id='export.export-all'),
        Binding('f', 'folder', 'key.folder', id='export.folder'),
    ],
    'help': [  # HelpScreen
        Binding('escape,q,f1,question_mark', 'close', 'key.close', id='help.close'),
    ],
    'home': [  # HomeScreen
        Binding('n', 'new', 'key.new_workshop', id='home.new'),
        Binding('enter,o', 'open', 'key.open', id='home.open'),
        Binding('r', 'rename', 'key.rename', id='home.rename'),
        Binding('e', 'details', 'key.workshop_details', show=False, id='home.details'),
        Binding('d,delete', 'delete', 'key.delete', id='home.delete'),
        Binding('q', 'app.quit', 'key.quit', show=False, id='home.quit'),
    ],
    'new-workshop': [  # NewWorkshopScreen
        Binding('escape', 'cancel', 'key.cancel', id='new-workshop.cancel'),
        Binding('ctrl+s', 'create', 'key.create', id='new-workshop.create'),
    ],
    'initiative': [  # InitiativeScreen
        Binding('space', 'mark', 'key.mark', id='initiative.mark'),
        Binding('s', 'split', 'key.split', id='initiative.split'),
        Binding('u', 'ungroup', 'key.ungroup', id='initiative.ungroup'),
        Binding('r', 'rename', 'key.rename', id='initiative.rename'),
        Binding('e', 'describe', 'key.describe', id='initiative.describe'),
    ],
    'people': [  # ParticipantsScreen
        Binding('a', 'add', 'key.add', id='people.add'),
        Binding('enter,r', 'edit', 'key.edit', id='people.edit'),
        Binding('d,delete', 'remove', 'key.remove', id='people.remove'),
        Binding('i', 'import_csv', 'key.import_csv', id='people.import-csv'),
    ],
    'room': [  # RoomScreen
        Binding('f5', 'toggle_room', 'Open / close room', id='room.toggle'),
        Binding('ctrl+o', 'toggle_room', 'Open / close room', show=False, id='room.toggle-alt'),
        Binding('ctrl+r', 'release', 'Release a name', id='room.release'),
        Binding('escape', 'back', 'Back', id='room.back'),
    ],
    'room-release': [  # _ReleaseScreen
        Binding('escape', 'cancel', 'Cancel', show=False, id='room-release.cancel'),
    ],
    'score-dialog': [  # ScoreDialog
        Binding('escape', 'cancel', 'key.cancel', id='score-dialog.cancel'),
    ],
    'workshop': [  # WorkshopScreen
        Binding('f2', 'steps', 'key.steps', id='workshop.steps'),
        Binding('ctrl+n,ctrl+down', 'step(1)', 'key.next_step', show=False, id='workshop.next-step'),
        Binding('ctrl+up', 'step(-1)', 'key.prev_step', show=False, id='workshop.prev-step'),
        Binding('f3', 'participants', 'key.people', id='workshop.people'),
        Binding('f4', 'voices', 'key.voices', show=False, id='workshop.voices'),
        Binding('f6', 'timer', 'key.timer', id='workshop.timer'),
        Binding('f7', 'extend', 'key.extend', show=False, id='workshop.extend'),
        Binding('f8', 'history', 'key.history', show=False, id='workshop.history'),
        Binding('f9', 'export', 'key.export', id='workshop.export'),
        Binding('f10', 'follow_up', 'key.follow_up', show=False, id='workshop.follow-up'),
        Binding('ctrl+o,i', 'intro', 'key.intro', show=False, id='workshop.intro'),
        Binding('escape', 'back', 'key.back', show=False, id='workshop.back'),
    ],
    'followup': [  # FollowUpScreen
        Binding('up', 'move(-1)', show=False, id='followup.up'),
        Binding('down', 'move(1)', show=False, id='followup.down'),
        Binding('s', 'status', 'key.fu_status', id='followup.status'),
        Binding('r', 'reading', 'key.fu_reading', id='followup.reading'),
        Binding('n', 'next_step', 'key.fu_next', id='followup.next-step'),
        Binding('f5', 'room', 'key.fu_room', id='followup.room'),
        Binding('f8', 'history', 'key.history', show=False, id='followup.history'),
    ],
    'capture-line': [  # CaptureInput
        Binding('up', 'to_notes', show=False, id='capture-line.to-notes'),
    ],
    'capture': [  # CapturePane
        Binding('ctrl+s', 'speaker', 'key.speaker', id='capture.speaker'),
        Binding('ctrl+t', 'tags', 'key.tags', id='capture.tags'),
        Binding('ctrl+g', 'next_prompt', 'key.next_prompt', id='capture.next-prompt'),
        Binding('ctrl+r', 'held', 'key.held', show=False, id='capture.held'),
        Binding('ctrl+f', 'filter', 'key.evidence_filter', show=False, id='capture.filter'),
        Binding('ctrl+l', 'import_evidence', 'key.import_evidence', show=False,
                id='capture.import-evidence'),
    ],
    'capture-notes': [  # NoteList
        Binding('e', 'edit', 'key.edit', id='capture-notes.edit'),
        Binding('d,delete', 'delete', 'key.delete', id='capture-notes.delete'),
        Binding('m', 'move', 'key.move', id='capture-notes.move'),
        Binding('s', 'speaker', 'key.author', id='capture-notes.speaker'),
        Binding('t', 'tags', 'key.tags', id='capture-notes.tags'),
        Binding('i,escape', 'type', 'key.type', id='capture-notes.type'),
        Binding('1,2,3,4,5,6,7,8,9', '', 'key.toggle_tag', show=False, id='capture-notes.tag-digit'),
        Binding('u', 'unfold', 'key.unfold', show=False, id='capture-notes.unfold'),
        Binding('a', 'accept_lens', 'key.accept_lens', show=False, id='capture-notes.accept-lens'),
        Binding('x', 'dismiss_lens', 'key.dismiss_lens', show=False, id='capture-notes.dismiss-lens'),
    ],
    'evidence-import': [  # EvidenceImportScreen
        Binding('escape', 'cancel', 'key.cancel', id='evidence-import.cancel'),
        Binding('enter', 'go', 'key.preview_import', id='evidence-import.go'),
    ],
    'group-initiatives': [  # GroupItems
        Binding('enter', 'select', 'key.open', id='group-initiatives.select'),
        Binding('space', 'mark', 'key.mark', id='group-initiatives.mark'),
        Binding('r', 'rename', 'key.rename', id='group-initiatives.rename'),
        Binding('e', 'describe', 'key.describe', id='group-initiatives.describe'),
        Binding('M', 'merge', 'key.merge', id='group-initiatives.merge'),
        Binding('x,delete', 'delete', 'key.delete', show=False, id='group-initiatives.delete'),
    ],
    'group-notes': [  # GroupNotes
        Binding('space', 'mark', 'key.mark', id='group-notes.mark'),
        Binding('n', 'new', 'key.new_initiative', id='group-notes.new'),
        Binding('g', 'add', 'key.add_to', id='group-notes.add'),
        Binding('u', 'ungroup', 'key.ungroup', show=False, id='group-notes.ungroup'),
    ],
    'group': [  # GroupPane
        Binding('a', 'toggle_all', 'key.show_all', id='group.show-all'),
        Binding('ctrl+f', 'filter', 'key.evidence_filter', show=False, id='group.filter'),
    ],
    'roadmap': [  # RoadmapPane
        Binding('left', 'column(-1)', 'key.column_left', show=False, id='roadmap.column-left'),
        Binding('right', 'column(1)', 'key.column_right', show=False, id='roadmap.column-right'),
        Binding('shift+left,less_than_sign', 'phase(-1)', 'key.phase_left', id='roadmap.phase-left'),
        Binding('shift+right,greater_than_sign', 'phase(1)', 'key.phase_right', id='roadmap.phase-right'),
        Binding('shift+up,minus', 'order(-1)', 'key.order_up', show=False, id='roadmap.order-up'),
        Binding('shift+down,plus', 'order(1)', 'key.order_down', show=False, id='roadmap.order-down'),
        Binding('enter', 'details', 'key.details', id='roadmap.details'),
        Binding('o', 'owner', 'key.owner', id='roadmap.owner'),
        Binding('c', 'contributors', 'key.contributors', id='roadmap.contributors'),
    ],
    'score-list': [  # ScoreList
        Binding('enter,s', 'select', 'key.score', id='score-list.select'),
    ],
    'score': [  # ScorePane
        Binding('p', 'scorer', 'key.scorer', id='score.scorer'),
        Binding('g', 'group_score', 'key.group_score', id='score.group-score'),
        Binding('m', 'matrix', 'key.matrix', id='score.matrix'),
    ],
    'vote': [  # VotePane
        Binding('o', 'open_round', 'key.open_round', id='vote.open-round'),
        Binding('b', 'ballot', 'key.ballot', id='vote.ballot'),
        Binding('u', 'budget', 'key.budget', id='vote.budget'),
        Binding('c', 'close_round', 'key.close_round', id='vote.close-round'),
        Binding('r', 'reveal', 'key.reveal', id='vote.reveal'),
        Binding('v', 'by_role', 'key.by_role', id='vote.by-role'),
    ],
}

# What the help screen shows, in this order: a heading (a label key) and the
# areas whose keys go under it.
HELP: list[tuple[str, list[str]]] = [
    ("help.everywhere", ["app"]),
    ("help.home", ["home"]),
    ("help.workshop", ["workshop"]),
    ("help.capture", ["capture", "capture-notes"]),
    ("help.group", ["group", "group-notes", "group-initiatives", "initiative"]),
    ("help.vote", ["vote", "ballot"]),
    ("help.score", ["score", "score-list"]),
    ("help.roadmap", ["roadmap"]),
    ("help.followup", ["followup"]),
    ("help.people", ["people"]),
    ("help.export", ["export"]),
]

FILE_NAME = "keymap.toml"


def bindings(area: str) -> list[BindingType]:
    """The ``BINDINGS`` of one class.

    Typed as Textual types ``BINDINGS``; code that reads the bindings' fields
    reads ``KEYMAP`` instead.
    """
    return list(KEYMAP[area])


def binding_ids() -> set[str]:
    return {b.id for items in KEYMAP.values() for b in items if b.id}


class KeymapError(SprintkitError):
    """A problem in the user's keymap file; the rest of the file still applies."""


def keymap_path() -> Path:
    return config_dir() / FILE_NAME


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[KeymapError]]:
    """Read the user's remapped keys: binding id to keys (comma-separated).

    Ids may be written in full (``"capture.speaker" = "ctrl+p"``) or as a table
    per area (``[capture]`` then ``speaker = "ctrl+p"``). A missing file is no
    keymap; an unreadable file or a wrong entry is reported, never fatal.
    """
    path = keymap_path() if path is None else path
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [KeymapError(f"{path}: {exc}", key="keymap_unreadable", path=str(path),
                                error=str(exc))]
    # Most people keep the keys as they are: no TOML parser at start-up for them.
    import tomllib

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        return {}, [KeymapError(f"{path}: {exc}", key="keymap_unreadable", path=str(path),
                                error=str(exc))]
    known = binding_ids()
    keymap: dict[str, str] = {}
    problems: list[KeymapError] = []

    def take(binding_id: str, value: object) -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                take(f"{binding_id}.{name}", inner)
            return
        if binding_id not in known:
            problems.append(KeymapError(f"{path}: no key binding '{binding_id}'",
                                        key="keymap_unknown", path=str(path),
                                        binding=binding_id))
            return
        keys = (",".join(value) if isinstance(value, list)
                and all(isinstance(k, str) for k in value) else value)
        if not isinstance(keys, str) or not all(k.strip() for k in keys.split(",")):
            problems.append(KeymapError(f"{path}: '{binding_id}' needs keys such as \"ctrl+p\"",
                                        key="keymap_bad_keys", path=str(path),
                                        binding=binding_id))
            return
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))

    for name, value in data.items():
        take(name, value)
    return keymap, problems
