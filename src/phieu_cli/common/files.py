"""Reading what people hand us and writing files so that nothing is ever half-written."""

from __future__ import annotations

import errno
import os

from phieu_cli.common.errors import UsageError
from phieu_cli.common.messages import t

TYPE_CHECKING = False
if TYPE_CHECKING:  # pathlib, tempfile and time cost start-up time that `phieu validate` does not spend
    from pathlib import Path


class FileTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} > {limit}")
        self.size = size
        self.limit = limit


class NotText(Exception):
    """The bytes are not UTF-8 text (or contain NUL bytes)."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"byte {offset}")
        self.offset = offset


def read_bytes_limited(path: Path | str, limit: int) -> bytes:
    """Read at most *limit* bytes; raise FileTooLarge beyond. Usage errors (missing, a folder…) say so."""
    try:
        with open(path, "rb") as handle:
            # Ask for what the file holds, not for limit + 1 bytes: a 5 MB buffer per small file is slow.
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise FileTooLarge(size, limit)
            data = handle.read((size or limit) + 1)
            if size and len(data) > size:  # it grew while we read: take what a plain read gives
                data += handle.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise UsageError(t("Không tìm thấy tệp: {path}", path=path)) from None
    except IsADirectoryError:
        raise UsageError(t("Đây là thư mục, không phải tệp: {path}", path=path)) from None
    except PermissionError:
        if os.path.isdir(path):  # what Windows says when asked to open a folder
            raise UsageError(t("Đây là thư mục, không phải tệp: {path}", path=path)) from None
        raise UsageError(t("Không có quyền đọc tệp: {path}", path=path)) from None
    except OSError as exc:
        why = t("lỗi hệ thống {errno}", errno=exc.errno) if exc.errno else t("lỗi hệ thống")
        raise UsageError(t("Không đọc được tệp {path}: {error}", path=path, error=why)) from None
    if len(data) > limit:
        raise FileTooLarge(os.stat(path).st_size, limit)
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 text, a leading byte-order mark accepted (Notepad writes one). Raises NotText."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise NotText(nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(exc.start) from None


def atomic_write_text(path: Path, text: str, *, private: bool = False, retries: int = 5) -> None:
    """Write *text* as UTF-8 (no newline translation) so that *path* holds the old or the new content, never a mix."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private, retries=retries)


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False, retries: int = 5) -> None:
    """Write *data* so that *path* holds either the old or the new content, never a mix (DOCX, XLSX, text).

    Temp file in the same folder (so os.replace stays on one file system), flush + fsync, then os.replace.
    On Windows an antivirus or OneDrive can hold the target for a moment: retry with a short backoff.
    *private* makes the file owner-only where the system has POSIX permissions.
    """
    import tempfile
    from pathlib import Path

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if private and os.name == "posix":
            tmp.chmod(0o600)
        elif not private and os.name == "posix":
            # mkstemp creates 0600; give an ordinary file the ordinary permissions.
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o666 & ~umask)
        for attempt in range(retries):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:
                if attempt == retries - 1:
                    raise
                import time

                time.sleep(0.05 * (2**attempt))
        _fsync_folder(folder)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


# By name: not every system defines every code (Windows has no EDQUOT in some builds).
_WRITE_ERRORS = {
    getattr(errno, name, None): text
    for name, text in (
        ("ENOSPC", "ổ đĩa đã đầy"),
        ("EDQUOT", "đã hết hạn mức dung lượng của bạn trên ổ đĩa"),
        ("EROFS", "ổ đĩa chỉ cho đọc"),
        ("EACCES", "không có quyền ghi vào đây"),
        ("EPERM", "không có quyền ghi vào đây"),
        ("ENOENT", "thư mục không còn tồn tại"),
        ("EFBIG", "tệp vượt quá cỡ tối đa được phép"),
        ("EIO", "lỗi đọc ghi của ổ đĩa"),
    )
}


def write_error(exc: OSError) -> str:
    """Why a write failed, in Vietnamese (the system's own words are English on most machines)."""
    if exc.errno is not None and exc.errno in _WRITE_ERRORS:
        return t(_WRITE_ERRORS[exc.errno])
    if isinstance(exc, PermissionError):  # Windows: a file open in another program, or no right to write
        return t("không có quyền ghi, hoặc tệp đang mở trong chương trình khác")
    return t("lỗi hệ thống {errno}", errno=exc.errno) if exc.errno else t("lỗi hệ thống")


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temp files atomic_write_bytes leaves for *path* when it is killed (kill -9, power cut):
    `.NAME.xxxxxxxx.tmp` in its folder. Call it only while no other writer of *path* can run (fill holds its
    lock). Returns what was removed."""
    import glob
    from pathlib import Path

    folder = path.parent if str(path.parent) else Path(".")
    removed = []
    for name in glob.glob(glob.escape(str(folder / f".{path.name}.")) + "*.tmp"):
        try:
            Path(name).unlink()
        except OSError:
            continue
        removed.append(Path(name))
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no folder handles to fsync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
