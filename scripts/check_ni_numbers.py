#!/usr/bin/env python3
"""Fail if a test, fixture or demo data file carries a real-looking National Insurance number.

A real-looking number has HMRC's format (NIM39110): two prefix letters, six digits and a suffix
A-D, spaces allowed between the pairs, in any case, where the first letter is not D, F, I, Q, U
or V, the second is not D, F, I, O, Q, U or V, and the prefix is not one never allocated (BG, GB,
KN, NK, NT, TN, ZZ). Such a number may belong to someone, so test data uses a prefix that is
invalid by design, such as HMRC's own example prefix QQ (QQ 12 34 56 C).

    scripts/check_ni_numbers.py [PATH ...]

With paths (as pre-commit passes them), checks those files, and the matching files inside any
folder given. With none, checks the *.json, *.csv, *.py and *.txt files under tests/,
triage/devtools/ and every fixtures/ folder of the repository. Prints `path:line: ...` for each
hit with the number masked (AB******C), and exits 1 if there is any, 0 if none, 2 if a path is
missing. Its own test file (EXEMPT) is skipped. Standard library only: no virtualenv needed.

A test of the NI number validator needs numbers it accepts, and every accepted number is real-
looking by definition. Such a line carries the marker `fictional-ni` in a comment, which says a
person chose the number as fictional (never copied from a record); a reviewer sees each one.
"""

import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = ("tests", "triage/devtools")
FIXTURE_FOLDER = "fixtures"
SUFFIXES = frozenset({".json", ".csv", ".py", ".txt"})
SKIPPED_FOLDERS = frozenset({".git", ".venv", "node_modules", "__pycache__", ".hypothesis", ".ruff_cache"})
# This check's own test holds real-looking numbers on purpose: they are what it must catch.
EXEMPT = frozenset({"tests/unit/test_check_ni_numbers.py"})

ALLOW_MARKER = "fictional-ni"
NOT_FIRST = frozenset("DFIQUV")
NOT_SECOND = frozenset("DFIOQUV")
NEVER_ALLOCATED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# Any NI-number shape, not glued to other letters or digits (so not inside a hash or a longer code);
# the prefix rules are applied afterwards, where they can be read.
NI_SHAPE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}) *([0-9]{2}) *([0-9]{2}) *([0-9]{2}) *([A-Da-d])(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Hit:
    """A line holding one or more real-looking numbers, each masked."""

    path: str
    line: int
    masked: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: real-looking NI number {', '.join(self.masked)} (use a QQ prefix in test data)"
        )


def is_real_looking_prefix(prefix: str) -> bool:
    """Whether HMRC could have allocated a number with this two-letter prefix."""
    prefix = prefix.upper()
    return prefix[0] not in NOT_FIRST and prefix[1] not in NOT_SECOND and prefix not in NEVER_ALLOCATED


def mask(prefix: str, suffix: str) -> str:
    """The number as it may be printed: its prefix and suffix, never its digits."""
    return f"{prefix.upper()}******{suffix.upper()}"


def find_in_text(text: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(line number, masked numbers) for each line of `text` holding a real-looking NI number."""
    for line_number, line in enumerate(text.splitlines(), start=1):
        if ALLOW_MARKER in line:
            continue
        masked = tuple(
            mask(match.group(1), match.group(5))
            for match in NI_SHAPE.finditer(line)
            if is_real_looking_prefix(match.group(1))
        )
        if masked:
            yield line_number, masked


def check_file(path: Path, shown_as: str | None = None) -> list[Hit]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [Hit(shown_as or str(path), line, masked) for line, masked in find_in_text(text)]


def _walk(folder: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    """os.walk, sorted, never entering a virtualenv, node_modules, caches or .git."""
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS)
        yield Path(current), folders, sorted(names)


def _matching_files(folder: Path) -> Iterator[Path]:
    for current, _folders, names in _walk(folder):
        for name in names:
            if Path(name).suffix in SUFFIXES:
                yield current / name


def default_files(root: Path) -> list[Path]:
    """The files checked when no path is given: tests, dev tools and every fixtures/ folder."""
    files: set[Path] = set()
    for name in DEFAULT_FOLDERS:
        if (root / name).is_dir():
            files.update(_matching_files(root / name))
    for current, folders, _names in _walk(root):
        if FIXTURE_FOLDER in folders:
            files.update(_matching_files(current / FIXTURE_FOLDER))
    return sorted(files)


def files_for(arguments: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The files the arguments name (folders expanded), and the arguments that name nothing."""
    files: list[Path] = []
    missing: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files.extend(_matching_files(path))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(argument)
    return files, missing


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _exempt(path: Path, root: Path) -> bool:
    return _relative(path, root) in EXEMPT


def main(argv: Sequence[str] | None = None, *, root: Path = REPO_ROOT) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments:
        files, missing = files_for(arguments)
        hits = [hit for path in files if not _exempt(path, root) for hit in check_file(path)]
    else:
        missing = []
        hits = [
            hit
            for path in default_files(root)
            if not _exempt(path, root)
            for hit in check_file(path, _relative(path, root))
        ]
    for hit in hits:
        print(hit)
    for argument in missing:
        print(f"{argument}: no such file or folder", file=sys.stderr)
    if missing:
        return 2
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
