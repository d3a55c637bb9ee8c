"""Input validation for screening, triage and the first contact."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Competence, User
from tidlig.lib.forms import Select, SharedChoices
from tidlig.lib.text import validate_plain_text
from tidlig.referrals.models import Referral

YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


class ScreeningForm(forms.Form):
    wellbeing_score = forms.TypedChoiceField(
        label=_("Placering på Trivselslinealen"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Din samlede faglige vurdering af barnets trivsel lige nu."),
    )
    motivation = forms.ChoiceField(
        label=_("Familiens motivation"), choices=Referral.Motivation.choices, widget=forms.RadioSelect
    )
    has_authority_case = forms.ChoiceField(
        label=_("Har barnet en åben sag hos myndigheden?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("Børn med en åben sag er ikke i målgruppen; henvendelsen sendes til sagsbehandleren."),
    )
    is_bounded = forms.ChoiceField(
        label=_("Er problemet afgrænset?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_("Et problem, der ikke er afgrænset, sendes videre til myndigheden."),
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Hvilke kompetencer er der brug for?"),
        queryset=Competence.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # why: the screening version this form was based on; a colleague's save in between is a conflict
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for value in range(scale.minimum, scale.maximum + 1):
            band = scale.band_for(value)
            choices.append((value, f"{value}: {band['label']}"))
        self.fields["wellbeing_score"].choices = choices

    def clean(self):
        data = super().clean()
        for key in ("has_authority_case", "is_bounded"):
            if key in data:
                data[key] = data[key] == "yes"
        return data


class TriageForm(forms.Form):
    # why: the board has a form per row; shared choices are neither normalised nor copied per row
    decision = forms.ChoiceField(
        label=_("Beslutning"), choices=SharedChoices(Referral.Decision.choices), widget=forms.RadioSelect
    )
    worker = forms.TypedChoiceField(
        label=_("Medarbejder"), required=False, coerce=int, empty_value=None, widget=Select
    )
    forwarded_to = forms.ChoiceField(
        label=_("Send videre til"),
        required=False,
        choices=SharedChoices([("", _("Vælg")), *Referral.ForwardTo.choices]),
        widget=Select,
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=2000,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, workers: list[User], worker_choices: SharedChoices | None = None, **kwargs):
        """worker_choices: TriageForm.worker_choices(workers), when one board has a form per row."""
        super().__init__(*args, **kwargs)
        # why: choices from the workers already loaded, so a board of N rows runs no query per row
        self.workers = workers
        self.fields["worker"].choices = worker_choices or self.worker_choices(workers)

    @staticmethod
    def worker_choices(workers: list[User]) -> SharedChoices:
        return SharedChoices(
            [("", _("Vælg medarbejder"))] + [(w.pk, f"{w} ({w.load}/{w.capacity or '-'})") for w in workers]
        )

    def clean_worker(self) -> User | None:
        pk = self.cleaned_data["worker"]
        return next((w for w in self.workers if w.pk == pk), None) if pk is not None else None


class FirstContactForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Hvornår fik du kontakt med familien?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
