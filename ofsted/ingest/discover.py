"""Find input files under a source folder: sorted, deterministic, rejecting what is plainly bad.

Rules:

* The walk is recursive and sorted by path; hidden files and folders (name starting with ``.``)
  are skipped silently.
* Excluded, not rejected (counted in :attr:`Discovery.excluded` with the reason): files named
  ``README*``, ``LICENSE*``, ``CHANGELOG*``, ``CONTRIBUTING*`` or ``NOTES*`` (any case); paths
  matching an ``exclude`` pattern or a line of ``.ofstedignore`` in the source folder (gitignore
  syntax, matched by ``pathspec``; a matched folder is not walked); and whatever the pipeline
  writes (``outputs``, see :mod:`ofsted.outputs`), wherever the warehouse is placed.
* Accepted documents: ``.txt .md .html .htm .pdf .jsonl`` (any case). ``NAME.meta.json`` is a
  sidecar of the document(s) ``NAME.*`` (or of the file named ``NAME``) in the same folder, never a
  document. A sidecar with no document next to it is rejected (``orphan_sidecar``).
* Any other file is rejected (``unsupported_file_type``), as are: empty files, files over the
  size limit, things that are not regular files (FIFOs, sockets, devices, and a folder named like
  a document — its contents are still walked), broken symbolic links and symbolic links that
  point outside the source folder. A link to a file inside the folder is read under the link's
  name (its content then dedupes with the target's). Links to folders are not followed (the
  folder is walked where it really is, if inside the source).

Names: ``Candidate.source_path`` (and every ``Document.source_path`` / ``Rejection.source_path``)
is the file's path relative to the current working directory when the file is inside it (e.g.
``seeds/000_x.txt``), otherwise absolute. Symbolic links in the *source folder's own* path are
resolved first, links inside the folder are not (a link is recorded under its own name).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ofsted.outputs import Outputs

from .records import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    SIDECAR_SUFFIX,
    Candidate,
    Rejection,
    format_bytes,
)

STAGE = "discover"

#: Files never read as articles (case-insensitive name prefixes): a corpus folder's own notes.
DEFAULT_EXCLUDED_PREFIXES = ("readme", "license", "licence", "changelog", "contributing", "notes")
#: The ignore file read from the top of the source folder (gitignore syntax).
IGNORE_FILE = ".ofstedignore"


@dataclass(frozen=True)
class Excluded:
    """A file or folder left out on purpose (not an error): its path in the source and why.

    ``reason``: ``default_name`` (README, LICENSE ...), ``exclude_pattern`` (``--exclude``),
    ``ofstedignore``, or ``pipeline_output`` (the warehouse, its lock, Data Docs, reports ...).
    """

    rel_path: str
    reason: str
    is_folder: bool = False


@dataclass
class Discovery:
    """What :func:`find_inputs` found: documents to read, files rejected on sight, paths left out."""

    candidates: list[Candidate] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


def default_excluded(name: str) -> bool:
    """A corpus folder's README, LICENSE, CHANGELOG, CONTRIBUTING or NOTES file (any case).

    >>> [default_excluded(n) for n in ("README.md", "readme", "License.txt", "notes-2024.txt", "story-notes.txt")]
    [True, True, True, True, False]
    """
    return name.lower().startswith(DEFAULT_EXCLUDED_PREFIXES)


class _Rules:
    """The exclusion rules of one discovery: ``--exclude`` patterns, ``.ofstedignore``, outputs."""

    def __init__(self, root: Path, exclude: Iterable[str], outputs: Outputs | None):
        import pathspec  # gitignore semantics (negation, anchoring, folder-only patterns)

        patterns = [p for p in exclude if p and p.strip()]
        self.exclude = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
        self.ignore = None
        ignore_file = root / IGNORE_FILE
        if ignore_file.is_file():
            lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            self.ignore = pathspec.GitIgnoreSpec.from_lines(lines)
        self.outputs = outputs
        if outputs is not None:  # Outputs.covers, its parts worked out once (it runs per entry)
            self._output_names = outputs.files | outputs.folders
            self._output_prefixes = tuple(f + os.sep for f in outputs.folders)

    def _is_output(self, path: str) -> bool:
        return path in self._output_names or path.startswith(self._output_prefixes)

    def reason(self, rel: str, path: str, is_folder: bool, is_link: bool | None = None) -> str | None:
        """Why ``rel`` (at ``path``, under the resolved source folder) is left out, or None.
        ``is_link``: whether ``path`` is a symbolic link, when the caller knows (None: look)."""
        if self.outputs is not None and (
            self._is_output(path)
            or ((os.path.islink(path) if is_link is None else is_link) and self._is_output(os.path.realpath(path)))
        ):
            return "pipeline_output"
        key = rel + "/" if is_folder else rel
        if self.exclude is not None and self.exclude.match_file(key):
            return "exclude_pattern"
        if self.ignore is not None and self.ignore.match_file(key):
            return "ofstedignore"
        if not is_folder and default_excluded(rel.rpartition("/")[2]):
            return "default_name"
        return None

_KIND_NAMES = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def kind_of(mode: int) -> str:
    """A person's name for a non-regular file type."""
    return _KIND_NAMES.get(stat.S_IFMT(mode), "not a regular file")


class _Namer:
    """Turns ``root/rel`` into the recorded name (relative to the cwd when inside it)."""

    def __init__(self, root_real: str):
        self.root_real = root_real
        cwd = os.path.realpath(os.getcwd())
        self.cwd_prefix = cwd.rstrip(os.sep) + os.sep
        self.root_rel: str | None = None
        if (root_real + os.sep).startswith(self.cwd_prefix):
            self.root_rel = os.path.relpath(root_real, cwd)

    def __call__(self, rel: str) -> str:
        if self.root_rel is not None:
            return rel if self.root_rel == "." else f"{self.root_rel}/{rel}"
        return os.path.join(self.root_real, rel)


def display_path(path: str | os.PathLike) -> str:
    """The recorded name of one path: relative to the current directory if inside it, else absolute.

    Symbolic links in the folder part are resolved; the last component is kept as named.
    """
    p = os.path.abspath(path)
    parent, name = os.path.split(p)
    real = os.path.join(os.path.realpath(parent), name)
    cwd = os.path.realpath(os.getcwd())
    if (real + os.sep).startswith(cwd.rstrip(os.sep) + os.sep) and real != cwd:
        return os.path.relpath(real, cwd)
    return real


def _inside(path: str, root_real: str) -> bool:
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


def _sidecar_name(name_lower: str) -> bool:
    return name_lower.endswith(SIDECAR_SUFFIX) and len(name_lower) > len(SIDECAR_SUFFIX)


def discover(source: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Candidate], list[Rejection]]:
    """Every input document under ``source`` (sorted by path) and the files rejected on sight.

    The default exclusions and the folder's ``.ofstedignore`` apply; see :func:`find_inputs` for
    the paths left out and for more exclusions.
    """
    found = find_inputs(source, max_bytes=max_bytes)
    return found.candidates, found.rejections


def find_inputs(
    source: Path | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Iterable[str] = (),
    outputs: Outputs | None = None,
) -> Discovery:
    """Every input document under ``source`` (sorted by path), the files rejected on sight, and
    the paths left out (default names, ``exclude`` patterns, ``.ofstedignore``, ``outputs``).

    Never raises for a bad file; a missing source folder is one ``source_missing`` rejection.
    """
    source = Path(source)
    if not source.is_dir():
        return Discovery(rejections=[
            Rejection(str(source), STAGE, "source_missing", f"The source folder {source} does not exist or is not a folder.")
        ])
    root_real = os.path.realpath(source)
    name_of = _Namer(root_real)
    rules = _Rules(Path(root_real), exclude, outputs)
    excluded: list[Excluded] = []

    # (rel_path, abs_path, size, fmt, mtime_ns) of documents; sidecars by (folder rel, NAME)
    docs: list[tuple[str, str, int, str, int]] = []
    doc_names: set[tuple[str, str]] = set()  # (folder rel, file name) of every document-named file
    sidecars: dict[tuple[str, str], tuple[str, str]] = {}  # (folder rel, NAME lower) -> (rel, abs)
    rejections: list[tuple[str, Rejection]] = []

    def reject(rel: str, reason: str, detail: str) -> None:
        rejections.append((rel, Rejection(name_of(rel), STAGE, reason, detail)))

    def walk(abs_dir: str, rel_dir: str) -> None:
        try:
            with os.scandir(abs_dir) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            reject(rel_dir or ".", "unreadable_folder", f"The folder could not be listed: {exc.strerror or exc}.")
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            lower = name.lower()
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()  # both from the folder listing, no system call
            except OSError:
                is_folder, is_link = False, None
            why = rules.reason(rel, entry.path, is_folder, is_link)
            suffix = os.path.splitext(lower)[1]
            if why is not None:
                excluded.append(Excluded(rel, why, is_folder))
                if suffix in FORMATS and not _sidecar_name(lower):
                    doc_names.add((rel_dir, name))  # its sidecar goes with it, not reported orphan
                continue
            try:
                if is_link if is_link is not None else entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not os.path.exists(target):
                        reject(rel, "broken_symlink", f"{name} is a symbolic link to {os.readlink(entry.path)}, which does not exist.")
                        continue
                    if not _inside(target, root_real):
                        reject(
                            rel,
                            "symlink_outside_source",
                            f"{name} is a symbolic link to {target}, outside the source folder {root_real}; it was not followed.",
                        )
                        continue
                    if os.path.isdir(target):
                        continue  # walked where it really is
                st = entry.stat()  # follows an (inside) link
            except OSError as exc:
                reject(rel, "unreadable", f"{name} could not be examined: {exc.strerror or exc}.")
                continue
            if stat.S_ISDIR(st.st_mode):
                if suffix in FORMATS:
                    reject(
                        rel,
                        "not_a_regular_file",
                        f"{name} is a folder, not a file, although its name ends in {suffix}; the files inside it are read as usual.",
                    )
                walk(entry.path, rel)
                continue
            if suffix in FORMATS and not _sidecar_name(lower):
                doc_names.add((rel_dir, name))
            if not stat.S_ISREG(st.st_mode):
                reject(rel, "not_a_regular_file", f"{name} is {kind_of(st.st_mode)}, not a regular file; it was not opened.")
                continue
            if _sidecar_name(lower):
                sidecars[(rel_dir, lower[: -len(SIDECAR_SUFFIX)])] = (rel, entry.path)
                continue
            if suffix not in FORMATS:
                what = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
                accepted = ", ".join(sorted(FORMATS))
                reject(rel, "unsupported_file_type", f"{name}: {what}; accepted types are {accepted}.")
                continue
            if st.st_size == 0:
                reject(rel, "empty_file", f"{name} is empty (0 bytes).")
                continue
            if st.st_size > max_bytes:
                reject(rel, "too_large", f"{name} is {format_bytes(st.st_size)}, over the size limit of {format_bytes(max_bytes)}.")
                continue
            docs.append((rel, entry.path, st.st_size, FORMATS[suffix], st.st_mtime_ns))

    walk(root_real, "")

    # sidecars: NAME = stem of the document ("101_x" for "101_x.txt") or its whole name
    used: set[tuple[str, str]] = set()
    for folder, fname in doc_names:
        low = fname.lower()
        for key in ((folder, os.path.splitext(low)[0]), (folder, low)):
            if key in sidecars:
                used.add(key)
    candidates = []
    folders: dict[str, Path] = {}  # a child of a folder's Path costs a third of a Path of the whole string
    for rel, _abs, size, fmt, mtime_ns in docs:
        folder, _, fname = rel.rpartition("/")
        low = fname.lower()
        side = sidecars.get((folder, os.path.splitext(low)[0])) or sidecars.get((folder, low))
        where = folders.get(folder)
        if where is None:
            where = folders[folder] = Path(root_real, folder) if folder else Path(root_real)
        candidates.append(
            Candidate(where / fname, rel, size, source_path=name_of(rel), fmt=fmt,
                      sidecar=where / side[0].rpartition("/")[2] if side else None, mtime_ns=mtime_ns)
        )
    for key, (rel, _abs) in sidecars.items():
        if key not in used:
            reject(
                rel,
                "orphan_sidecar",
                f"{rel.rpartition('/')[2]} is a metadata sidecar but there is no document named "
                f"{key[1]}.* next to it; it was ignored.",
            )
    candidates.sort(key=lambda c: c.rel_path)
    rejections.sort(key=lambda pair: pair[0])
    return Discovery(candidates, [r for _, r in rejections], excluded)
