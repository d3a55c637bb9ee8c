"""Input validation for groups: a new group, enrolling, a session with attendance and FIT, an outcome."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tidlig.groups import services
from tidlig.groups.models import Enrollment, Group, Strand
from tidlig.lib.dates import today
from tidlig.lib.forms import blank_first
from tidlig.lib.text import validate_name, validate_plain_text
from tidlig.lib.widgets import DateInput
from tidlig.measurements.forms import item_fields
from tidlig.measurements.models import Instrument

STRANDS = [
    ("children", _("Børnegruppe"), Strand.Audience.CHILDREN),
    ("parents", _("Forældregruppe"), Strand.Audience.PARENTS),
    ("school", _("Vidensdeling med skolen"), Strand.Audience.SCHOOL),
]
WORKER_NOT_LEADER = _("Vælg dig selv som holdleder. Ellers kan du ikke se holdet bagefter.")
NOT_PRESENT = _("Kun deltagere, der er mødt, kan svare på holdets skema.")


class GroupForm(forms.Form):
    offer = forms.ModelChoiceField(label=_("Tilbud"), queryset=None, empty_label=_("Vælg tilbud"))
    name = forms.CharField(label=_("Holdets navn"), max_length=120, validators=[validate_name])
    starts_on = forms.DateField(label=_("Første gang"), widget=DateInput())
    ends_on = forms.DateField(label=_("Sidste gang"), widget=DateInput())
    schedule = forms.CharField(
        label=_("Mødetider"),
        max_length=200,
        required=False,
        validators=[validate_plain_text],
        help_text=_("Fx “tirsdage kl. 16-18 i lige uger”."),
    )
    place = forms.CharField(label=_("Sted"), max_length=200, required=False, validators=[validate_plain_text])
    is_digital = forms.BooleanField(label=_("Holdet mødes digitalt"), required=False)
    capacity = forms.IntegerField(
        label=_("Pladser"),
        min_value=1,
        max_value=200,
        error_messages={"min_value": _(services.CAPACITY)},
    )
    leaders = forms.ModelMultipleChoiceField(
        label=_("Holdledere"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _(services.LEADERS)},
    )
    strands = forms.MultipleChoiceField(
        label=_("Holdets spor"),
        choices=[(key, label) for key, label, _audience in STRANDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Fx Mestringsluppen: en børnegruppe, en forældregruppe og møder med skolen."),
    )

    def __init__(self, data=None, *, offers, workers, actor, **kwargs):
        super().__init__(data, **kwargs)
        self.actor = actor
        self.fields["offer"].queryset = offers
        self.fields["leaders"].queryset = workers
        self.fields["leaders"].label_from_instance = lambda u: u.get_full_name() or u.username
        if actor.is_worker:
            self.fields["leaders"].initial = [actor.pk]

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", gettext(services.DATES))
        leaders = data.get("leaders")
        if leaders is not None and self.actor.is_worker and self.actor not in leaders:
            self.add_error("leaders", WORKER_NOT_LEADER)
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("strands"))
        data["strands"] = [(str(label), audience) for key, label, audience in STRANDS if key in chosen]
        data["leaders"] = list(data["leaders"])
        return data


class EnrollForm(forms.Form):
    """A child or an adult from the user's families; exactly one."""

    child = forms.ChoiceField(label=_("Barn"), required=False)
    guardian = forms.ChoiceField(label=_("Voksen"), required=False)

    def __init__(self, data=None, *, children, guardians, **kwargs):
        kwargs.setdefault("prefix", "tilmeld")
        super().__init__(data, **kwargs)
        self.children = {str(c.uuid): c for c in children}
        self.guardians = {str(g.uuid): g for g in guardians}
        self.fields["child"].choices = [("", _("Vælg et barn"))] + [
            (key, f"{c.full_name} ({c.household})") for key, c in self.children.items()
        ]
        self.fields["guardian"].choices = [("", _("Vælg en voksen"))] + [
            (key, f"{g.full_name} ({g.household})") for key, g in self.guardians.items()
        ]

    def clean(self):
        data = super().clean()
        if bool(data.get("child")) == bool(data.get("guardian")):
            raise forms.ValidationError(gettext(services.WHO))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "child": self.children.get(data.get("child") or ""),
            "guardian": self.guardians.get(data.get("guardian") or ""),
        }


# FIT -----------------------------------------------------------------------------------------------


# The participant's role and the instruments that suit them are the service's rules (it enforces them).
role_of = services.role_of
suits = services.suits


def add_score_errors(form: forms.Form, error) -> None:
    """clean_scores names the item of each problem; the message goes next to that item's field."""
    for item_error in error.error_list:
        position = (item_error.params or {}).get("position")
        name = f"item_{position}"
        form.add_error(name if position and name in form.fields else None, item_error)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    strand = forms.ModelChoiceField(
        label=_("Spor"), queryset=None, required=False, empty_label=_("Hele holdet")
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort og uden følsomme oplysninger om den enkelte."),
    )

    def __init__(self, data=None, *, group: Group, **kwargs):
        super().__init__(data, **kwargs)
        self.group = group
        self.fields["strand"].queryset = group.strands.all()
        self.fields["date"].initial = min(today(), group.ends_on)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not (self.group.starts_on <= date <= self.group.ends_on) or date > today():
            raise forms.ValidationError(gettext(services.SESSION_DATE))
        return date


class ParticipantForm(forms.Form):
    """One enrolled participant at a session: came or not, and the group alliance scale if answered
    (all items or none: a blank row means the participant did not answer)."""

    present = forms.BooleanField(label=_("Mødt"), required=False)

    def __init__(self, data=None, *, enrollment: Enrollment, instrument: Instrument | None, **kwargs):
        kwargs.setdefault("prefix", f"p-{enrollment.uuid}")
        super().__init__(data, **kwargs)
        self.enrollment = enrollment
        self.instrument = instrument
        if instrument is not None:
            self.fields.update(item_fields(instrument, required=False, scale_only=True))

    @property
    def item_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith("item_")]

    def scores(self) -> dict[int, object] | None:
        """The typed scores, or None when the row is blank (not answered)."""
        if self.instrument is None:
            return None
        values = {
            int(name.removeprefix("item_")): self.cleaned_data.get(name)
            for name in self.fields
            if name.startswith("item_")
        }
        if all(v is None for v in values.values()):
            return None
        return values

    def clean(self):
        data = super().clean()
        if not self.errors and self.scores() is not None and not data.get("present"):
            raise forms.ValidationError(NOT_PRESENT)
        return data


class OutcomeForm(forms.Form):
    """The outcome instrument for one participant, at the group's start or end."""

    enrollment = forms.ChoiceField(label=_("Hvem har svaret?"))

    def __init__(self, data=None, *, instrument: Instrument, enrollments: list[Enrollment], **kwargs):
        kwargs.setdefault("prefix", f"trivsel{instrument.pk}")
        super().__init__(data, **kwargs)
        self.instrument = instrument
        self.enrollments = {str(e.uuid): e for e in enrollments}
        self.fields["enrollment"].choices = blank_first(
            [(key, str(e)) for key, e in self.enrollments.items()]
        )
        self.fields.update(item_fields(instrument, required=True, scale_only=True))

    @property
    def item_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith("item_")]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        scores = {
            int(name.removeprefix("item_")): data.get(name)
            for name in self.fields
            if name.startswith("item_")
        }
        return {
            "instrument": self.instrument,
            "enrollment": self.enrollments[data["enrollment"]],
            "scores": scores,
        }
