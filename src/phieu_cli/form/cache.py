"""The compiled form, cached per schema file, so that `phieu validate` need not load YAML or pydantic.

A form is loaded and checked once (form/check.py: YAML, pydantic, every meaning check), turned into plain data
(form/plain.py) and written to the user cache folder as JSON. A cache entry is named by the SHA-256 of the
schema file's exact bytes and holds the signature of phieu's own code (version, and the path, size and
modification time of every .py file of the package) and the hash of every list file the schema reads
(`options_file:`): an edit to any of them makes a new entry or misses the old one. Any problem with the
cache (absent, unreadable, corrupt, stale, a folder that cannot be written) falls back to loading the YAML.

PHIEU_CACHE_DIR moves the cache; PHIEU_CACHE_DIR="" or PHIEU_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import json
import os
import sys

from phieu_cli import __version__
from phieu_cli.form.plain import PlainForm, bundled_form_file, from_data, plain_form, to_data

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from phieu_cli.form.check import LoadedForm

CACHE_DIR_ENV = "PHIEU_CACHE_DIR"
NO_CACHE_ENV = "PHIEU_NO_CACHE"
CACHE_LAYOUT = 4  # bump when the layout of an entry changes (3: English labels; 4: question wording)
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


class PlainLoaded:
    """A form ready for checking responses: what LoadedForm gives validation, with a PlainForm."""

    __slots__ = ("form", "hash", "path")

    def __init__(self, form: PlainForm, path: str, hash: str) -> None:
        self.form = form
        self.path = path
        self.hash = hash  # "sha256:…" of the schema's content (form.check.content_hash)


def cache_dir() -> str | None:
    """Where entries live, or None when the cache is off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen is not None:
        return chosen or None
    home = os.path.expanduser("~")
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "phieu", "Cache")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "phieu")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "phieu")


def code_signature(package_dir: str = PACKAGE_DIR) -> str:
    """phieu's version and every source file's relative path, size and mtime: changes with any edit."""
    lines = [f"phieu {__version__} layout {CACHE_LAYOUT}"]
    folders = [package_dir]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    name = os.path.relpath(entry.path, package_dir)
                    lines.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(lines)


def _sha256_hex(data: bytes) -> str:
    try:  # the built-in module: hashlib (OpenSSL) costs a few ms at start-up
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment,unused-ignore]
    return str(sha256(data).hexdigest())


def entry_path(folder: str, schema_bytes: bytes) -> str:
    return os.path.join(folder, f"form-{_sha256_hex(schema_bytes)}.json")


def load_for_checking(schema: str | None, *, load: Callable[[], LoadedForm] | None = None) -> PlainLoaded:
    """The form at *schema* (None: the bundled one), from the cache when it holds this very file and code.

    *load* is the slow path (default: form.check.load_form_for_use): its errors are the command's errors.
    """
    path = schema if schema else bundled_form_file()
    folder = cache_dir()
    entry = signature = None
    if folder is not None:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
            entry = entry_path(folder, raw)
            signature = code_signature()
            with open(entry, encoding="utf-8") as handle:
                cached = json.load(handle)
            if cached["code"] == signature and _side_files_unchanged(path, cached["files"]):
                return PlainLoaded(from_data(cached["form"]), path, str(cached["hash"]))
        except Exception:  # absent, stale or damaged: load the YAML below
            pass
    loaded = load() if load is not None else _load_yaml(schema)
    plain = plain_form(loaded.form)
    if entry is not None and signature is not None:
        try:
            files = [[name, _file_sha256(path, name)] for name in _side_files(loaded)]
        except OSError:  # a list file gone since the form was loaded: nothing to cache
            return PlainLoaded(plain, path, loaded.hash)
        _write_entry(entry, {"code": signature, "hash": loaded.hash, "files": files, "form": to_data(plain)})
    return PlainLoaded(plain, path, loaded.hash)


def _side_files(loaded: LoadedForm) -> list[str]:
    """The files beside the schema that the form reads (`options_file:` lists): an entry holds their hashes."""
    return [f.options_file for f in loaded.form.respondent.values() if f.options_file]


def _file_sha256(schema: str, name: str) -> str:
    with open(os.path.join(os.path.dirname(schema), name), "rb") as handle:
        return _sha256_hex(handle.read())


def _side_files_unchanged(schema: str, files: list[list[str]]) -> bool:
    return all(_file_sha256(schema, name) == digest for name, digest in files)


def _load_yaml(schema: str | None) -> LoadedForm:
    from pathlib import Path

    from phieu_cli.form.check import load_form_for_use

    return load_form_for_use(Path(schema) if schema else None)


def _write_entry(entry: str, data: dict[str, object]) -> None:
    """Best effort: a cache that cannot be written only costs the next run the YAML load."""
    try:
        from pathlib import Path

        from phieu_cli.common.files import atomic_write_text

        os.makedirs(os.path.dirname(entry), exist_ok=True)
        atomic_write_text(Path(entry), json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except Exception:  # a read-only or full disk: nothing is lost
        pass
