"""Input validation for the partner's and the staff's doors and for the anonymous counselling log."""

import re
import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from tidlig.accounts.models import Institution, InstitutionGroup
from tidlig.consent.models import Consent
from tidlig.lib.dates import today
from tidlig.lib.forms import blank_first
from tidlig.lib.text import validate_plain_text
from tidlig.lib.widgets import DateInput
from tidlig.people.forms import ChildForm, GuardianForm
from tidlig.referrals.models import CONCERN_MAX_LENGTH, AnonymousCounselling, Referral
from tidlig.referrals.services import ChildIn, ConsentIn, GuardianIn

NO_CONSENT = _("Henvisningen kan ikke sendes uden forælderens samtykke.")
NO_GIVEN_HOW = _("Vælg, hvordan forælderen har givet samtykke.")
NO_CONTACT = _("Skriv forælderens telefonnummer eller e-mail, så vi kan kontakte familien.")
CONCERN_REQUIRED = _("Beskriv bekymringen, så vi ved, hvad familien har brug for hjælp til.")
CONCERN_TOO_LONG = _("Teksten er for lang: højst %(limit_value)s tegn (den har %(show_value)s).")
TOKEN_INVALID = _("Formularen kunne ikke genkendes. Tjek oplysningerne og send den igen.")
DATE_FUTURE = _("Datoen ligger i fremtiden.")
DURATION_RANGE = _("Skriv en varighed mellem 1 og 480 minutter.")
MAX_DURATION_MINUTES = 480

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


class OneTimeTokenForm(forms.Form):
    """A hidden one-time token: the same form sent twice (a double click) makes one referral."""

    submission_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        # A hidden field's error has no place beside a field; it is shown above the form instead.
        if not _TOKEN_RE.fullmatch(data.get("submission_token") or ""):
            self.add_error(None, forms.ValidationError(TOKEN_INVALID, code="token"))
        return data

    @property
    def token_value(self) -> str:
        """The posted token while it is valid (re-rendering keeps it), otherwise a fresh one."""
        token = self.data.get(self.add_prefix("submission_token"), "") if self.is_bound else ""
        return token if _TOKEN_RE.fullmatch(token or "") else new_submission_token()


def _concern_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=CONCERN_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": CONCERN_REQUIRED, "max_length": CONCERN_TOO_LONG},
    )


class IntakeChildForm(ChildForm):
    """The child, validated exactly like the family record's child form (CPR, age under 25)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "cpr" in self.fields:
            self.fields["cpr"].label = _("CPR-nummer")  # the page marks optional fields itself

    def child_in(self, *, group: InstitutionGroup | None = None) -> ChildIn:
        data = self.cleaned_data
        group = group or data.get("institution_group")
        return ChildIn(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            institution_group_id=group.pk if group else None,
            cpr=data.get("cpr") or "",
        )


class PartnerChildForm(IntakeChildForm):
    """The partner's child is in the class the referral is made from, and a partner never types a CPR."""

    cpr = None
    institution_group = None


class IntakeGuardianForm(GuardianForm):
    """One adult, without the family record's address and per-child custody list."""

    address = None
    custody_children = None
    has_custody = forms.BooleanField(label=_("Har forældremyndighed over barnet"), required=False)

    def __init__(self, *args, **kwargs):
        # GuardianForm needs an existing household; at intake there is none yet.
        super(GuardianForm, self).__init__(*args, **kwargs)
        self.fields["relation"].label = _("Relation til barnet")

    def guardian_in(self) -> GuardianIn:
        return GuardianIn.from_form(self.cleaned_data)


class PartnerGuardianForm(IntakeGuardianForm):
    """The adult who gave consent: they must hold custody, and Tidlig must be able to reach them."""

    has_custody = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("Skriv telefonnummer, e-mail eller begge.")

    def clean(self):
        data = super().clean()
        reachable = (
            data.get("phone") or data.get("email") or self.has_error("phone") or self.has_error("email")
        )
        if not reachable:
            self.add_error("phone", NO_CONTACT)
        return data


class PartnerReferralForm(OneTimeTokenForm):
    concern = _concern_field(
        _("Bekymringen med familiens egne ord og dine egne iagttagelser"),
        _("Hvad siger familien selv, og hvad ser I i skolen eller dagtilbuddet? Højst 5.000 tegn."),
    )
    consent = forms.BooleanField(
        label=_(
            "Forælderen har givet samtykke til, at skolen/dagtilbuddet deler disse oplysninger med "
            "Tidlig Forebyggelse"
        ),
        error_messages={"required": NO_CONSENT},
    )
    given_how = forms.ChoiceField(
        label=_("Hvordan har forælderen givet samtykke?"),
        choices=Consent.GivenHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": NO_GIVEN_HOW},
    )
    share_back = forms.BooleanField(
        label=_("Tidlig Forebyggelse må give os besked om, hvordan det går"),
        required=False,
        help_text=_("Kun hvis forælderen også har sagt ja til det."),
    )

    def consent_in(self, *, institution: Institution) -> ConsentIn:
        data = self.cleaned_data
        return ConsentIn(
            given_how=data["given_how"], share_back_with=institution if data["share_back"] else None
        )


class StaffReferralForm(OneTimeTokenForm):
    source = forms.ChoiceField(
        label=_("Hvem henvender sig?"),
        choices=blank_first(Referral.Source.choices),
        help_text=_("Ringer en forælder selv, er kilden “Familien selv”."),
    )
    channel = forms.ChoiceField(
        label=_("Hvordan kom henvendelsen?"),
        choices=[
            (c.value, c.label)
            for c in (
                Referral.Channel.PHONE,
                Referral.Channel.EMAIL,
                Referral.Channel.MEETING,
                Referral.Channel.INTAKE,
            )
        ],
        widget=forms.RadioSelect,
    )
    referrer_description = forms.CharField(
        label=_("Henviser"),
        required=False,
        max_length=200,
        validators=[validate_plain_text],
        help_text=_("Fx “mor”, “klasselærer i 4.A” eller “sundhedsplejerske”."),
    )
    concern = _concern_field(
        _("Bekymringen med familiens egne ord"),
        _("Skriv det, familien eller henviseren fortæller. Højst 5.000 tegn."),
    )
    wish = forms.ChoiceField(
        label=_("Hvad ønsker familien?"),
        choices=Referral.Wish.choices,
        widget=forms.RadioSelect,
    )
    contact_preference = forms.CharField(
        label=_("Hvornår og hvordan vil familien kontaktes?"),
        required=False,
        max_length=300,
        validators=[validate_plain_text],
    )


class CounsellingForm(forms.Form):
    """Date, channel, topic, age band and duration. There is deliberately no field for a name or number."""

    date = forms.DateField(label=_("Dato"), widget=DateInput(), initial=today)
    channel = forms.ChoiceField(
        label=_("Kanal"), choices=AnonymousCounselling.Channel.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(label=_("Emne"), choices=blank_first(AnonymousCounselling.Topic.choices))
    age_band = forms.ChoiceField(
        label=_("Barnets alder"), choices=blank_first(AnonymousCounselling.AgeBand.choices)
    )
    duration_minutes = forms.IntegerField(
        label=_("Varighed i minutter"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        error_messages={"min_value": DURATION_RANGE, "max_value": DURATION_RANGE},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError(DATE_FUTURE, code="future")
        return date
