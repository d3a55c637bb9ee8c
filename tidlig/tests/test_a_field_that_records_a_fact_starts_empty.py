"""A field that records a fact starts empty: every form in Tidlig (the fuzz registry lists them all), as
its page shows it, has no ticked checkbox, no chosen radio button, no select on a real option and no
slider that submits a value of its own. Otherwise a user who skips a field records what the default says:
everyone came, the adult has custody, the first suggestion takes the family, the child answered 5.

A field that records no fact (a filter, a period to look at, a language) may start filled, and is listed in
NOT_FACTS with the reason. So is a field whose start value is the stored fact being edited."""

from html.parser import HTMLParser

import pytest

from tidlig.tests.fuzz_registry import Case, World, all_cases

pytestmark = pytest.mark.django_db

# (case, field name pattern) -> why the field may start filled
NOT_FACTS: dict[tuple[str, str], str] = {
    ("child_edit", "institution_group"): "the stored fact being edited",
    ("offer_edit", "*"): "the stored offer being edited",
    ("open_course", "workers"): "the worker the leader gave the family at triage, a stored fact",
    ("correct_placement", "ret-*-new_value"): "the stored placement being corrected",
    ("targets", "direction"): "the KPI's own direction (more or less is better); a target needs its value",
    ("results_period", "year"): "a filter of what is shown, which records nothing",
    ("practice_period", "year"): "a filter of what is shown, which records nothing",
    ("user_edit", "*"): "the stored user being edited",
    ("user_active", "*"): "the stored user being edited, on the same page",
    ("unit_edit", "*"): "the stored unit being edited",
    ("institution_edit", "*"): "the stored institution being edited",
    ("institution_group_add", "kind"): "the stored institution being edited, on the same page",
}


# why: on every page, and they record nothing about a family
LAYOUT_FORMS = ("/i18n/", "/konto/logout/")


class _Forms(HTMLParser):
    """The controls of every <form> on a page (the layout's own aside), with what they start as."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.forms = 0
        self.filled: list[tuple[str, str]] = []  # (field name, what starts filled)
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            layout = any(part in (a.get("action") or "") for part in LAYOUT_FORMS)
            self.in_form, self.forms = not layout, self.forms + (not layout)
        if not self.in_form:
            return
        kind = (a.get("type") or "text").lower()
        name = a.get("name") or a.get("id") or "?"
        if tag == "input" and kind in ("checkbox", "radio") and "checked" in a:
            self.filled.append((name, f"{kind} {a.get('value')!r} checked"))
        if tag == "input" and kind == "range" and a.get("name"):
            self.filled.append((name, "a named slider always submits a value"))
        if tag == "select":
            self._select = {"name": name, "first": None, "selected": None}
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a and self._select["selected"] is None:
                self._select["selected"] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if tag == "select" and self._select is not None:
            s, self._select = self._select, None
            start = s["selected"] if s["selected"] is not None else s["first"]
            if start not in (None, ""):
                self.filled.append((s["name"], f"select starts on {start!r}"))


def _allowed(case: Case, name: str) -> bool:
    import fnmatch

    return any(c == case.name and fnmatch.fnmatchcase(name, pattern) for c, pattern in NOT_FACTS)


def _shown(client, url: str) -> tuple[str, _Forms]:
    """The page that shows the form: its own address, or, for a form posted from another page (a row on the
    board, a panel on the course page), the nearest page up the path that has a form."""
    tried = []
    while url.count("/") > 1:
        response = client.get(url, REMOTE_ADDR="10.200.0.1")
        tried.append((url, response.status_code))
        if response.status_code == 200:
            parser = _Forms()
            parser.feed(response.content.decode())
            if parser.forms:
                return url, parser
        url = url.rstrip("/").rsplit("/", 1)[0] + "/"
    raise AssertionError(f"no page shows the form: {tried}")


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.name)
def test_a_field_that_records_a_fact_starts_empty(case, request):
    world = World(request)
    target = case.setup(world)
    url, _data = target.prepare()
    url, parser = _shown(target.client, url.split("?")[0])
    filled = [(name, what) for name, what in parser.filled if not _allowed(case, name)]
    assert not filled, f"{case.name} ({url}) starts with facts filled in: {filled}"


def test_it_finds_what_starts_filled():
    # why: a parser that finds nothing would pass the sweep by accident
    parser = _Forms()
    parser.feed(
        '<form><input type="checkbox" name="a" checked><input type="radio" name="b" value="x" checked>'
        '<select name="c"><option value="1">1</option></select>'
        '<select name="d"><option value="">Vælg</option><option value="2" selected>2</option></select>'
        '<select name="e"><option value="">Vælg</option><option value="3">3</option></select>'
        '<input type="range" name="f" value="5"><input type="range" aria-label="g">'
        '<input type="checkbox" name="h"></form><input type="checkbox" name="outside" checked>'
        '<form action="/i18n/setlang/"><select name="language"><option value="da">Da</option></select>'
        "</form>"
    )
    assert [name for name, _ in parser.filled] == ["a", "b", "c", "d", "f"]
