"""Trajectories per respondent, the not-on-track flags, and the server-rendered SVG chart."""

from decimal import ROUND_DOWN, Decimal

import pytest
from django.test import override_settings

from tidlig.courses import charts
from tidlig.courses.queries import fit as fit_queries
from tidlig.courses.services import fit
from tidlig.courses.tests.factories import make_course_with_contacts
from tidlig.lib import charts as lib_charts
from tidlig.measurements.open_instruments import ALLIANCE, CHILD_OUTCOME, OUTCOME
from tidlig.measurements.queries import active_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(mette_family, mette):
    return make_course_with_contacts(mette_family, mette, contacts=3)


def _answer(course, actor, contact, code, per_item, *, guardian=None, child=None):
    return fit.record_response(
        course,
        actor=actor,
        instrument=active_instrument(code),
        role="child" if child else "parent",
        child=child,
        guardian=guardian,
        contact=contact,
        scores={n: Decimal(str(v)) for n, v in enumerate(per_item, start=1)},
    )


def _split(total) -> list[Decimal]:
    """A total as four item scores with one decimal each."""
    part = (Decimal(total) / 4).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return [part, part, part, Decimal(total) - 3 * part]


def _series(course, actor, anne, outcomes, alliances=None):
    """Anne's outcome (and alliance) per contact; each total is split over four items."""
    for n, contact in enumerate(course.contacts.all()):
        _answer(course, actor, contact, OUTCOME, _split(outcomes[n]), guardian=anne)
        if alliances:
            _answer(course, actor, contact, ALLIANCE, _split(alliances[n]), guardian=anne)


def test_it_draws_one_trajectory_per_respondent_with_ordered_points(course, mette, anne, emma):
    _series(course, mette, anne, [20, 24, 28], [36, 38, 40])
    first = course.contacts.first()
    _answer(course, mette, first, CHILD_OUTCOME, [7, 7, 7, 7], child=emma)
    emmas, annes = fit_queries.trajectories(course)
    assert (emmas.role, emmas.child, annes.role, annes.guardian) == ("child", emma, "parent", anne)
    assert [(p.contact_number, p.outcome, p.alliance) for p in annes.points] == [
        (1, Decimal(20), Decimal(36)),
        (2, Decimal(24), Decimal(38)),
        (3, Decimal(28), Decimal(40)),
    ]
    assert (annes.outcome_cutoff, annes.alliance_cutoff, annes.reliable_change) == (25, 36, 5)
    assert [(p.contact_number, p.outcome) for p in emmas.points] == [(1, Decimal(28))]
    assert emmas.outcome_cutoff == 32


def test_it_flags_a_course_without_reliable_improvement(course, mette, anne):
    _series(course, mette, anne, [20, 21, 22])
    assert fit_queries.flags(course) == [
        "Anne (forælder): Ikke på sporet: efter 3 kontakter er trivslen ikke steget med mindst 5 point"
    ]


def test_it_does_not_flag_a_course_on_track(course, mette, anne):
    _series(course, mette, anne, [20, 24, 27], [38, 38, 39])
    assert fit_queries.flags(course) == []


def test_it_waits_for_the_review_point_before_flagging(course, mette, anne):
    _series(course, mette, anne, [20, 21, 22])
    assert fit_queries.flags(course, review_after=4) == []
    with override_settings(TIDLIG_FIT_REVIEW_AFTER=4):
        assert fit_queries.flags(course) == []


def test_it_flags_an_alliance_score_below_the_cutoff(course, mette, anne):
    _series(course, mette, anne, [20, 26, 30], [38, 38, 30])
    assert fit_queries.flags(course) == ["Anne (forælder): Samarbejdet scorer under grænsen (36)"]


def test_the_svg_is_computed_from_the_data(course, mette, anne):
    _series(course, mette, anne, [20, 24, 28], [36, 38, 40])
    (trajectory,) = fit_queries.trajectories(course)
    svg = charts.trajectory_chart(trajectory).render()
    # x: contacts 1..3 over the plot width; y: 0..40 over its height (top 40, height 228).
    frame = charts.FRAME
    x1, x2, x3 = frame.left, frame.left + frame.plot_w / 2, frame.left + frame.plot_w

    def y(v):
        return lib_charts.n(frame.top + frame.plot_h * (1 - v / 40))

    n = lib_charts.n
    outcome = f"{n(x1)},{y(20)} {n(x2)},{y(24)} {n(x3)},{y(28)}"
    alliance = f"{n(x1)},{y(36)} {n(x2)},{y(38)} {n(x3)},{y(40)}"
    assert f'class="tidlig-chart-outcome" points="{outcome}"' in svg
    assert f'class="tidlig-chart-alliance" points="{alliance}"' in svg
    assert 'stroke-dasharray="8 5"' in svg  # alliance is dashed, outcome solid
    assert svg.count("<circle") == 3 + 1 and svg.count("<rect") == 3 + 1  # markers + legend
    assert f'class="tidlig-chart-cutoff" x1="{frame.left}" y1="{y(25)}"' in svg
    assert "Grænse 25" in svg
    assert 'role="img"' in svg and 'aria-labelledby="fit-chart-parent-' in svg
    assert "<title" in svg and "Trivsel: 20 ved kontakt 1, 24 ved kontakt 2, 28 ved kontakt 3." in svg
    assert "Kontakt nr." in svg and "Samlet score (0-40)" in svg


def test_the_svg_escapes_text(anne):
    anne.first_name = '<script>alert("x")</script>'
    trajectory = fit_queries.Trajectory(
        role="parent", guardian=anne, child=None, points=[fit_queries.Point(1, None, outcome=Decimal(12))]
    )
    svg = charts.trajectory_chart(trajectory).render()
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg
    # one point sits in the middle
    assert f'cx="{lib_charts.n(charts.FRAME.left + charts.FRAME.plot_w / 2)}"' in svg
