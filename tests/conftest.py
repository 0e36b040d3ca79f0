from __future__ import annotations

import os
from pathlib import Path

import pytest

from sprintkit.playbooks import load_playbook_file
from sprintkit.service import WorkshopService
from sprintkit.store import Store

FIXTURES = Path(__file__).parent / "fixtures"

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SPRINTKIT_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("SPRINTKIT_DB", str(home / "default.db"))
    monkeypatch.setenv("SPRINTKIT_EXPORT_DIR", str(home / "exports"))
    monkeypatch.delenv("SPRINTKIT_PLAYBOOK_DIR", raising=False)


@pytest.fixture
def mini_playbook():
    return load_playbook_file(FIXTURES / "mini.en.yaml")


@pytest.fixture
def service():
    svc = WorkshopService(Store(None))
    yield svc
    svc.store.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "sprint.db"


@pytest.fixture
def db(tmp_path):
    """A database file, for tests that open the app on it beside a service."""
    return tmp_path / "sprint.db"


@pytest.fixture
def svc(db):
    service = WorkshopService(Store(db))
    yield service
    service.store.close()


@pytest.fixture
def workshop(service, mini_playbook):
    """A small workshop: three people in two roles, a few notes, two initiatives."""
    ws = service.create_workshop("Test sprint", mini_playbook, organisation="Acme",
                                 facilitator="Fay")
    service.add_participant(ws.id, "Ann", "Sales")
    service.add_participant(ws.id, "Bo", "IT")
    service.add_participant(ws.id, "Cy", "Sales")
    return ws
