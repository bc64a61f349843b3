"""Files a user names: folders walked for form files, and reports written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

FORM_SUFFIXES = (".yaml", ".yml", ".json")


def form_files(paths: Iterable[str | Path]) -> list[Path]:
    """The form files named, with folders walked for .yaml, .yml and .json files, in a stable order.

    A name that is neither a file nor a folder is kept, so that reading it reports it missing.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORM_SUFFIXES))
        else:
            found.append(path)
    return found


class OutputExistsError(FileExistsError):
    """A report would overwrite an existing file and `force` was not given."""


def write_atomically(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never half of one.

    Raises:
        OutputExistsError: when `path` exists and `force` is False.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputExistsError(str(target))
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); a report gets the mode any new file would get
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
