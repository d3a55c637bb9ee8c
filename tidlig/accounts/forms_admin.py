"""The administration's forms: input validation only; the rules live in services_admin and
services_organisation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Competence, Institution, Unit, User
from tidlig.lib.text import validate_name, validate_plain_text

REASON_HELP = _("Fx “Ny medarbejder fra 1. marts” eller “Har glemt sin adgangskode, ringede selv”.")


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal onto the form: at the field it names when the form has it, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _reason(required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=_("Begrundelse"),
        max_length=300,
        required=required,
        help_text=REASON_HELP,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UserForm(_Versioned):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, validators=[validate_name])
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, validators=[validate_name])
    email = forms.EmailField(label=_("E-mail"), required=False)
    title = forms.CharField(label=_("Stilling"), max_length=80, required=False, validators=[validate_name])
    role = forms.ChoiceField(label=_("Rolle"), choices=[("", "---------"), *User.Role.choices])
    unit = forms.ModelChoiceField(
        label=_("Enhed"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        help_text=_("Kun for medarbejdere, ledere og koordinatorer."),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        help_text=_("Kun for samarbejdspartnere."),
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Kompetencer"),
        queryset=Competence.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Kapacitet (familier)"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("Hvor mange familier medarbejderen kan have ad gangen."),
    )
    reason = _reason()

    FIELDS = ("first_name", "last_name", "email", "title", "role", "unit", "institution", "capacity")

    @classmethod
    def for_user(cls, user: User, data=None) -> "UserForm":
        initial = {f: getattr(user, f) for f in cls.FIELDS}
        initial["competences"] = list(user.competences.all())
        initial["version"] = user.version
        return cls(data, initial=initial)

    def user_fields(self) -> dict:
        data = self.cleaned_data
        fields = {f: data[f] for f in self.FIELDS}
        fields["title"] = fields["title"] or ""
        fields["email"] = fields["email"] or ""
        return fields


class NewUserForm(UserForm):
    username = forms.CharField(
        label=_("Brugernavn"),
        max_length=150,
        help_text=_("Det, brugeren logger ind med. Bogstaver, tal og @ . + - _."),
    )
    password = forms.CharField(
        label=_("Første adgangskode"),
        strip=False,
        help_text=_("Mindst 12 tegn. Brugeren skal vælge en ny ved første log ind."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    reason = _reason(required=True)

    field_order = ["username", "password", "first_name", "last_name", "email", "title", "role"]


class PasswordForm(_Versioned):
    password = forms.CharField(
        label=_("Ny adgangskode"),
        strip=False,
        help_text=_("Mindst 12 tegn. Brugeren skal vælge en ny ved næste log ind."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    reason = _reason(required=True)


class ActiveForm(_Versioned):
    active = forms.TypedChoiceField(
        choices=[("1", _("Aktiv")), ("0", _("Deaktiveret"))],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )
    reason = _reason(required=True)


class UnitForm(_Versioned):
    name = forms.CharField(label=_("Navn"), max_length=120, validators=[validate_name])
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *Unit.Kind.choices])
    contact_deadline_days = forms.IntegerField(
        label=_("Frist for første kontakt (dage)"), min_value=0, max_value=365, initial=7
    )
    receives_public_referrals = forms.BooleanField(
        label=_("Modtager henvendelser fra den offentlige formular"),
        required=False,
        help_text=_("Højst én enhed. Vælger du denne, holder den enhed, der modtog dem før, op med det."),
    )

    FIELDS = ("name", "kind", "contact_deadline_days", "receives_public_referrals")

    @classmethod
    def for_unit(cls, unit: Unit, data=None) -> "UnitForm":
        initial = {f: getattr(unit, f) for f in cls.FIELDS}
        initial["version"] = unit.version
        return cls(data, initial=initial)

    def unit_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.FIELDS}


class InstitutionForm(_Versioned):
    name = forms.CharField(label=_("Navn"), max_length=120, validators=[validate_name])
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *Institution.Kind.choices])
    referral_unit = forms.ModelChoiceField(
        label=_("Henvisninger går til"),
        queryset=Unit.objects.order_by("name"),
        help_text=_("Den enhed, der modtager institutionens henvisninger."),
    )

    FIELDS = ("name", "kind", "referral_unit")

    @classmethod
    def for_institution(cls, institution: Institution, data=None) -> "InstitutionForm":
        initial = {f: getattr(institution, f) for f in cls.FIELDS}
        initial["version"] = institution.version
        return cls(data, initial=initial)

    def institution_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.FIELDS}


class NameForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=60, validators=[validate_name])
