"""The triage board's suggestions: which of the unit's workers should take a referral, ranked as a leader
would, first by the competences the referral wants, then by load against capacity. Pure rules over rows
already read (referrals.queries.unit_workers): this module reads nothing."""

import bisect
import functools
import heapq
import re
from dataclasses import dataclass
from fractions import Fraction

from tidlig.accounts.models import User
from tidlig.referrals.models import Referral

# Aabenraa: 6-12 families a worker, fewer for those who run groups. A running group counts as this many
# families when suggesting who takes a new one (a rule of thumb the leader can see on the board).
GROUP_LOAD_WEIGHT = 2


@dataclass(frozen=True)
class Suggestion:
    worker: User
    matched: list[str]
    load: int
    capacity: int | None
    groups: int = 0

    @property
    def weighted_load(self) -> int:
        return self.load + GROUP_LOAD_WEIGHT * self.groups

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.weighted_load

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.weighted_load >= self.capacity


def wanted_competences(referral: Referral, known: dict[int, str]) -> dict[int, str]:
    """The competences a referral wants: the screening's choice once screened; before that, the competences
    (of `known`, id -> name) that the family's or referrer's own words name: "angsten" names Angst,
    "skilsmissen" Skilsmisse, "ADHD" ADHD/autisme. The screening's choice is prefetched, so this reads
    nothing."""
    if referral.screened_at is not None:
        return {c.pk: c.name for c in referral.competences_needed.all()}
    words = sorted(set(_WORD.findall(referral.concern.casefold())))
    return {pk: name for pk, name in known.items() if any(_named(stems, words) for stems in _stems(name))}


_WORD = re.compile(r"\w+")
_ENDINGS = ("en", "et", "er", "e")


@functools.lru_cache(maxsize=256)
def _stems(name: str) -> tuple[tuple[str, ...], ...]:
    """One list of stems per alternative of a competence's name ("ADHD/autisme": two). Words of one or two
    letters ("i") are left out; a Danish ending is cut, so "skolen" also finds "skole" and "skolegang"."""
    alternatives = []
    for part in name.split("/"):
        stems = []
        for word in _WORD.findall(part.casefold()):
            if len(word) <= 2:
                continue
            ending = next((e for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= 4), "")
            stems.append(word[: len(word) - len(ending)])
        if stems:
            alternatives.append(tuple(stems))
    return tuple(alternatives)


def _named(stems: tuple[str, ...], words: list[str]) -> bool:
    """Every stem begins some word; `words` is sorted, so the first word not before a stem is the one."""
    for stem in stems:
        at = bisect.bisect_left(words, stem)
        if at == len(words) or not words[at].startswith(stem):
            return False
    return True


def known_competences(workers: list[User]) -> dict[int, str]:
    """The competences the unit's workers have (from unit_workers' prefetch): the only ones a suggestion can
    match, so no extra query."""
    return {c.pk: c.name for w in workers for c in w.competences.all()}


def suggest_workers(
    referral: Referral, workers: list[User], *, limit: int = 3, wanted: dict[int, str] | None = None
) -> list[Suggestion]:
    """Workers (from unit_workers) ranked as a leader would: first by how many of the wanted competences
    they have (all of them before some, some before none), then by load against capacity (the share of
    their capacity in use, families plus running groups; Aabenraa: 6 to 12 families a worker). A worker
    at or over capacity comes after the free ones with the same competences, and is marked "fuld"."""
    if wanted is None:
        wanted = wanted_competences(referral, known_competences(workers))
    suggestions = [
        Suggestion(
            worker=w,
            matched=sorted(wanted[pk] for pk in w.competence_ids & wanted.keys()),
            load=w.load,
            capacity=w.capacity,
            groups=w.groups_led,
        )
        for w in workers
    ]
    # why: the best few of 100 workers for each of the board's 20 rows; nsmallest equals sorted()[:limit]
    return heapq.nsmallest(limit, suggestions, key=_rank)


def _rank(s: Suggestion) -> tuple:
    unknown = s.capacity is None or s.capacity <= 0
    share = Fraction(s.weighted_load, s.capacity) if not unknown else Fraction(0)
    return (
        -len(s.matched),
        s.over_capacity,
        unknown,  # why: a worker without a stated capacity cannot be compared; after those who have one
        share,
        s.weighted_load,
        s.worker.first_name,
        s.worker.last_name,
        s.worker.pk,
    )
