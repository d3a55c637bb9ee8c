"""Being written: FIT responses, Trivselslineal placements, trajectories and flags for a course."""


def panel_context(course, user) -> dict:
    """What courses/includes/fit_panel.html needs to render the FIT and Trivselslineal panel."""
    return {}
