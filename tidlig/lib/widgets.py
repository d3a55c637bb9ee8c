"""Widgets shared by every app's forms."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the value goes out as ISO (YYYY-MM-DD), the only format it reads."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
