"""Input validation for FIT scores, the answer-mode hand-over and Trivselslineal placements."""

import uuid
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.courses.models import Contact, Course
from tidlig.courses.rules import CONTACT_REQUIRED
from tidlig.lib.dates import today
from tidlig.lib.forms import blank_first
from tidlig.lib.text import validate_plain_text
from tidlig.lib.widgets import DateInput
from tidlig.measurements.forms import item_fields
from tidlig.measurements.models import (
    Instrument,
    InstrumentItem,
    Response,
    WellbeingPlacement,
    WellbeingScale,
    role_for_child,
)
from tidlig.people.models import Child, Guardian

TOKEN_INVALID = _("Formularen kunne ikke genkendes. Tjek oplysningerne og send den igen.")
TOKEN_MAX_LENGTH = 64  # Response.submission_token


def _token_field() -> forms.CharField:
    return forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=TOKEN_MAX_LENGTH,
        error_messages={"max_length": TOKEN_INVALID},
    )


def _token_error_above(form: forms.Form) -> None:
    """A hidden field's error has no place beside a field; it is shown above the form instead."""
    if "submission_token" in form.errors:
        form.add_error(None, form.errors.pop("submission_token").as_data())


KIND_ORDER = {Instrument.Kind.OUTCOME: 0, Instrument.Kind.ALLIANCE: 1, Instrument.Kind.METAFEEDBACK: 2}


@dataclass(frozen=True)
class Respondent:
    key: str
    role: str
    child: Child | None
    guardian: Guardian | None
    label: str
    age: int | None

    @property
    def person(self):
        return self.child or self.guardian


def suits(instrument: Instrument, respondent: Respondent) -> bool:
    """The instrument is for the respondent's role and, for a child, the child's age band."""
    return instrument.suits(respondent.role, respondent.age)


def active_instruments() -> list[Instrument]:
    """The newest active version of each outcome, alliance and metafeedback instrument."""
    newest: dict[str, Instrument] = {}
    for instrument in (
        Instrument.objects.filter(is_active=True, kind__in=list(KIND_ORDER))
        .prefetch_related("items")
        .order_by("code", "-version")
    ):
        newest.setdefault(instrument.code, instrument)
    return sorted(newest.values(), key=lambda i: (KIND_ORDER[i.kind], i.age_min or 0, i.code))


@dataclass
class Choices:
    """Who can answer, at which contact, and the instruments that suit at least one of them."""

    respondents: list[Respondent]
    contacts: list[Contact]
    instruments: list[Instrument]

    @classmethod
    def for_course(cls, course: Course) -> "Choices":
        on = today()
        respondents = []
        for child in course.household.children.all():
            age = child.age_on(on)
            role = role_for_child(child, on)
            label = _("%(name)s, %(age)s år (%(role)s)") % {
                "name": child.first_name,
                "age": age,
                "role": Response.Role(role).label.lower(),
            }
            respondents.append(Respondent(f"child:{child.uuid}", role, child, None, str(label), age))
        for guardian in course.household.guardians.all():
            label = f"{guardian.full_name} ({Response.Role.PARENT.label.lower()})"
            key = f"guardian:{guardian.uuid}"
            respondents.append(Respondent(key, Response.Role.PARENT, None, guardian, label, None))
        contacts = sorted(course.contacts.all(), key=lambda c: (c.date, c.pk), reverse=True)
        instruments = [i for i in active_instruments() if any(suits(i, r) for r in respondents)]
        return cls(respondents, contacts, instruments)

    def respondent(self, key: str) -> Respondent | None:
        return next((r for r in self.respondents if r.key == key), None)

    def contact(self, key: str) -> Contact | None:
        return next((c for c in self.contacts if str(c.uuid) == key), None)

    def instrument(self, pk) -> Instrument | None:
        return next((i for i in self.instruments if str(i.pk) == str(pk)), None)

    @cached_property
    def _numbered_contacts(self) -> list[tuple[str, str]]:
        """The contacts newest first, numbered in date order: written once per page, however many of its
        forms list them."""
        in_order = sorted(self.contacts, key=lambda c: (c.date, c.pk))
        numbers = {c.pk: n for n, c in enumerate(in_order, start=1)}
        kinds = {value: str(label).lower() for value, label in Contact.Kind.choices}
        return [
            (str(c.uuid), f"{numbers[c.pk]}. {c.date:%d.%m.%Y} {kinds.get(c.kind, c.kind)}")
            for c in self.contacts
        ]

    def contact_choices(self, *, optional: bool) -> list[tuple[str, str]]:
        listed = self._numbered_contacts
        return [("", _("Ved afslutningen (ingen kontakt)")), *listed] if optional else list(listed)


def scores_from(instrument: Instrument, cleaned: dict) -> dict[int, object]:
    scores: dict[int, object] = {}
    for item in instrument.items.all():
        value = cleaned.get(f"item_{item.position}")
        if item.kind == InstrumentItem.Kind.YES_NO:
            value = {"yes": True, "no": False}.get(value)
        scores[item.position] = value
    return scores


class RecordScoresForm(forms.Form):
    """One respondent's typed scores for one instrument at one contact. Range and step are checked by
    services.fit.record_response, whose messages name the item; the form only parses."""

    respondent = forms.ChoiceField(label=_("Hvem har svaret?"))
    contact = forms.ChoiceField(label=_("Kontakt"), required=False)
    submission_token = _token_field()

    def __init__(self, data=None, *, choices: Choices, instrument: Instrument, **kwargs):
        kwargs.setdefault("prefix", f"fit{instrument.pk}")
        super().__init__(data, **kwargs)
        self.choices = choices
        self.instrument = instrument
        self.is_metafeedback = instrument.kind == Instrument.Kind.METAFEEDBACK
        suitable = [r for r in choices.respondents if suits(instrument, r)]
        self.fields["respondent"].choices = blank_first([(r.key, r.label) for r in suitable])
        contacts = choices.contact_choices(optional=self.is_metafeedback)
        self.fields["contact"].choices = contacts if self.is_metafeedback else blank_first(contacts)
        self.fields["contact"].required = not self.is_metafeedback
        self.fields["contact"].error_messages["required"] = CONTACT_REQUIRED
        self.fields["submission_token"].initial = uuid.uuid4().hex
        self.fields.update(item_fields(instrument))

    def clean(self):
        data = super().clean()
        _token_error_above(self)
        return data

    @property
    def title(self) -> str:
        return instrument_label(self.instrument)

    @property
    def item_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith("item_")]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        respondent = self.choices.respondent(data["respondent"])
        scores = scores_from(self.instrument, data)
        return {
            "instrument": self.instrument,
            "role": respondent.role,
            "child": respondent.child,
            "guardian": respondent.guardian,
            "contact": self.choices.contact(data.get("contact") or ""),
            "scores": scores,
            "submission_token": data.get("submission_token") or None,
        }


KIND_SHORT = {
    Instrument.Kind.OUTCOME: _("trivsel"),
    Instrument.Kind.ALLIANCE: _("samarbejde"),
    Instrument.Kind.METAFEEDBACK: _("metafeedback"),
}


def instrument_label(instrument: Instrument) -> str:
    """“Sådan har jeg det (børn): trivsel, 6-12 år”."""
    if instrument.age_min is not None and instrument.age_max is not None:
        ages = ", " + _("%(low)s-%(high)s år") % {"low": instrument.age_min, "high": instrument.age_max}
    elif instrument.age_min is not None:
        ages = ", " + _("fra %(low)s år") % {"low": instrument.age_min}
    else:
        ages = ""
    return f"{instrument.name}: {KIND_SHORT.get(instrument.kind, instrument.kind)}{ages}"


class AnswerModeStartForm(forms.Form):
    """What the family answers on the screen: who, which instrument, at which contact."""

    respondent = forms.ChoiceField(label=_("Hvem svarer?"))
    instrument = forms.ChoiceField(label=_("Måleredskab"))
    contact = forms.ChoiceField(label=_("Kontakt"), required=False)

    def __init__(self, data=None, *, choices: Choices, **kwargs):
        kwargs.setdefault("prefix", "svar")
        super().__init__(data, **kwargs)
        self.choices = choices
        self.fields["respondent"].choices = blank_first([(r.key, r.label) for r in choices.respondents])
        self.fields["instrument"].choices = blank_first(
            [(str(i.pk), instrument_label(i)) for i in choices.instruments]
        )
        # why: empty is "no contact", which only metafeedback may have; clean() asks the others for one
        self.fields["contact"].choices = choices.contact_choices(optional=True)

    def clean(self):
        data = super().clean()
        respondent = self.choices.respondent(data.get("respondent", ""))
        instrument = self.choices.instrument(data.get("instrument", ""))
        if respondent is None or instrument is None:
            return data
        if not suits(instrument, respondent):
            raise forms.ValidationError(
                _("“%(instrument)s” passer ikke til %(name)s. Vælg et andet måleredskab.")
                % {"instrument": instrument.name, "name": respondent.person.first_name}
            )
        if instrument.kind != Instrument.Kind.METAFEEDBACK and not data.get("contact"):
            self.add_error("contact", _("Vælg den kontakt, målingen hører til."))
        data["respondent_obj"] = respondent
        data["instrument_obj"] = instrument
        return data


def _value_choices(scale: WellbeingScale) -> list[tuple[int, str]]:
    values = range(scale.minimum, scale.maximum + 1)
    return [(value, f"{value}: {scale.band_for(value)['label']}") for value in values]


class PlaceWellbeingForm(forms.Form):
    child = forms.ChoiceField(label=_("Barn"))
    moment = forms.ChoiceField(
        label=_("Tidspunkt"), choices=WellbeingPlacement.Moment.choices, widget=forms.RadioSelect
    )
    value = forms.TypedChoiceField(
        label=_("Placering på Trivselslinealen"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Din samlede faglige vurdering af barnets trivsel lige nu."),
    )
    placed_on = forms.DateField(label=_("Dato"), widget=DateInput())

    def __init__(self, data=None, *, scale: WellbeingScale, children: list[Child], **kwargs):
        kwargs.setdefault("prefix", "trivsel")
        super().__init__(data, **kwargs)
        self.children = children
        self.fields["child"].choices = blank_first([(str(c.uuid), c.full_name) for c in children])
        self.fields["value"].choices = _value_choices(scale)
        self.fields["placed_on"].initial = today()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        child = next(c for c in self.children if str(c.uuid) == data["child"])
        return {
            "child": child,
            "moment": data["moment"],
            "value": data["value"],
            "placed_on": data["placed_on"],
        }


class CorrectPlacementForm(forms.Form):
    new_value = forms.TypedChoiceField(label=_("Ny placering"), coerce=int)
    reason = forms.CharField(
        label=_("Hvorfor rettes placeringen?"),
        max_length=300,
        validators=[validate_plain_text],
        help_text=_("Fx tastefejl. Den gamle placering gemmes i historikken."),
    )

    def __init__(self, data=None, *, scale: WellbeingScale, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["new_value"].choices = _value_choices(scale)


class UnlockForm(forms.Form):
    password = forms.CharField(
        label=_("Medarbejderens adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AnswerForm(forms.Form):
    """The family's own answers on the worker's screen: the items only; who and when are in the lock."""

    submission_token = _token_field()

    def __init__(self, data=None, *, instrument: Instrument, **kwargs):
        super().__init__(data, **kwargs)
        self.instrument = instrument
        self.fields["submission_token"].initial = uuid.uuid4().hex
        # why: the page writes each scale item as an empty number field that a slider fills in
        # (courses/fit/answer.html): an untouched slider is no answer
        self.fields.update(item_fields(instrument))

    def clean(self):
        data = super().clean()
        _token_error_above(self)
        return data

    def scores(self) -> dict[int, object]:
        return scores_from(self.instrument, self.cleaned_data)
