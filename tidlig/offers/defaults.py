"""Kerteminde's four ladder steps (Kerteminde Kommune's strategy 2021-2025): the default until a municipality
edits them."""

STEPS = [
    (1, "Trivsel og sundhedsfremme", "Almenområdet: dagtilbud, skole, sundhedspleje og fritid."),
    (
        2,
        "Forebygge",
        "Tidlige forebyggende indsatser tæt på hverdagen, uden afgørelse (Barnets lov §§ 28-31).",
    ),
    (3, "Foranstalte", "Støttende indsatser efter afgørelse (Barnets lov § 32)."),
    (4, "Anbringe", "Anbringelse i netværk, plejefamilie, på opholdssted eller døgninstitution."),
]


def ensure_default_steps() -> None:
    """Creates the default steps where no step has that position (never renames a municipality's own)."""
    from tidlig.offers.models import LadderStep

    for position, name, description in STEPS:
        LadderStep.objects.get_or_create(
            position=position, defaults={"name": name, "description": description}
        )
