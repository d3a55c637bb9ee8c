"""The results page's hand-worked unit history, which the SQL floor is compared on as kpis.py is."""

from tidlig.reports.tests.conftest import dataset

__all__ = ["dataset"]
