"""Input validation for the offer catalogue. Rules about an offer's content (an age range upside down,
more network meetings than contacts) live in Offer.clean and reach the form through the service."""

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from tidlig.lib.text import validate_name
from tidlig.offers import queries
from tidlig.offers.models import LadderStep, LegalBasis, Offer, Theme

NAME_TAKEN = _("Enheden har allerede et tilbud med det navn.")
CHOOSE_LEGAL_BASIS = _("Vælg det lovgrundlag, tilbuddet hviler på.")
EDITABLE = (
    "name",
    "description",
    "legal_basis",
    "step",
    "themes",
    "age_min",
    "age_max",
    "format",
    "max_contacts",
    "max_network_meetings",
    "weeks",
    "is_running",
)


def _age(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=25)


def _limit(label, help_text=""):
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=500, help_text=help_text)


class OfferForm(forms.Form):
    name = Offer._meta.get_field("name").formfield(label=_("Navn"))
    description = Offer._meta.get_field("description").formfield(
        label=_("Beskrivelse til familier"),
        help_text=_("Skriv i et almindeligt sprog, så familien kan forstå, hvad tilbuddet er."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Lovgrundlag"),
        queryset=LegalBasis.objects.order_by("reference"),
        empty_label=_("Vælg lovgrundlag"),
        error_messages={"required": CHOOSE_LEGAL_BASIS, "invalid_choice": CHOOSE_LEGAL_BASIS},
    )
    step = forms.ModelChoiceField(
        label=_("Trin på indsatstrappen"),
        queryset=LadderStep.objects.order_by("position"),
        required=False,
        empty_label=_("Ikke placeret på trappen"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Temaer"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tilbuddet lukker et hul på trappen for de temaer, der er valgt her."),
    )
    age_min = _age(_("Fra alder (år)"))
    age_max = _age(_("Til alder (år)"))
    format = forms.ChoiceField(
        label=_("Form"),
        choices=Offer.Format.choices,
        widget=forms.RadioSelect,
    )
    max_contacts = _limit(_("Højst antal kontakter"), _("Tom betyder ingen grænse. Aabenraa: 12."))
    max_network_meetings = _limit(_("Heraf højst netværksmøder"), _("Aabenraa: 2."))
    weeks = _limit(_("Varighed i uger"))
    is_running = forms.TypedChoiceField(
        label=_("Status"),
        choices=[(True, _("I gang")), (False, _("Sat på pause"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        help_text=_("Et tilbud på pause kan ikke vælges til nye forløb, men intet går tabt."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit, offer: Offer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.offer = offer

    @classmethod
    def for_offer(cls, offer: Offer, *, data=None) -> "OfferForm":
        initial = model_to_dict(offer, fields=EDITABLE)
        initial["version"] = offer.version
        return cls(data, unit=offer.unit, offer=offer, initial=initial)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if queries.offer_name_taken(self.unit, name, exclude=self.offer):
            raise forms.ValidationError(NAME_TAKEN)
        return name

    def offer_fields(self) -> dict:
        """The cleaned data as the service takes it: the offer's fields and its themes."""
        data = {key: self.cleaned_data[key] for key in EDITABLE}
        data["themes"] = list(data["themes"])
        data["description"] = data["description"] or ""
        return data


class LegalBasisForm(forms.Form):
    reference = forms.CharField(
        label=_("Lovgrundlag"),
        max_length=80,
        validators=[validate_name],
        help_text=_("Fx “Barnets lov § 30, stk. 2”."),
    )
    requires_decision = forms.BooleanField(
        label=_("Kræver en afgørelse"),
        required=False,
        help_text=_("Barnets lov § 30 kræver ingen afgørelse; § 32 gør."),
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Tema"), max_length=80, validators=[validate_name])
