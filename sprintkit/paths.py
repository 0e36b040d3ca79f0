"""Where sprintkit keeps its data, its config and the bundled playbooks."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from sprintkit.errors import SprintkitError

APP = "sprintkit"


def default_db_path() -> Path:
    env = os.environ.get("SPRINTKIT_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "sprintkit.db"


def config_dir() -> Path:
    env = os.environ.get("SPRINTKIT_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def user_playbook_dir() -> Path:
    return config_dir() / "playbooks"


def bundled_playbook_dir() -> Path:
    here = Path(__file__).resolve().parent
    # Installed from a wheel the YAML files sit inside the package; in a source
    # checkout (or an editable install) they are at the top of the repository.
    packaged = here / "_bundled_playbooks"
    if packaged.is_dir():
        return packaged
    return here.parent / "playbooks"


def default_export_dir() -> Path:
    """Where exports go until a folder is chosen for the workshop: a folder in the
    user's documents, the same wherever sprintkit was started from."""
    env = os.environ.get("SPRINTKIT_EXPORT_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_documents_dir()) / APP


def read_user_text(path: Path | str, *, what: str = "file",
                   error: type[SprintkitError] = SprintkitError,
                   encoding: str = "utf-8") -> str:
    """Read a file the user named; every failure is one line naming the file."""
    path = Path(path)
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise error(f"{path}: no such {what}", key="no_file", file=str(path)) from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a {what}", key="is_folder",
                    file=str(path)) from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text (save it as UTF-8)", key="not_utf8",
                    file=str(path)) from None
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})", key="unreadable", file=str(path),
                    reason=exc.strerror) from None
