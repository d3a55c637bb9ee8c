"""validate_plain_text refuses exactly NUL, the control characters other than tab and line breaks, and
the bidi overrides, whatever else the text holds."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tidlig.lib.text import CONTROL_MESSAGE, NUL_MESSAGE, validate_plain_text
from tidlig.tests import fuzz

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _refused_by_definition(text: str) -> bool:
    return any(ch in BIDI or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t") for ch in text)


def _refused(text: str) -> bool:
    try:
        validate_plain_text(text)
    except ValidationError:
        return True
    return False


@given(
    st.one_of(
        fuzz.hostile_text(), st.text(st.characters(codec=None)), st.text(st.characters(max_codepoint=0x2100))
    )
)
def test_it_refuses_exactly_what_the_rule_names(text):
    text = fuzz.expand(text)
    assert _refused(text) == _refused_by_definition(text)


@pytest.mark.parametrize(
    "ch", [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\x00\t\n\r"]
)
def test_it_refuses_every_control_character(ch):
    with pytest.raises(ValidationError) as error:
        validate_plain_text(f"før{ch}efter")
    assert error.value.messages == [str(CONTROL_MESSAGE)]


def test_it_names_nul_on_its_own():
    with pytest.raises(ValidationError) as error:
        validate_plain_text("før\x00efter")
    assert error.value.messages == [str(NUL_MESSAGE)]


@pytest.mark.parametrize(
    "text", ["Linje 1\r\nLinje 2\tfane", "e\u0301", "Zero\u200bwidth", "١٢٣ ０１２", "😀"]
)
def test_it_accepts_line_breaks_tabs_and_any_other_letter_or_mark(text):
    validate_plain_text(text)
