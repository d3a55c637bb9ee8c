"""Input validation for opening a course, contacts, goals, extensions and the closing."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.courses.models import Contact, Course, ExtensionRequest
from tidlig.courses.services import GoalIn
from tidlig.lib.dates import today
from tidlig.lib.text import validate_plain_text
from tidlig.lib.widgets import DateInput

GOAL_ROWS = 5
NO_OFFERS = _("Enheden har ingen tilbud endnu")
NO_GOALS = _("Skriv mindst ét mål med familiens egne ord.")
RATING_WITHOUT_GOAL = _("Skriv målet, før du giver det en vurdering.")
DATE_IN_FUTURE = _("Datoen kan ikke ligge i fremtiden.")


def _rating(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=10)


def _not_in_future(value):
    if value and value > today():
        raise forms.ValidationError(DATE_IN_FUTURE)
    return value


class OpenCourseForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Tilbud"),
        queryset=None,
        empty_label=_("Vælg tilbud"),
        error_messages={"invalid_choice": _("Vælg et af enhedens tilbud.")},
    )
    workers = forms.ModelMultipleChoiceField(
        label=_("Medarbejdere"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én medarbejder.")},
    )
    start_meeting_on = forms.DateField(
        label=_("Dato for opstartsmødet"),
        widget=DateInput(),
        help_text=_("Forløbet begynder med et opstartsmøde, hvor I sætter mål sammen med familien."),
    )

    def __init__(self, *args, offers, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["workers"].queryset = workers
        self.fields["workers"].label_from_instance = lambda u: u.get_full_name() or u.username
        if not offers.exists():
            self.fields["offer"].help_text = NO_OFFERS
        for i in range(1, GOAL_ROWS + 1):
            self.fields[f"goal_{i}_text"] = forms.CharField(
                label=_("Mål %(n)s med familiens egne ord") % {"n": i},
                required=False,
                max_length=500,
                validators=[validate_plain_text],
            )
            self.fields[f"goal_{i}_rating"] = _rating(_("Mål %(n)s: vurdering ved start (0-10)") % {"n": i})

    def goal_rows(self):
        return [(self[f"goal_{i}_text"], self[f"goal_{i}_rating"]) for i in range(1, GOAL_ROWS + 1)]

    def clean_offer(self):
        if not self.fields["offer"].queryset.exists():
            raise forms.ValidationError(NO_OFFERS)
        return self.cleaned_data["offer"]

    def clean_start_meeting_on(self):
        return _not_in_future(self.cleaned_data["start_meeting_on"])

    def clean(self):
        data = super().clean()
        goals = []
        for i in range(1, GOAL_ROWS + 1):
            text = (data.get(f"goal_{i}_text") or "").strip()
            rating = data.get(f"goal_{i}_rating")
            if text:
                goals.append(GoalIn(text=text, start_rating=rating))
            elif rating is not None:
                self.add_error(f"goal_{i}_text", RATING_WITHOUT_GOAL)
        if not goals and not self.has_error("goal_1_text"):
            self.add_error("goal_1_text", NO_GOALS)
        data["goals"] = goals
        return data


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    duration_minutes = forms.IntegerField(label=_("Varighed (minutter)"), min_value=1, max_value=600)
    kind = forms.ChoiceField(label=_("Type"), choices=Contact.Kind.choices, widget=forms.RadioSelect)
    place = forms.ChoiceField(label=_("Sted"), choices=Contact.Place.choices, widget=forms.RadioSelect)
    family_participants = forms.CharField(
        label=_("Deltagere fra familien"), required=False, max_length=300, validators=[validate_plain_text]
    )
    private_network = forms.CharField(
        label=_("Privat netværk"),
        required=False,
        max_length=300,
        validators=[validate_plain_text],
        help_text=_("Fx bedsteforældre eller en nabo. Et netværksmøde skal have netværk eller fagpersoner."),
    )
    professionals = forms.CharField(
        label=_("Fagpersoner"), required=False, max_length=300, validators=[validate_plain_text]
    )
    note = forms.CharField(
        label=_("Kort note"),
        required=False,
        max_length=2000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kilometres = forms.DecimalField(
        label=_("Kørte km"), required=False, min_value=0, max_value=2000, max_digits=6, decimal_places=1
    )
    # why: one token per rendered form, so a double click records one contact
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "date": today(),
                "token": secrets.token_urlsafe(32),
            },
        )
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["submission_token"] = data.pop("token")
        return data


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Mål"), max_length=500, validators=[validate_plain_text])
    start_rating = _rating(_("Vurdering ved start (0-10)"))
    end_rating = _rating(_("Vurdering ved afslutning (0-10)"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def for_goal(cls, goal, **kwargs):
        initial = {
            "text": goal.text,
            "start_rating": goal.start_rating,
            "end_rating": goal.end_rating,
            "version": goal.version,
        }
        return cls(initial=initial, prefix=f"goal-{goal.uuid}", **kwargs)


class ExtensionRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hvad skal forlænges?"), choices=ExtensionRequest.Kind.choices, widget=forms.RadioSelect
    )
    extra = forms.IntegerField(label=_("Hvor mange ekstra?"), min_value=1, max_value=12, initial=2)
    reason = forms.CharField(
        label=_("Begrundelse til lederen"),
        max_length=1000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Beslutning"),
        choices=[("yes", _("Godkend")), ("no", _("Afvis"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Bemærkning"), required=False, max_length=500, validators=[validate_plain_text]
    )


class CloseCourseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Hvorfor afsluttes forløbet?"), choices=Course.CloseReason.choices, widget=forms.RadioSelect
    )
    closed_on = forms.DateField(label=_("Afsluttet den"), widget=DateInput())
    missing_measurements_reason = forms.CharField(
        label=_("Hvorfor mangler slutmålingen?"),
        required=False,
        max_length=500,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Udfyld kun, hvis slutmålingen eller metafeedback mangler"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closed_on": today()})
        super().__init__(*args, **kwargs)

    def clean_closed_on(self):
        return _not_in_future(self.cleaned_data["closed_on"])
