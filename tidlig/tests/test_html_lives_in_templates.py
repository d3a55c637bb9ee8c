"""HTML lives in templates: no module under tidlig/ (tests and migrations aside) writes markup in Python.

Markup built in strings escapes by hand, hides from djlint and the axe sweep's templates, and cannot be
translated whole. The sweep reads every module's syntax tree: a string (or an f-string's text) that holds
a tag fails, and so does format_html, format_html_join or SafeString anywhere. mark_safe is allowed only
around what a template rendered (ALLOWED names the place and the reason); docstrings and comments may
speak of tags.
"""

import ast
import re
from pathlib import Path

TIDLIG = Path(__file__).resolve().parents[1]
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")
BUILDERS = {"format_html", "format_html_join", "SafeString"}
# module (relative to tidlig/) -> why it may call mark_safe
ALLOWED = {
    "lib/forms.py": "marks a shared option list safe as Widget._render does: the output of a template",
}


def _modules():
    for path in sorted(TIDLIG.rglob("*.py")):
        parts = path.relative_to(TIDLIG).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _name(node) -> str:
    if isinstance(node, ast.alias):
        return node.name
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def html_in(source: str, where: str) -> list[str]:
    """Where the source writes HTML: tags in strings, Django's HTML builders, mark_safe outside ALLOWED."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if TAG.search(node.value):
                found.append(f"{where}:{node.lineno}: a tag in a string: {node.value[:60]!r}")
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if TAG.search(text):
                found.append(f"{where}:{node.lineno}: a tag in an f-string: {text[:60]!r}")
        elif isinstance(node, (ast.Name, ast.Attribute, ast.alias)):
            name = _name(node)
            if name in BUILDERS:
                found.append(f"{where}:{getattr(node, 'lineno', '?')}: {name} builds HTML in Python")
            elif name == "mark_safe" and where not in ALLOWED:
                found.append(f"{where}:{getattr(node, 'lineno', '?')}: mark_safe outside a template")
    # why: an f-string's parts are constants too; report each place once
    return sorted(set(found))


def test_html_lives_in_templates():
    found = []
    for path in _modules():
        where = path.relative_to(TIDLIG).as_posix()
        found += html_in(path.read_text(), where)
    assert not found, "\n".join(found)


def test_the_allow_list_names_modules_that_still_need_it():
    for where in ALLOWED:
        assert "mark_safe" in (TIDLIG / where).read_text(), where


def test_it_finds_each_way_of_writing_html():
    cases = {
        "x = '<p>hej</p>'": True,
        "x = f'<svg viewBox=\"0 0 {w} {h}\">'": True,
        "x = '<br/>'": True,
        "from django.utils.html import format_html": True,
        "y = html.format_html('{}', x)": True,
        "y = SafeString(x)": True,
        "y = mark_safe(x)": True,
        "def f():\n    '''Writes <p> in prose, named item_<position>.'''": False,
        "# a <p> in a comment": False,
        "x = 'a < b and c > d'": False,
        "x = 'item_<position>'": True,  # a string that looks like a tag is refused; rename or allow it
    }
    for source, writes in cases.items():
        assert bool(html_in(source, "case.py")) is writes, source
