"""The repository's docs stand alone: they name no file outside the repository and no issue number, and
every link between them resolves. Code comments and docstrings are held to the same rule, since a reader
meets them first."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# what a reader outside the project's tracker and shared folder cannot open
OUTSIDE = re.compile(
    r"DESIGN\.md|STYLE\.md|SECURITY-AND-DOMAIN|\bseeds?/|\bseeds? `?00\d|"
    r"\b[Ii]ssues? #?\d+|\bDESIGN (?:flow )?\d|\.\./shared"
)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _tracked(*names: str) -> list[Path]:
    """The files under the repository's own folders (never .venv, node_modules or var)."""
    paths = []
    for name in names:
        path = ROOT / name
        paths += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in paths if "__pycache__" not in p.parts]


def _offences(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r}")
    return found


def test_the_docs_name_no_file_outside_the_repository_and_no_issue_number():
    docs = _tracked("README.md", "docs")
    assert len(docs) > 10
    assert not _offences([p for p in docs if p.suffix == ".md"])


def test_code_comments_name_no_file_outside_the_repository_and_no_issue_number():
    code = [
        p
        for p in _tracked("tidlig", "bench", "e2e", "scripts", "conftest.py")
        if p.suffix in (".py", ".html")
    ]
    assert not _offences([p for p in code if p.name != "test_docs_stand_alone.py"])


def test_every_link_between_the_docs_resolves():
    broken = []
    for path in _tracked("README.md", "docs"):
        if path.suffix != ".md":
            continue
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # a public address, not a file
            if not (path.parent / target).resolve().exists():
                broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not broken
