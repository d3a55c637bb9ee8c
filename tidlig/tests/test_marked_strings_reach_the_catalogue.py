"""A string marked for translation reaches the catalogue only if xgettext can read it: a gettext call inside
an f-string is invisible to `makemessages`, so its English is lost at the next regeneration."""

import ast
from pathlib import Path

from django.conf import settings

GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext", "npgettext"}


def _calls_in_fstrings(tree: ast.AST) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT
                ):
                    found.append(inner.lineno)
    return found


def test_no_translated_string_is_hidden_inside_an_f_string():
    root = Path(settings.BASE_DIR) / "tidlig"
    offences = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        lines = _calls_in_fstrings(ast.parse(path.read_text(encoding="utf-8")))
        offences += [f"{path.relative_to(root.parent)}:{line}" for line in lines]
    assert not offences, "use _('... %(x)s') % {...} instead: " + ", ".join(offences)


def test_the_sweep_finds_a_call_inside_an_f_string():
    assert _calls_in_fstrings(ast.parse("x = f\"{_('Grænse')} 25\"")) == [1]
    assert _calls_in_fstrings(ast.parse("x = _('Grænse %(n)s') % {'n': 25}")) == []
