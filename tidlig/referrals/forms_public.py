"""The public self-referral form, its one-time ticket, and the receipt a family gets afterwards.

No login and no CPR number: advice must be open and anonymous (Barnets lov §§ 28-29), so a name is
asked for only when the family wants a course. Bots are kept out without JavaScript: a signed ticket
with the time the page was shown (too fast is refused), and a honeypot field nobody sees.
"""

import datetime as dt
import secrets
import time
import uuid
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidlig.lib.dates import today
from tidlig.lib.text import validate_name, validate_plain_text
from tidlig.lib.widgets import DateInput
from tidlig.people.forms import BIRTH_DATE_FUTURE, BIRTH_DATE_TOO_OLD, MAX_AGE_YEARS
from tidlig.people.models import GuardianRelation
from tidlig.referrals import queries
from tidlig.referrals.models import CONCERN_MAX_LENGTH, Referral
from tidlig.referrals.services import ChildIn, GuardianIn, contact_deadline

# Seconds between showing the form and sending it; people need longer, bots usually do not.
MIN_FILL_SECONDS = 3
TICKET_MAX_AGE = 2 * 60 * 60
TICKET_SALT = "tidlig.self_referral"
RECEIPT_MAX_AGE = 7 * 24 * 60 * 60
RECEIPT_SALT = "tidlig.receipt"
HONEYPOT_FIELD = "website"
CHILD_BLOCKS = 3

TICKET_EXPIRED = _("Formularen er udløbet. Indlæs siden igen og send den på ny.")
TOO_FAST = _("Formularen blev sendt meget hurtigt. Tjek dine oplysninger og send igen.")
NEED_AGE = _("Skriv barnets alder eller fødselsdato.")
NEED_NAME = _("Skriv dit navn, så vi ved, hvem vi skal spørge efter.")
NEED_CONTACT = _("Skriv et telefonnummer eller en e-mail, så vi kan kontakte dig.")
BAD_AGE = _("Skriv alderen som et helt tal fra 0 til 25.")
CONCERN_TOO_LONG = _(
    "Teksten er for lang: højst %(limit_value)d tegn, og du har skrevet %(show_value)d. "
    "Skriv det vigtigste, så fortæller du resten, når vi ringer."
)


receiving_unit = queries.receiving_unit


def new_ticket() -> str:
    """A signed, one-time ticket: when the page was shown, and a nonce that names the submission."""
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(16)}, salt=TICKET_SALT)


class PlainTextField(forms.CharField):
    """validate_plain_text refuses NUL with a clearer Danish message than Django's own, so only one shows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_plain_text])
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class AgeField(forms.IntegerField):
    """A whole number of years; spaces alone count as no answer, like an empty field."""

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class TelInput(forms.TextInput):
    input_type = "tel"


def _not_future_not_too_old(born: dt.date) -> None:
    now = today()
    if born > now:
        raise forms.ValidationError(BIRTH_DATE_FUTURE, code="future")
    if now.year - born.year > MAX_AGE_YEARS:
        raise forms.ValidationError(BIRTH_DATE_TOO_OLD, code="too_old")


def _child_fields() -> tuple[forms.Field, forms.Field, forms.Field]:
    """One child block: first name, age or birth date (fixed blocks, so the page needs no JavaScript)."""
    return (
        PlainTextField(
            label=_("Barnets fornavn"),
            required=False,
            max_length=80,
            validators=[validate_name],
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        ),
        AgeField(
            label=_("Alder i år"),
            required=False,
            min_value=0,
            max_value=MAX_AGE_YEARS,
            help_text=_("Eller skriv fødselsdatoen herunder. Det ene er nok."),
            error_messages={"invalid": BAD_AGE, "min_value": BAD_AGE, "max_value": BAD_AGE},
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        ),
        forms.DateField(
            label=_("Fødselsdato"),
            required=False,
            validators=[_not_future_not_too_old],
            error_messages={"invalid": _("Skriv en rigtig dato, fx 14-03-2017.")},
            widget=DateInput(attrs={"autocomplete": "off"}),
        ),
    )


class SelfReferralForm(forms.Form):
    wish = forms.ChoiceField(
        label=_("Hvad ønsker du?"),
        choices=Referral.Wish.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Råd og vejledning er en eller flere samtaler, og du må gerne være anonym. "
            "Et forløb er et samarbejde over nogle uger med en fast medarbejder."
        ),
        error_messages={"required": _("Vælg, hvad du ønsker."), "invalid_choice": _("Vælg, hvad du ønsker.")},
    )
    concern = PlainTextField(
        label=_("Beskriv med dine egne ord, hvad du er bekymret for"),
        max_length=CONCERN_MAX_LENGTH,
        help_text=_("Fx hvad der sker, hvor længe det har stået på, og hvad I allerede har prøvet."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Skriv kort, hvad du er bekymret for."),
            "max_length": CONCERN_TOO_LONG,
        },
    )
    child_1_first_name, child_1_age, child_1_birth_date = _child_fields()
    child_2_first_name, child_2_age, child_2_birth_date = _child_fields()
    child_3_first_name, child_3_age, child_3_birth_date = _child_fields()

    first_name = PlainTextField(
        label=_("Dit fornavn"),
        required=False,
        max_length=80,
        validators=[validate_name],
        help_text=_("Ønsker du kun råd og vejledning, må du gerne lade dit navn være tomt."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = PlainTextField(
        label=_("Dit efternavn"),
        required=False,
        max_length=80,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    relation = forms.ChoiceField(
        label=_("Hvem er du for børnene?"),
        choices=GuardianRelation.Relation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg, hvem du er for børnene."),
            "invalid_choice": _("Vælg, hvem du er for børnene."),
        },
    )
    has_custody = forms.BooleanField(
        label=_("Jeg har forældremyndighed"),
        required=False,
        help_text=_("Sæt kryds, hvis du har forældremyndighed over børnene."),
    )
    phone = forms.RegexField(
        label=_("Telefonnummer"),
        required=False,
        max_length=20,
        regex=r"^\+?[0-9 ]{8,16}$",
        error_messages={"invalid": _("Skriv et telefonnummer med 8 cifre, fx 12 34 56 78.")},
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en rigtig e-mailadresse, fx navn@eksempel.dk.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_preference = PlainTextField(
        label=_("Hvornår må vi ringe?"),
        required=False,
        max_length=300,
        help_text=_("Fx “hverdage efter kl. 15” eller “send en sms først”."),
    )
    ticket = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Lad dette felt være tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def child_blocks(self) -> list[dict]:
        """The three child fieldsets, for the template: "Barn 1", "Barn 2 (valgfrit)", ..."""
        blocks = []
        for n in range(1, CHILD_BLOCKS + 1):
            legend = _("Barn 1") if n == 1 else _("Barn %(n)s (valgfrit)") % {"n": n}
            blocks.append(
                {
                    "legend": legend,
                    "first_name": self[f"child_{n}_first_name"],
                    "age": self[f"child_{n}_age"],
                    "birth_date": self[f"child_{n}_birth_date"],
                }
            )
        return blocks

    def clean_ticket(self) -> str:
        """The ticket's nonce, which becomes the submission token (a double click makes one referral)."""
        try:
            payload = signing.loads(self.cleaned_data["ticket"], salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
            shown_at, nonce = float(payload["t"]), str(payload["n"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(TICKET_EXPIRED, code="expired") from None
        if time.time() - shown_at < MIN_FILL_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return nonce

    def clean(self):
        data = super().clean()
        if "ticket" in self.errors:
            # Shown at the top of the page: the hidden field has no place of its own.
            self.add_error(None, self.errors.pop("ticket").as_data())
        self._check_children(data)
        wish = data.get("wish")
        if wish and wish != Referral.Wish.ADVICE:
            for name in ("first_name", "last_name"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, NEED_NAME)
        contact_errors = "phone" in self.errors or "email" in self.errors
        if not data.get("phone") and not data.get("email") and not contact_errors:
            self.add_error("phone", NEED_CONTACT)
        return data

    def _check_children(self, data) -> None:
        """At least one child, and every child named needs an age or a birth date."""
        described = False
        for n in range(1, CHILD_BLOCKS + 1):
            names = [f"child_{n}_first_name", f"child_{n}_age", f"child_{n}_birth_date"]
            if any(name in self.errors for name in names):
                described = True  # the field's own message says what is wrong
                continue
            first_name, age, born = (data.get(name) for name in names)
            if age is not None or born is not None:
                described = True
            elif first_name:
                self.add_error(f"child_{n}_age", NEED_AGE)
                described = True
        if not described:
            self.add_error("child_1_age", NEED_AGE)

    def children(self) -> list[ChildIn]:
        """A birth date wins over an age; an age alone becomes 1 January of the birth year, marked as an
        estimate. A block with neither is left out."""
        result = []
        for n in range(1, CHILD_BLOCKS + 1):
            first_name = self.cleaned_data[f"child_{n}_first_name"]
            age = self.cleaned_data[f"child_{n}_age"]
            born = self.cleaned_data[f"child_{n}_birth_date"]
            if born is not None:
                result.append(ChildIn(first_name=first_name, last_name="", birth_date=born))
            elif age is not None:
                estimate = dt.date(today().year - age, 1, 1)
                result.append(
                    ChildIn(
                        first_name=first_name, last_name="", birth_date=estimate, birth_date_is_estimate=True
                    )
                )
        return result

    def guardian(self) -> GuardianIn:
        return GuardianIn.from_form(self.cleaned_data)

    def referrer_description(self) -> str:
        return str(GuardianRelation.Relation(self.cleaned_data["relation"]).label)


@dataclass(frozen=True)
class Receipt:
    """What the receipt page may show: no personal data, only what the family needs to follow up."""

    reference: str
    deadline: dt.date
    unit_name: str


def receipt_token(referral: Referral) -> str:
    return signing.dumps(str(referral.uuid), salt=RECEIPT_SALT)


def decoy_receipt_token() -> str:
    """For a bot that filled the honeypot: signed like a real receipt, with nothing behind it."""
    return signing.dumps(str(uuid.uuid4()), salt=RECEIPT_SALT)


def _receipt_key(token: str) -> uuid.UUID | None:
    """The uuid a receipt token names; None when the token is forged or older than a week."""
    try:
        return uuid.UUID(signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError, AttributeError):
        return None


def receipt_for(token: str) -> Receipt | None:
    """The receipt a token shows. A valid token with no referral behind it is a decoy for a bot, and it
    looks like every other receipt, so the bot learns nothing."""
    key = _receipt_key(token)
    if key is None:
        return None
    referral = Referral.objects.select_related("unit").filter(uuid=key).first()
    if referral is not None:
        return Receipt(referral.reference, referral.contact_deadline, referral.unit.name)
    unit = receiving_unit()
    if unit is None:
        return None
    return Receipt(key.hex[:8].upper(), contact_deadline(unit, timezone.now()), unit.name)
