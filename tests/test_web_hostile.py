"""Hostile clients at the socket level: slow and idle connections, malformed
requests, strange bodies and foreign Host headers. Loopback only; every loop
here is bounded."""

from __future__ import annotations

import asyncio
import errno
import logging
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import aiohttp
import pytest

from sprintkit.web.limits import (
    KEEPALIVE_TIMEOUT_S,
    QuietLog,
    accept_error_handler,
    raise_open_file_limit,
)
from sprintkit.web.security import HostCheck, split_host
from sprintkit.web.server import PAGE, Limits, Room, create_app
from tests.test_web import Phone

ROOT = Path(__file__).resolve().parent.parent
LOGGER = "sprintkit.web.handlers.base"  # the page's QuietLog


@pytest.fixture
async def room(service, workshop):
    room = Room(service, workshop.id, host="127.0.0.1", port=0)
    await room.start()
    yield room
    await room.stop()


@pytest.fixture
def token(service, workshop):
    return service.join_token(workshop.id)


async def send(port: int, data: bytes, *, wait: float = 3.0) -> bytes:
    """Send raw bytes, return what comes back until the server closes or ``wait`` passes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        await writer.drain()
        chunks = []
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = await asyncio.wait_for(reader.read(65536), deadline - time.monotonic())
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks):
                break
        return b"".join(chunks)
    finally:
        writer.close()


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def warnings_of(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno >= logging.WARNING]


async def joined_phone(port: int, token: str, participant: int) -> tuple[aiohttp.ClientSession,
                                                                         str]:
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    url = f"http://127.0.0.1:{port}/j/{token}"
    text = await (await session.get(url)).text()
    csrf = text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    await session.post(url + "/join", data={"csrf": csrf, "participant": str(participant)})
    text = await (await session.get(url)).text()
    return session, text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


# ------------------------------------------------------------------ item 4: starving


async def test_trickling_and_idle_connections_are_closed_within_seconds(room, token):
    """20 connections that trickle header lines (never finishing the request)
    and 10 that send nothing are all closed by the server within a few seconds."""
    limit = KEEPALIVE_TIMEOUT_S + 3.0
    assert KEEPALIVE_TIMEOUT_S <= 10
    trickle = [await asyncio.open_connection("127.0.0.1", room.port) for _ in range(20)]
    silent = [await asyncio.open_connection("127.0.0.1", room.port) for _ in range(10)]
    started = time.monotonic()
    for _, writer in trickle:
        writer.write(f"GET /j/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
    closed_after: dict[int, float] = {}
    for step in range(int(limit / 0.25) + 1):  # bounded: never longer than `limit`
        await asyncio.sleep(0.25)
        for index, (reader, writer) in enumerate(trickle):
            if index in closed_after:
                continue
            if reader.at_eof() or writer.is_closing():
                closed_after[index] = time.monotonic() - started
                continue
            try:
                writer.write(f"X-Slow-{step}: a\r\n".encode())
                await writer.drain()
            except (ConnectionError, OSError):
                closed_after[index] = time.monotonic() - started
        if len(closed_after) == len(trickle):
            break
    assert len(closed_after) == len(trickle), "some trickling connections were kept open"
    assert max(closed_after.values()) < limit
    for reader, writer in silent:
        assert await asyncio.wait_for(reader.read(100), 2.0) == b""
        writer.close()
    for _, writer in trickle:
        writer.close()
    # and the room still answers normally
    answer = await send(room.port, f"GET /j/{token}/state HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   f"Connection: close\r\n\r\n".encode())
    assert status_of(answer) == 200


async def test_a_slow_body_is_cut_off_with_a_4xx(service, workshop, token):
    room = Room(service, workshop.id, host="127.0.0.1", port=0,
                limits=Limits(body_timeout=0.5))
    await room.start()
    try:
        session, csrf = await joined_phone(room.port, token,
                                           service.participant(workshop.id, "Ann").id)
        cookie = "; ".join(f"{c.key}={c.value}" for c in session.cookie_jar)
        await session.close()
        head = (f"POST /j/{token}/note HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 500\r\n\r\ncsrf=").encode()
        started = time.monotonic()
        answer = await send(room.port, head, wait=5.0)
        assert status_of(answer) == 408
        assert time.monotonic() - started < 3.0
        assert service.notes(workshop.id) == []
    finally:
        await room.stop()


async def test_idle_connections_per_address_are_capped_oldest_first(service, workshop,
                                                                     token):
    room = Room(service, workshop.id, host="127.0.0.1", port=0,
                limits=Limits(connections_per_address=5))
    await room.start()
    try:
        idle = []
        for _ in range(8):
            idle.append(await asyncio.open_connection("127.0.0.1", room.port))
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)
        guard = room.page.connections
        assert guard.count("127.0.0.1") == 5
        for reader, _ in idle[:3]:  # the oldest three were closed
            assert await asyncio.wait_for(reader.read(100), 2.0) == b""
        answer = await send(room.port, f"GET /j/{token}/state HTTP/1.1\r\nHost: 127.0.0.1"
                                       f"\r\nConnection: close\r\n\r\n".encode())
        assert status_of(answer) == 200
        for _, writer in idle:
            writer.close()
    finally:
        await room.stop()


def test_the_default_cap_leaves_room_for_thirty_phones_behind_one_address():
    # up to six connections per phone, as browsers open
    assert Limits().connections_per_address >= 30 * 6


def test_the_open_file_limit_is_raised_where_allowed():
    resource = pytest.importorskip("resource")
    script = textwrap.dedent("""
        import resource, sys
        sys.path.insert(0, sys.argv[1])
        from sprintkit.web.limits import raise_open_file_limit
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
        print(raise_open_file_limit(1024), resource.getrlimit(resource.RLIMIT_NOFILE)[0], hard)
    """)
    out = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True,
                         text=True, timeout=30, check=True).stdout.split()
    reported, soft, hard = int(out[0]), int(out[1]), int(out[2])
    expected = 1024 if hard == resource.RLIM_INFINITY else min(1024, hard)
    assert reported == soft == expected
    assert raise_open_file_limit() is not None


def test_accept_errors_are_logged_once_per_interval_without_a_traceback(caplog):
    passed, relieved = [], []
    handle = accept_error_handler(QuietLog(logging.getLogger(LOGGER), interval=60),
                                  lambda loop, context: passed.append(context),
                                  lambda: relieved.append(1) or 3)
    loop = asyncio.new_event_loop()
    try:
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            for _ in range(3000):
                handle(loop, {"message": "socket.accept() out of system resource",
                              "exception": OSError(errno.EMFILE, "Too many open files")})
        handle(loop, {"message": "something else"})
    finally:
        loop.close()
    lines = warnings_of(caplog)
    assert len(lines) == 1
    assert "too many open files" in lines[0].getMessage().lower()
    assert lines[0].exc_info is None
    assert passed == [{"message": "something else"}]
    assert len(relieved) == 3000  # every failed accept closes idle connections
    assert "3 idle connections closed" in lines[0].getMessage()


async def test_a_full_descriptor_table_closes_the_oldest_idle_connections(room):
    idle = [await asyncio.open_connection("127.0.0.1", room.port) for _ in range(6)]
    await asyncio.sleep(0.1)
    guard = room.page.connections
    assert len(guard) == 6
    assert guard.shed(4) == 4
    assert len(guard) == 2
    for reader, _ in idle[:4]:
        assert await asyncio.wait_for(reader.read(100), 2.0) == b""
    for _, writer in idle:
        writer.close()


def test_a_room_under_a_tiny_descriptor_limit_keeps_serving_quietly(tmp_path):
    """The issue's case: a low open-file limit, dozens of idle sockets from one
    client. New phones are still served, and the console shows no traceback."""
    pytest.importorskip("resource")
    script = textwrap.dedent("""
        import asyncio, resource, sys
        sys.path.insert(0, sys.argv[1])
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        from sprintkit.playbooks import load_playbook_file
        from sprintkit.service import WorkshopService
        from sprintkit.store import Store
        from sprintkit.web.server import Room

        async def main():
            service = WorkshopService(Store(None))
            book = load_playbook_file(sys.argv[1] + "/tests/fixtures/mini.en.yaml")
            ws = service.create_workshop("Tiny", book)
            room = Room(service, ws.id, host="127.0.0.1", port=0)
            await room.start()
            print(room.port, service.join_token(ws.id), flush=True)
            await asyncio.sleep(30)

        asyncio.run(main())
    """)
    proc = subprocess.Popen([sys.executable, "-c", script, str(ROOT)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        port_text, token = proc.stdout.readline().split()
        port = int(port_text)

        async def attack_then_join() -> list[int]:
            idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(90)]
            statuses = []
            for _ in range(5):
                answer = await asyncio.wait_for(send(
                    port, f"GET /j/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Connection: close\r\n\r\n".encode(), wait=5.0), 10)
                statuses.append(status_of(answer))
            for _, writer in idle:
                writer.close()
            return statuses

        assert asyncio.run(attack_then_join()) == [200] * 5
    finally:
        proc.kill()
        _, err = proc.communicate(timeout=10)
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 3


# ------------------------------------------------------------------ item 5: 500s


@pytest.mark.parametrize("content_type", [
    "application/x-www-form-urlencoded; charset=x-klingon",
    "multipart/form-data; boundary=x",
])
async def test_an_unknown_charset_on_a_valid_note_is_a_4xx_and_one_line(
        aiohttp_client, service, workshop, token, caplog, content_type):
    phone = Phone(await aiohttp_client(create_app(service, workshop.id)), token)
    await phone.join(service.participant(workshop.id, "Ann").id)
    if content_type.startswith("multipart"):
        # the charset of a multipart form is named per part
        body = (f'--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{phone.csrf}\r\n'
                '--x\r\nContent-Disposition: form-data; name="text"\r\n'
                'Content-Type: text/plain; charset=x-klingon\r\n\r\nhello\r\n'
                '--x--\r\n').encode()
    else:
        body = f"csrf={phone.csrf}&text=hello".encode()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = await phone.client.post(phone.base + "/note", data=body,
                                           headers={"Content-Type": content_type})
    assert 400 <= response.status < 500
    assert service.notes(workshop.id) == []
    lines = warnings_of(caplog)
    assert len(lines) == 1 and lines[0].exc_info is None


@pytest.mark.parametrize("body", [
    b"--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc",   # never ends
    b"garbage without any boundary",
    b"--x\r\nno headers at all\r\n--x--\r\n",
    b"--x\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--x--\r\n",
])
async def test_a_malformed_multipart_body_is_a_4xx_and_no_traceback(
        aiohttp_client, service, workshop, token, caplog, body):
    phone = Phone(await aiohttp_client(create_app(service, workshop.id)), token)
    await phone.join(service.participant(workshop.id, "Ann").id)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = await phone.client.post(
            phone.base + "/note", data=body,
            headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert 400 <= response.status < 500
    assert service.notes(workshop.id) == []
    assert len(warnings_of(caplog)) <= 1
    assert all(r.exc_info is None for r in caplog.records)


async def test_a_phone_dropping_mid_upload_is_one_line(room, token, caplog, service,
                                                       workshop):
    session, csrf = await joined_phone(room.port, token,
                                       service.participant(workshop.id, "Ann").id)
    cookie = "; ".join(f"{c.key}={c.value}" for c in session.cookie_jar)
    await session.close()
    with caplog.at_level(logging.DEBUG):
        _, writer = await asyncio.open_connection("127.0.0.1", room.port)
        writer.write((f"POST /j/{token}/note HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}"
                      "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      f"Content-Length: 5000\r\n\r\ncsrf={csrf}&text=half").encode())
        await writer.drain()
        await asyncio.sleep(0.2)
        writer.transport.abort()
        for _ in range(20):
            await asyncio.sleep(0.05)
            if warnings_of(caplog):
                break
    assert service.notes(workshop.id) == []
    assert len(warnings_of(caplog)) == 1
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= logging.WARNING)


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /\x1b[2J HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 20000 + b"\r\n\r\n",
])
async def test_a_malformed_http_request_is_a_4xx_and_one_line(room, caplog, request_bytes):
    with caplog.at_level(logging.DEBUG):
        answer = await send(room.port, request_bytes)
        await asyncio.sleep(0.05)
    assert 400 <= status_of(answer) < 500
    assert b"Python" not in answer and b"aiohttp" not in answer
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) <= 1
    assert all(r.exc_info is None for r in lines)
    assert all("\x1b" not in r.getMessage() for r in lines)


# ------------------------------------------------------------------ item 7: host


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1", True), ("127.0.0.1:{port}", True), ("localhost", True),
    ("LOCALHOST:{port}", True), ("[::1]", True), ("[::1]:{port}", True),
    ("evil.example", False), ("evil.example:{port}", False), ("127.0.0.1:1", False),
    ("127.0.0.2", False), ("", False), ("127.0.0.1:", False), ("[::1", False),
    ("::1", False), ("127.0.0.1:80:80", False), ("exämple", False),
])
async def test_only_this_laptops_host_names_are_answered(room, token, host, allowed):
    header = host.format(port=room.port)
    request = f"GET /j/{token} HTTP/1.1\r\nHost: {header}\r\nConnection: close\r\n\r\n"
    answer = await send(room.port, request.encode("utf-8"))
    assert status_of(answer) == (200 if allowed else 421), answer[:200]
    if not allowed:
        assert b"Test sprint" not in answer  # not even the workshop's name


async def test_static_files_need_the_right_host_too(room):
    answer = await send(room.port, b"GET /static/sprintkit.css HTTP/1.1\r\n"
                                   b"Host: evil.example\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 421


async def test_no_answer_names_python_or_aiohttp(room, token):
    for request in (f"GET /j/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    "GET /static/sprintkit.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    "GET /nothing HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                    "BAD\r\n\r\n"):
        answer = await send(room.port, request.encode())
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        servers = [line for line in head.split("\r\n") if line.lower().startswith("server:")]
        assert servers == ["Server: sprintkit"], head


def test_the_host_check_when_listening_on_all_interfaces():
    check = HostCheck("0.0.0.0", lambda: ["192.168.1.20", "10.0.0.7"])
    here = ("192.168.1.20", 8765)
    for header in ("192.168.1.20", "192.168.1.20:8765", "10.0.0.7:8765", "localhost",
                   "127.0.0.1:8765", "[::1]:8765"):
        assert check.allows(header, here), header
    for header in ("evil.example", "192.168.1.21", "192.168.1.20:8000", "", None):
        assert not check.allows(header, here), header
    # an address the laptop gained after the room opened
    addresses = ["192.168.1.20"]
    later = HostCheck("0.0.0.0", lambda: list(addresses))
    assert not later.allows("10.9.9.9", here)
    addresses.append("10.9.9.9")
    later._asked -= 60
    assert later.allows("10.9.9.9:8765", here)
    # an IPv4 phone reaching a dual-stack socket
    assert HostCheck("::", lambda: ["192.168.1.20"]).allows(
        "192.168.1.20:8765", ("::ffff:192.168.1.20", 8765, 0, 0))


def test_the_host_check_when_listening_on_one_address():
    check = HostCheck("192.168.1.20")
    here = ("192.168.1.20", 8765)
    assert check.allows("192.168.1.20:8765", here)
    assert check.allows("192.168.1.20", here)
    for header in ("localhost", "127.0.0.1", "[::1]", "10.0.0.7", "evil.example"):
        assert not check.allows(header, here), header
    v6 = HostCheck("fe80::1")
    assert v6.allows("[fe80::1]:8765", ("fe80::1", 8765, 0, 2))
    assert v6.allows("[FE80:0::1]", ("fe80::1", 8765, 0, 2))
    assert not v6.allows("fe80::1", ("fe80::1", 8765, 0, 2))


def test_host_headers_are_parsed_strictly():
    assert split_host("Example:80") == ("example", 80)
    assert split_host("[::1]:8765") == ("::1", 8765)
    assert split_host("[::1]") == ("::1", None)
    for bad in ("", "a:", "a:b", "[::1]x", "[zz]", "a:123456", "ä", "[::1]:"):
        assert split_host(bad) is None, bad


async def test_a_test_app_accepts_the_address_it_was_reached_at(aiohttp_client, service,
                                                               workshop, token):
    client = await aiohttp_client(create_app(service, workshop.id))
    assert (await client.get(f"/j/{token}/state")).status == 200
    response = await client.get(f"/j/{token}/state", headers={"Host": "evil.example"})
    assert response.status == 421
    assert client.server.app[PAGE].hosts.bound is None
