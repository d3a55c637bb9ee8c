"""The FIT panel's context: what courses/includes/fit_panel.html needs, for the course page and the FIT
views alike. It composes reads (`queries.fit`, the active Trivselslineal) with the panel's forms."""

from django.db.models import prefetch_related_objects

from tidlig.accounts.models import User
from tidlig.courses import charts, forms_fit
from tidlig.courses.models import Course
from tidlig.courses.queries.fit import (
    can_record,
    course_responses,
    review_after_default,
    trajectories,
    trajectory_flags,
)
from tidlig.measurements.models import Instrument, InstrumentItem, WellbeingPlacement
from tidlig.measurements.queries import active_wellbeing_scale
from tidlig.measurements.scoring import fmt


def panel_context(course: Course, user: User, **forms) -> dict:
    """What courses/includes/fit_panel.html needs, under one key `fit` so it merges into any page.

    A bound form with errors (from a failed POST) replaces its fresh counterpart: pass it by name
    (`score_form`, `placement_form`, `correction_form`, `answer_form`).
    """
    # why: one read of the answers for the trajectories and the metafeedback
    responses = sorted(course_responses(course), key=lambda r: (r.answered_at, r.pk))
    found = trajectories(course, responses)
    review_after = review_after_default()
    rows = [
        {
            "trajectory": t,
            "chart": charts.trajectory_chart(t),
            "flags": trajectory_flags(t, review_after=review_after),
        }
        for t in found
    ]
    scale = active_wellbeing_scale()
    placements = list(
        course.placements.select_related("recorded_by", "scale", "child")
        .prefetch_related("corrections__corrected_by")
        .order_by("placed_on", "id")
    )
    children = list(course.household.children.all())
    correction_form = forms.get("correction_form")
    per_child = []
    for child in children:
        mine = [p for p in placements if p.child_id == child.pk]
        items = []
        for p in mine:
            form = (
                correction_form
                if correction_form is not None and correction_form.prefix == f"ret-{p.uuid}"
                else forms_fit.CorrectPlacementForm(
                    scale=p.scale, prefix=f"ret-{p.uuid}", initial={"new_value": p.value}
                )
            )
            items.append({"placement": p, "band": p.scale.band_for(p.value), "form": form})
        start = next((i for i in items if i["placement"].moment == WellbeingPlacement.Moment.START), None)
        end = next((i for i in items if i["placement"].moment == WellbeingPlacement.Moment.END), None)
        per_child.append({"child": child, "start": start, "end": end, "items": items})

    metafeedback = []
    answers = [r for r in responses if r.instrument.kind == Instrument.Kind.METAFEEDBACK]
    prefetch_related_objects(answers, "scores__item")
    for response in answers:
        person = response.child or response.guardian
        scales = [s for s in response.scores.all() if s.item.kind == InstrumentItem.Kind.SCALE]
        yes_no = [s for s in response.scores.all() if s.item.kind == InstrumentItem.Kind.YES_NO]
        metafeedback.append(
            {
                "who": f"{person.first_name} ({response.get_role_display().lower()})" if person else "",
                "when": response.answered_at,
                "respect": fmt(response.total),
                "respect_max": fmt(scales[0].item.maximum) if scales else "",
                "involved": bool(yes_no[0].value) if yes_no else None,
            }
        )
    editable = can_record(course, user)
    context = {
        "course": course,
        "rows": rows,
        "flags": [f"{r['trajectory'].label}: {reason}" for r in rows for reason in r["flags"]],
        "review_after": review_after,
        "scale": scale,
        "children": per_child,
        "metafeedback": metafeedback,
        "can_record": editable,
        "notice": forms.get("notice", ""),
    }
    if editable:
        choices = forms_fit.Choices.for_course(course)
        score_form = forms.get("score_form")
        score_forms = []
        for instrument in choices.instruments:
            if score_form is not None and score_form.instrument.pk == instrument.pk:
                score_forms.append(score_form)
            else:
                score_forms.append(forms_fit.RecordScoresForm(choices=choices, instrument=instrument))
        context.update(
            score_forms=[f for f in score_forms if f.instrument.kind != Instrument.Kind.METAFEEDBACK],
            metafeedback_forms=[f for f in score_forms if f.instrument.kind == Instrument.Kind.METAFEEDBACK],
            answer_form=forms.get("answer_form") or forms_fit.AnswerModeStartForm(choices=choices),
            placement_form=forms.get("placement_form")
            or forms_fit.PlaceWellbeingForm(scale=scale, children=children),
        )
    return {"fit": context}
