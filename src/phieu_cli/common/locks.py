"""A lock file that says "someone is filling this response": two `phieu fill` on the same output (two windows,
two colleagues on a shared drive) would otherwise each resume the same draft and the last to save would win.

The lock is a small JSON file next to the output (`.tra_loi.json.lock`), created with O_CREAT | O_EXCL, which
is atomic on every local file system, on Windows, and on SMB and NFSv3+ shares: of two processes only one
creates it. It holds the owner's pid, host name, user and start time. No fcntl/msvcrt locking on the main
path: those do not survive on some network drives and do not tell the second person who holds the file.

A lock left by a crash or kill -9 is stale: on the same host, when its pid no longer runs, it is taken over
at once. A lock from another host cannot be checked; the message says who and since when, and how to remove
it when the person is sure nobody is filling.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOCK_SUFFIX = ".lock"
# A lock with no owner written in it is one whose creator died between creating and writing it (a few
# microseconds), or is writing it right now: after this many seconds it is the former.
EMPTY_LOCK_GRACE = 10.0


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as written in it (any field may be missing in a damaged file)."""

    pid: int | None
    host: str | None
    user: str | None
    started: str | None
    age: float | None = None  # seconds since the lock file was last written

    def describe(self) -> str:
        from phieu_cli.common.messages import t

        who = []
        if self.user:
            who.append(t("người dùng {user}", user=self.user))
        if self.host:
            who.append(t("máy {host}", host=self.host))
        if self.pid is not None:
            who.append(t("tiến trình {pid}", pid=self.pid))
        since = t(", từ {time}", time=_local_time(self.started)) if self.started else ""
        return (", ".join(who) or t("không rõ ai")) + since


class LockHeld(Exception):
    """Another live phieu holds the lock."""

    def __init__(self, path: Path, holder: Holder) -> None:
        super().__init__(str(path))
        self.path = path
        self.holder = holder


def lock_path_for(target: Path) -> Path:
    """`tra_loi.json` -> `.tra_loi.json.lock` (hidden on POSIX, next to the file it guards)."""
    return target.with_name(f".{target.name}{LOCK_SUFFIX}")


class FileLock:
    """`acquire()` creates the lock or raises LockHeld; `release()` removes it if it is still ours."""

    def __init__(self, target: Path) -> None:
        self.path = lock_path_for(target)
        self.token = {
            "pid": os.getpid(),
            "host": _host(),
            "user": _user(),
            "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        self.held = False
        self.took_over: Holder | None = None  # the stale lock replaced, for a note

    def acquire(self) -> None:
        """Raises LockHeld, or OSError when the folder cannot hold a new file (read-only, full)."""
        for _ in range(3):  # create; if a stale lock is in the way, remove it and create again
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                holder = read_holder(self.path)
                if holder is None or not is_stale(holder):
                    raise LockHeld(self.path, holder or _UNKNOWN) from None
                self.took_over = holder
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            try:
                os.write(fd, json.dumps(self.token, ensure_ascii=False).encode("utf-8"))
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    self.path.unlink()
                raise
            os.close(fd)
            self.held = True
            return
        raise LockHeld(self.path, read_holder(self.path) or _UNKNOWN)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        holder = read_holder(self.path)
        if holder is not None and holder.pid == self.token["pid"] and holder.host == self.token["host"]:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_holder(path: Path) -> Holder | None:
    """The holder written in *path*; None when there is no lock. An unreadable or half-written lock (the
    owner was killed between creating and writing it) is a holder with nothing known."""
    try:
        raw = path.read_bytes()
        age = dt.datetime.now().timestamp() - path.stat().st_mtime
    except FileNotFoundError:
        return None
    except OSError:
        return _UNKNOWN
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    pid = data.get("pid")
    return Holder(
        pid=pid if isinstance(pid, int) and not isinstance(pid, bool) and pid > 0 else None,
        host=_str(data.get("host")),
        user=_str(data.get("user")),
        started=_str(data.get("started")),
        age=age,
    )


def is_stale(holder: Holder) -> bool:
    """Whether the lock can be taken over: written on this host by a process that no longer runs, or left
    empty (its creator died before writing it) for longer than EMPTY_LOCK_GRACE seconds."""
    if holder.pid is None or holder.host is None:
        return holder.age is not None and holder.age > EMPTY_LOCK_GRACE
    if holder.host != _host():
        return False
    return not pid_alive(holder.pid)


_UNKNOWN = Holder(None, None, None, None)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine. Never signals it (on Windows os.kill would end it)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows only
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    process_query_limited_information = 0x1000
    still_active = 259
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return bool(kernel32.GetLastError() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def _host() -> str:
    return socket.gethostname() or "?"


def _user() -> str | None:
    for name in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _local_time(stamp: str) -> str:
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return stamp
