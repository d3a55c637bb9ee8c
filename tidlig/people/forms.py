"""Input validation for families, children and adults. Messages are Danish and shown beside the field."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import InstitutionGroup, User
from tidlig.lib.cpr import InvalidCpr, birth_date_from_cpr, normalize_cpr
from tidlig.lib.dates import today
from tidlig.lib.forms import blank_first
from tidlig.lib.text import validate_name, validate_plain_text
from tidlig.lib.widgets import DateInput
from tidlig.people.models import Child, GuardianRelation, Household

CPR_INVALID = _("Skriv CPR-nummeret som 10 cifre, fx 010120-1234. Datoen skal være en rigtig dato.")
CPR_DATE_MISMATCH = _("CPR-nummerets dato passer ikke med fødselsdatoen.")
BIRTH_DATE_FUTURE = _("Fødselsdatoen ligger i fremtiden.")
BIRTH_DATE_TOO_OLD = _("Tidlig er for børn og unge under 25 år. Tjek fødselsdatoen.")
MAX_AGE_YEARS = 25


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["name"]


class ChildForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=80, validators=[validate_name])
    last_name = forms.CharField(label=_("Efternavn"), max_length=80, validators=[validate_name])
    birth_date = forms.DateField(label=_("Fødselsdato"), widget=DateInput())
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Kun hvis familien ønsker det. Vises aldrig i lister."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    institution_group = forms.ModelChoiceField(
        label=_("Skole eller dagtilbud"),
        required=False,
        queryset=InstitutionGroup.objects.select_related("institution"),
        empty_label=_("Ingen / ukendt"),
    )

    def clean_cpr(self) -> str:
        raw = self.cleaned_data["cpr"]
        if not raw.strip():
            return ""
        try:
            return normalize_cpr(raw)
        except InvalidCpr:
            raise forms.ValidationError(CPR_INVALID, code="cpr") from None

    def clean_birth_date(self) -> dt.date | None:
        born = self.cleaned_data["birth_date"]
        if born is None:
            return None  # why: only an edit of an estimated birth date may leave it empty
        now = today()
        if born > now:
            raise forms.ValidationError(BIRTH_DATE_FUTURE, code="future")
        if now.year - born.year > MAX_AGE_YEARS:
            raise forms.ValidationError(BIRTH_DATE_TOO_OLD, code="too_old")
        return born

    def clean(self):
        data = super().clean()
        cpr, born = data.get("cpr"), data.get("birth_date")
        if cpr and born and birth_date_from_cpr(cpr) != born:
            self.add_error("cpr", CPR_DATE_MISMATCH)
        if cpr and born is None and "birth_date" not in self.errors:
            data["birth_date"] = birth_date_from_cpr(cpr)  # why: the CPR number holds the real date
        return data


class ChildEditForm(ChildForm):
    # why: the version the form was based on; a colleague's save in between is a conflict
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, estimated_age: str = "", **kwargs):
        """estimated_age: "ca. 9 år" when the stored birth date is only estimated from an age. The field
        then starts empty, and left empty it keeps the estimate (the service gets None)."""
        super().__init__(*args, **kwargs)
        if estimated_age:
            field = self.fields["birth_date"]
            field.required = False
            field.help_text = _(
                "Familien har kun oplyst alderen (%(age)s). Skriv fødselsdatoen, når I kender den."
            ) % {"age": estimated_age}


class GuardianForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=80, validators=[validate_name])
    last_name = forms.CharField(label=_("Efternavn"), max_length=80, validators=[validate_name])
    phone = forms.RegexField(
        label=_("Telefon"),
        required=False,
        max_length=20,
        regex=r"^\+?[0-9 ]{8,16}$",
        error_messages={"invalid": _("Skriv et telefonnummer med 8 cifre, fx 12 34 56 78.")},
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Adresse"), required=False, max_length=200, validators=[validate_plain_text]
    )
    relation = forms.ChoiceField(
        label=_("Relation til børnene"), choices=blank_first(GuardianRelation.Relation.choices)
    )
    custody_children = forms.ModelMultipleChoiceField(
        label=_("Har forældremyndighed over"),
        required=False,
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["custody_children"].queryset = household.children.all()
        self.fields["custody_children"].label_from_instance = lambda c: c.full_name


class AssignWorkerForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Medarbejder"), queryset=User.objects.none())

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = User.objects.filter(
            role=User.Role.WORKER, unit_id=household.unit_id, is_active=True
        ).order_by("first_name")
