"""The anonymity rules on their own: counts, shares, means and breakdowns."""

from decimal import Decimal

from tidlig.reports import anonymity
from tidlig.reports.anonymity import HIDDEN, NO_DATA, SHOWN, TOO_FEW, UNDER_5


def test_it_hides_counts_from_one_to_four():
    assert [anonymity.count(n) for n in (0, 1, 4, 5)] == [
        (0, SHOWN),
        (None, UNDER_5),
        (None, UNDER_5),
        (5, SHOWN),
    ]


def test_it_does_not_show_a_share_resting_on_fewer_than_five():
    assert anonymity.share(3, 4) == anonymity.Share(None, None, None, TOO_FEW, Decimal("75.0"))
    assert anonymity.share(0, 0) == anonymity.Share(None, None, None, NO_DATA)
    # 3 of 6 = 50 %: with the denominator shown the percentage would give the 3 back, so nothing shows
    assert anonymity.share(3, 6) == anonymity.Share(None, None, None, TOO_FEW, Decimal("50.0"))
    # 1 of 10 = 10 %: the one is given back just as well
    assert anonymity.share(1, 10).value is None
    # 9 of 10: the one who is not counted is given back by the rest
    assert anonymity.share(9, 10).value is None
    # 6 of 12 = 50 %: both parts are 5 or more, so it shows
    assert anonymity.share(6, 12) == anonymity.Share(Decimal("50.0"), 6, 12, SHOWN, Decimal("50.0"))


def test_it_does_not_show_a_mean_of_fewer_than_five():
    assert anonymity.mean_of([1, 2, 3, 4]) == (None, TOO_FEW)
    assert anonymity.mean_of([]) == (None, NO_DATA)
    assert anonymity.mean_of([1, 2, 3, 4, 6]) == (Decimal("3.2"), SHOWN)


def cells(breakdown):
    return [(c.key, c.value, c.hidden) for c in breakdown.cells]


def test_it_hides_the_next_smallest_cell_when_one_cell_is_hidden():
    # 2 is hidden; with the total 20 shown, 20 - 12 - 6 = 2 would give it away: 6 (next smallest) goes too
    b = anonymity.suppress_breakdown("x", "X", [("a", "A", 12), ("b", "B", 2), ("c", "C", 6), ("d", "D", 0)])
    assert cells(b) == [("a", 12, SHOWN), ("b", None, UNDER_5), ("c", None, HIDDEN), ("d", 0, SHOWN)]
    assert b.total == 20


def test_it_needs_no_second_cell_when_two_are_already_hidden():
    b = anonymity.suppress_breakdown("x", "X", [("a", "A", 12), ("b", "B", 2), ("c", "C", 3)])
    assert cells(b) == [("a", 12, SHOWN), ("b", None, UNDER_5), ("c", None, UNDER_5)]


def test_it_needs_no_second_cell_when_the_total_is_hidden():
    b = anonymity.suppress_breakdown("x", "X", [("a", "A", 3), ("b", "B", 0)])
    assert cells(b) == [("a", None, UNDER_5), ("b", 0, SHOWN)]
    assert (b.total, b.total_hidden) == (None, UNDER_5)
