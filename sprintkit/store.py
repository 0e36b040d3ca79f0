"""The SQLite store: opening safely, migrations, transactions.

A file that is not ours (not SQLite, corrupt, or written by a newer
sprintkit) is inspected read-only and refused before anything can change it.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

from sprintkit.errors import DatabaseError

# Values for a query's placeholders: by position (?) or by name (:name).
Params = Sequence[Any] | Mapping[str, Any]

MIGRATION_SET = "sprintkit"
BUSY_TIMEOUT_S = 10.0

# Schema changes, in order. Append only: a released migration never changes.
MIGRATIONS: list[Callable[[Database], None]] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE workshops (
            -- AUTOINCREMENT: a deleted workshop's id is never handed out again,
            -- so scripts and caches holding an id never reach the wrong workshop.
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            playbook_id TEXT NOT NULL,
            language TEXT NOT NULL,
            playbook TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '',
            facilitator TEXT NOT NULL DEFAULT '',
            current_section TEXT,
            join_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX participants_name ON participants(workshop_id, name COLLATE NOCASE);
        CREATE TABLE initiatives (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            phase TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            owner TEXT NOT NULL DEFAULT '',
            metric TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL DEFAULT '',
            contributors TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        );
        CREATE INDEX initiatives_workshop ON initiatives(workshop_id);
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            section_id TEXT NOT NULL,
            prompt_index INTEGER,
            text TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            lenses TEXT NOT NULL DEFAULT '[]',
            initiative_id INTEGER REFERENCES initiatives(id) ON DELETE SET NULL,
            source TEXT NOT NULL DEFAULT 'local',
            created_at TEXT NOT NULL
        );
        CREATE INDEX notes_workshop_section ON notes(workshop_id, section_id);
        CREATE INDEX notes_initiative ON notes(initiative_id);
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'revealed')),
            dots_per_person INTEGER NOT NULL CHECK (dots_per_person > 0),
            max_per_item INTEGER NOT NULL CHECK (max_per_item > 0),
            anonymous INTEGER NOT NULL DEFAULT 0,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            revealed_at TEXT
        );
        CREATE INDEX rounds_workshop ON rounds(workshop_id);
        CREATE TABLE votes (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            dots INTEGER NOT NULL CHECK (dots > 0)
        );
        CREATE UNIQUE INDEX votes_unique ON votes(round_id, participant_id, initiative_id);
        CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            effort INTEGER NOT NULL CHECK (effort BETWEEN 1 AND 5)
        );
        CREATE UNIQUE INDEX scores_unique ON scores(initiative_id, participant_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '[]',
            source TEXT NOT NULL DEFAULT 'local',
            undoable INTEGER NOT NULL DEFAULT 1,
            target_event INTEGER
        );
        CREATE INDEX events_workshop ON events(workshop_id, id);
        """
    )



@migration
def m002_timeboxes(db: Database) -> None:
    # Session state rather than workshop content: kept so that quitting and
    # reopening shows each step's timer as it was, but never undone or archived.
    db.executescript(
        """
        CREATE TABLE timeboxes (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            section_id TEXT NOT NULL,
            elapsed_s REAL NOT NULL DEFAULT 0 CHECK (elapsed_s >= 0),
            running_since REAL,
            extra_minutes INTEGER NOT NULL DEFAULT 0 CHECK (extra_minutes >= 0),
            alerted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (workshop_id, section_id)
        );
        """
    )


@migration
def m003_participant_ids_never_reused(db: Database) -> None:
    # A phone keeps the participant id it joined with. Without AUTOINCREMENT the
    # id of the participant added last comes back for the next one after a
    # delete, and a phone of the deleted person would speak for the new one.
    # The table is rebuilt; Store runs migrations before it turns foreign keys
    # on, so dropping the old table cascades to none of the notes and votes.
    if db.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("rebuilding participants needs foreign keys off")
    for sql in (
        "CREATE TABLE participants_v3 ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,"
        " name TEXT NOT NULL,"
        " role TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL)",
        "INSERT INTO participants_v3 (id, workshop_id, name, role, created_at) "
        "SELECT id, workshop_id, name, role, created_at FROM participants",
        "DROP TABLE participants",
        "ALTER TABLE participants_v3 RENAME TO participants",
        "CREATE UNIQUE INDEX participants_name ON participants(workshop_id, name COLLATE NOCASE)",
    ):
        db.execute(sql)


@migration
def m004_phone_sessions(db: Database) -> None:
    # Which phone speaks for which participant, so that a restart of the laptop
    # does not ask the whole room to pick their names again. Only a hash of the
    # phone's cookie is kept: the file alone cannot be used to pose as anyone.
    db.execute(
        "CREATE TABLE phone_sessions ("
        " token_hash TEXT PRIMARY KEY,"
        " workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,"
        " participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,"
        " csrf TEXT NOT NULL,"
        " created_at TEXT NOT NULL)")
    db.execute("CREATE INDEX phone_sessions_workshop ON phone_sessions(workshop_id)")


@migration
def m005_rules_and_wording(db: Database) -> None:
    # Events keep what changed as a message id and parameters, so the history
    # can be worded in any language; older events have neither and keep their
    # English summary.
    db.execute("ALTER TABLE events ADD COLUMN message TEXT")
    db.execute("ALTER TABLE events ADD COLUMN params TEXT NOT NULL DEFAULT '{}'")
    # The folder a workshop's exports go to, once the facilitator has picked one.
    db.execute("ALTER TABLE workshops ADD COLUMN export_folder TEXT")
    # How a round was closed while ballots were over a lowered budget:
    # 'keep' (counted as cast) or 'trim' (cut back to the budget).
    db.execute("ALTER TABLE rounds ADD COLUMN over_budget TEXT "
               "CHECK (over_budget IN ('keep', 'trim'))")
    # A score without a participant is the group's agreed score. The table is
    # rebuilt to let participant_id be empty (foreign keys are off here, as in
    # m003); one group score per initiative at most.
    if db.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("rebuilding scores needs foreign keys off")
    for sql in (
        "CREATE TABLE scores_v5 ("
        " id INTEGER PRIMARY KEY,"
        " workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,"
        " initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
        " participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,"
        " impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),"
        " effort INTEGER NOT NULL CHECK (effort BETWEEN 1 AND 5))",
        "INSERT INTO scores_v5 (id, workshop_id, initiative_id, participant_id, impact, effort) "
        "SELECT id, workshop_id, initiative_id, participant_id, impact, effort FROM scores",
        "DROP TABLE scores",
        "ALTER TABLE scores_v5 RENAME TO scores",
        "CREATE UNIQUE INDEX scores_unique ON scores(initiative_id, participant_id)",
        "CREATE UNIQUE INDEX scores_group ON scores(initiative_id) WHERE participant_id IS NULL",
    ):
        db.execute(sql)


@migration
def m006_report_data(db: Database) -> None:
    # What the leadership report asks for: the day the workshop was held (a
    # workshop made before gets the day it was created), a headline written by
    # the facilitator, and per initiative a first milestone with its due day,
    # what leadership is asked for, and the part of the playbook it improves.
    for sql in (
        "ALTER TABLE workshops ADD COLUMN held_on TEXT NOT NULL DEFAULT ''",
        "UPDATE workshops SET held_on = substr(created_at, 1, 10)",
        "ALTER TABLE workshops ADD COLUMN headline TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE initiatives ADD COLUMN milestone TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE initiatives ADD COLUMN milestone_due TEXT",
        "ALTER TABLE initiatives ADD COLUMN ask TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE initiatives ADD COLUMN part TEXT",
    ):
        db.execute(sql)


@migration
def m007_follow_up(db: Database) -> None:
    # A metric with numbers (baseline, numeric target, unit, direction), and
    # where a carried-over item came from.
    for sql in (
        "ALTER TABLE initiatives ADD COLUMN baseline REAL",
        "ALTER TABLE initiatives ADD COLUMN target_value REAL",
        "ALTER TABLE initiatives ADD COLUMN unit TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE initiatives ADD COLUMN lower_is_better INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE initiatives ADD COLUMN carried_from TEXT NOT NULL DEFAULT ''",
    ):
        db.execute(sql)
    # Check-ins keep their history: rows are only ever added (undo removes
    # the one it added), so what an item's status was on any day can be told.
    # The indexes serve the follow-up view, which reads a workshop's rows by
    # date; the per-item ones serve one item's history and carry-over.
    db.executescript(
        """
        CREATE TABLE status_updates (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            status TEXT CHECK (status IN ('planned', 'on-track', 'at-risk', 'blocked',
                                          'done', 'dropped')),
            comment TEXT NOT NULL DEFAULT '',
            next_step TEXT NOT NULL DEFAULT '',
            next_due TEXT,
            on_date TEXT NOT NULL,
            by_name TEXT NOT NULL DEFAULT '',
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            source TEXT NOT NULL DEFAULT 'local',
            created_at TEXT NOT NULL,
            CHECK (status IS NOT NULL OR next_step != '' OR comment != '')
        );
        CREATE INDEX status_updates_workshop ON status_updates(workshop_id, on_date, id);
        CREATE INDEX status_updates_item ON status_updates(initiative_id, on_date, id);
        CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            value REAL,
            text TEXT NOT NULL DEFAULT '',
            on_date TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            by_name TEXT NOT NULL DEFAULT '',
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            source TEXT NOT NULL DEFAULT 'local',
            created_at TEXT NOT NULL,
            CHECK (value IS NOT NULL OR text != '')
        );
        CREATE INDEX readings_workshop ON readings(workshop_id, on_date, id);
        CREATE INDEX readings_item ON readings(initiative_id, on_date, id);
        """
    )

@migration
def m008_evidence(db: Database) -> None:
    # Customer evidence: comments imported from a survey or ticket export. Each
    # import is one row (where from, whether personal data was masked); every
    # row of the file is an item, and items that say the same thing are folded
    # behind one note on the wall (evidence_notes marks that note, with its
    # suggested lens until the facilitator accepts it). A deleted note takes its
    # evidence with it; the service deletes those rows itself first, so undo
    # brings them back with the note.
    db.executescript(
        """
        CREATE TABLE evidence_imports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            section_id TEXT NOT NULL,
            source TEXT NOT NULL,
            file TEXT NOT NULL,
            masked INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX evidence_imports_workshop ON evidence_imports(workshop_id);
        CREATE TABLE evidence_notes (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            note_id INTEGER NOT NULL UNIQUE REFERENCES notes(id) ON DELETE CASCADE,
            import_id INTEGER NOT NULL REFERENCES evidence_imports(id) ON DELETE CASCADE,
            suggested_lens TEXT
        );
        CREATE INDEX evidence_notes_workshop ON evidence_notes(workshop_id);
        CREATE TABLE evidence_items (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            import_id INTEGER NOT NULL REFERENCES evidence_imports(id) ON DELETE CASCADE,
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            row_number INTEGER NOT NULL,
            text TEXT NOT NULL,
            date TEXT,
            rating REAL,
            channel TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX evidence_items_note ON evidence_items(note_id);
        CREATE INDEX evidence_items_workshop ON evidence_items(workshop_id);
        """
    )


@migration
def m009_drafts(db: Database) -> None:
    # Lines held aside in a capture step and the note still being typed, so a
    # crash or a closed window loses nothing; scratch, never undone or archived.
    db.executescript(
        """
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            key TEXT UNIQUE,
            section_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('held', 'typing')),
            text TEXT NOT NULL,
            problems TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        );
        CREATE INDEX drafts_workshop ON drafts(workshop_id, kind);
        """
    )


KNOWN_MIGRATIONS = [fn.__name__ for fn in MIGRATIONS]


def _migrate(conn: sqlite3.Connection) -> None:
    try:
        applied = {row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
    except sqlite3.OperationalError:  # a new, empty database
        applied = set()
    if applied.issuperset(KNOWN_MIGRATIONS):
        return
    # sqlite-utils is imported only when there is schema work to do: importing
    # it costs about a tenth of a second on every start otherwise.
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        steps(name=fn.__name__)(fn)
    steps.apply(Database(conn))


def _inspect_read_only(path: Path) -> None:
    """Refuse files we must not touch, without opening them for writing.

    Everything goes through SQLite itself, never a plain open()/close() of the
    file: closing any descriptor of a file drops the POSIX locks this process
    holds on it, which would let another process delete a live WAL.
    """
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a sprintkit database", key="db_folder",
                            file=str(path))
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open ({exc}); left untouched") from None
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise DatabaseError(f"{path}: database is corrupt ({check}); left untouched",
                                key="db_corrupt", file=str(path), reason=check)
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'"
        ).fetchone()
        if has_table:
            applied = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [MIGRATION_SET],
                )
            ]
            unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
            if unknown:
                raise DatabaseError(
                    f"{path}: written by a newer sprintkit (schema '{unknown[-1]}'); "
                    "upgrade sprintkit to open it (file left untouched)",
                    key="db_newer", file=str(path), schema=unknown[-1])
        else:
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()[0]
            if tables:
                raise DatabaseError(
                    f"{path}: an SQLite database of another program, not sprintkit's "
                    "(left untouched)", key="db_foreign", file=str(path))
    except sqlite3.DatabaseError as exc:
        if "unable to open" in str(exc):
            raise DatabaseError(f"{path}: cannot open for reading ({exc})") from None
        if "not a database" in str(exc):
            raise DatabaseError(f"{path}: not an SQLite database (left untouched)",
                                key="db_not_sqlite", file=str(path)) from None
        raise DatabaseError(f"{path}: database is corrupt ({exc}); left untouched",
                            key="db_corrupt", file=str(path), reason=str(exc)) from None
    finally:
        conn.close()


class Store:
    """One connection shared by the UI, the phone server and workers.

    Writes are serialised by a lock and run as ``BEGIN IMMEDIATE`` transactions,
    so a read-then-write (a vote checked against the budget) cannot interleave.
    """

    def __init__(self, path: Path | str | None) -> None:
        self.path = Path(path) if path not in (None, ":memory:") else None
        if self.path is not None:
            self.path = self.path.expanduser()
            if self.path.exists():
                _inspect_read_only(self.path)
            else:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DatabaseError(
                        f"{self.path.parent}: cannot create folder ({exc.strerror})"
                    ) from None
            target = str(self.path)
        else:
            target = ":memory:"
        try:
            conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(f"{target}: cannot open database ({exc})") from None
        self.conn = conn
        self.lock = threading.RLock()
        self._depth = 0
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if self.path is not None:
                conn.execute("PRAGMA journal_mode = WAL")
                # FULL: the UI says "saved" only once the commit is on the disk,
                # so an OS crash or a dying battery cannot take it back. On macOS
                # fsync alone leaves it in the drive's cache; fullfsync flushes that too.
                conn.execute("PRAGMA synchronous = FULL")
                if sys.platform == "darwin":
                    conn.execute("PRAGMA fullfsync = ON")
            # Migrations first: one rebuilds a table, which must not cascade.
            _migrate(conn)
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            conn.close()
            raise DatabaseError(f"{target}: cannot prepare database ({exc})") from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One operation, committed whole or not at all. Nested calls join the outer one."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    # A commit can fail (a full disk, a deferred constraint). Left
                    # open, the transaction would refuse every later write.
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
            finally:
                self._depth = 0

    @contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        """A part of the open transaction that can fail alone: if it raises, its
        writes are undone and the rest of the transaction stands."""
        with self.lock:
            if not self._depth:
                raise RuntimeError("a savepoint needs an open transaction")
            self.conn.execute("SAVEPOINT part")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO part")
                self.conn.execute("RELEASE part")
                raise
            else:
                self.conn.execute("RELEASE part")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Several reads that see one consistent state, even while another
        process writes to the same file (WAL gives each read transaction its own view)."""
        with self.lock:
            if self._depth:
                yield self.conn
                return
            self.conn.execute("BEGIN")
            self._depth = 1
            try:
                yield self.conn
            finally:
                self._depth = 0
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        with self.lock:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]

    def query_one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def version(self) -> tuple[int, int]:
        """Moves whenever anything is written to the file: by this connection
        (its count of changed rows, which also counts writes rolled back) or
        committed by any other (SQLite's data_version). While it stays put,
        every read answers as it did."""
        with self.lock:
            row = self.conn.execute("PRAGMA data_version").fetchone()
            return int(row[0]), self.conn.total_changes

    def close(self) -> None:
        with self.lock:
            self.conn.close()
