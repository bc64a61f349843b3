"""Files a user names: folders walked for form files, and reports written atomically.

A report is written to a temporary file (or folder) beside its target, named
`.<target>.selfeval-<pid>-<random>.tmp`, and renamed over the target only when complete: a crash
leaves the old report or the new one, never half of one. The temporary file is removed when
writing fails; one left by a killed run (`kill -9`) is removed by the next run that writes the same
target, once it is older than `STALE_AFTER` seconds and the process that made it is gone.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Self

from .importers import IMPORTERS

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
# What a folder is walked for: form documents, and every file an importer reads.
FORM_SUFFIXES = DOCUMENT_SUFFIXES + tuple(IMPORTERS)
TEMPORARY_TAG = ".selfeval-"
STALE_AFTER = 3600.0  # seconds: a temporary file this old, of a process that is gone, is left over


def form_files(paths: Iterable[str | Path]) -> list[Path]:
    """The form files named, with folders walked for form documents (.yaml, .yml, .json) and the files
    importers read (.xlsx, .docx, .pdf, .html, .txt …), in a stable order.

    A name that is neither a file nor a folder is kept, so that reading it reports it missing.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORM_SUFFIXES
                                and _looks_like_a_form(p)))
        else:
            found.append(path)
    return found


# Text files in a folder are forms only when they read like one (a README.txt is not): named on the
# command line, any file is read and said unusable if it holds no form.
_SNIFFED = (".txt", ".html", ".htm")
_FORM_WORDS = ("指标", "绩效", "预算", "项目")


def _looks_like_a_form(path: Path) -> bool:
    if path.suffix.lower() not in _SNIFFED:
        return True
    try:
        with open(path, "rb") as stream:
            head = stream.read(65536)
    except OSError:
        return True  # reading it will say why it cannot be used
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding, errors="strict" if encoding != "utf-8" else "ignore")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:
                continue
            text = head[:error.start].decode(encoding)  # a character the 64 KB cut splits in two
        if sum(word in text for word in _FORM_WORDS) >= 2:
            return True
    return False


class OutputExistsError(FileExistsError):
    """A report would overwrite an existing file (or a symbolic link) and `force` was not given.

    Attributes:
        link: True when what is there is a symbolic link (perhaps a dangling one).
    """

    def __init__(self, path: str, *, link: bool = False) -> None:
        super().__init__(path)
        self.path, self.link = path, link


def check_output(path: str | Path, *, force: bool = False) -> None:
    """Refuse an output path that is taken, unless `force`: a file, a folder or a symbolic link.

    A symbolic link is refused even when it points nowhere: writing "through" it is never meant. With
    `force`, the link itself is replaced, never the file it points at.

    Raises:
        OutputExistsError: when something is at `path` and `force` is False.
    """
    target = Path(path)
    if force:
        return
    if target.is_symlink():
        raise OutputExistsError(str(target), link=True)
    if os.path.lexists(target):
        raise OutputExistsError(str(target))


def _temporary_name(target: Path) -> str:
    return f".{target.name}{TEMPORARY_TAG}{os.getpid()}-{secrets.token_hex(4)}.tmp"


_TEMPORARY = re.compile(r"^\.(?P<name>.+)" + re.escape(TEMPORARY_TAG) + r"(?P<pid>[0-9]+)-[0-9a-f]+\.tmp$")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: keep its file
    return True


def clean_stale(target: str | Path, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files and folders a killed run left beside `target`.

    Only our own (named `.<target>.selfeval-<pid>-<random>.tmp`), only for this target, only those
    older than `older_than` seconds whose process is no longer running.

    Returns:
        What was removed.
    """
    target = Path(target)
    folder = target.parent
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if not match or match["name"] != target.name:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if age < older_than or _running(int(match["pid"])):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _default_mode(path: Path, *, folder: bool = False) -> None:
    """Give a temporary file the mode any new file would get (mkstemp makes it private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


class _Atomic:
    """Written whole or not at all: a `with` block commits when it ends well and aborts when it raises.

    Made beside its target (`temporary`), after the target is checked (`check_output`) and stale
    leftovers of killed runs for it are removed."""

    def __init__(self, path: str | Path, *, force: bool = False) -> None:
        self.target = Path(path)
        check_output(self.target, force=force)
        clean_stale(self.target)
        self.temporary = self.target.parent / _temporary_name(self.target)

    def commit(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


class AtomicFile(_Atomic):
    """A report file written through a temporary file beside it and renamed into place on `commit`.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with AtomicFile(folder / "r.txt") as out:
    ...     _ = out.write(b"done")
    >>> (folder / "r.txt").read_bytes(), [p.name for p in folder.iterdir()]
    (b'done', ['r.txt'])
    """

    def __init__(self, path: str | Path, *, force: bool = False) -> None:
        super().__init__(path, force=force)
        fd = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.stream: BinaryIO = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> int:
        return self.stream.write(data)

    def commit(self) -> None:
        """Flush the file to disk and rename it over the target."""
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            _default_mode(self.temporary)
            os.replace(self.temporary, self.target)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the temporary file; the target is left as it was."""
        if not self.stream.closed:
            self.stream.close()
        self.temporary.unlink(missing_ok=True)


class AtomicFolder(_Atomic):
    """A folder of report files written in a temporary folder beside it and renamed into place on `commit`.

    An existing target (replaced only with `force`) is moved aside first and removed after the
    rename, so a reader finds the old folder or the new one, never a half-written table.
    """

    def __init__(self, path: str | Path, *, force: bool = False) -> None:
        super().__init__(path, force=force)
        self.temporary.mkdir(mode=0o700)
        self.opened: list[BinaryIO] = []

    def open(self, name: str) -> BinaryIO:
        """A new file of the folder, for writing bytes."""
        stream = open(self.temporary / name, "xb")  # noqa: SIM115 - closed by commit or abort
        self.opened.append(stream)
        return stream

    def commit(self) -> None:
        try:
            for stream in self.opened:
                if not stream.closed:
                    stream.flush()
                    os.fsync(stream.fileno())
                    stream.close()
            for child in self.temporary.iterdir():
                _default_mode(child)
            _default_mode(self.temporary, folder=True)
            old = None
            if os.path.lexists(self.target):
                if self.target.is_dir() and not self.target.is_symlink():
                    old = self.target.parent / _temporary_name(self.target)
                    os.rename(self.target, old)
                else:
                    self.target.unlink()
            os.rename(self.temporary, self.target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        for stream in self.opened:
            if not stream.closed:
                stream.close()
        shutil.rmtree(self.temporary, ignore_errors=True)


def write_atomically(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never half of one.

    Raises:
        OutputExistsError: when `path` exists (or is a symbolic link) and `force` is False.
    """
    with AtomicFile(path, force=force) as out:
        out.write(data)
