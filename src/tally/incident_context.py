"""The word tables incident resolution reads, and what a report says beyond town and day.

Two bombings in one city on one day differ first in what was hit (a wedding hall and a staff
minibus) and when (morning and evening); `tally.incidents` weighs both when it decides
whether two reports describe one happening. The phrases come from `data/incident_context.tsv`;
method families and generic methods from `data/method_families.tsv`, victim words that
never contradict from `data/victim_generic_words.tsv`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from tally.lexicon import read_table
from tally.settings import DATA_DIR
from tally.text import fold

CONTEXT_FILE = "incident_context.tsv"
METHOD_FAMILIES_FILE = "method_families.tsv"
GENERIC_VICTIM_WORDS_FILE = "victim_generic_words.tsv"
#: Parts of the day, in order around the clock (night is next to dawn).
DAY_PARTS = ("dawn", "morning", "afternoon", "evening", "night")
#: "7:30 a.m.", "8 p.m.", "10am": an hour and its half of the day.
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.]\d{2})?\s*([ap])\.?m\b\.?", re.IGNORECASE)
#: First hour of each part of the day (dawn 4-6, morning 6-12, afternoon 12-17, evening 17-21).
_PART_STARTS = ((4, 0), (6, 1), (12, 2), (17, 3), (21, 4))


@dataclass(frozen=True)
class ContextWords:
    """Target and part-of-day phrases (`incident_context.tsv`), as one longest-first pattern."""

    values: Mapping[str, tuple[str, str]]  # folded phrase -> (kind, value)
    pattern: re.Pattern[str]

    def find(self, text: str) -> tuple[frozenset[str], frozenset[int]]:
        """The target classes and the parts of the day (indexes of `DAY_PARTS`) `text` names."""
        targets: set[str] = set()
        parts: set[int] = set()
        for match in self.pattern.finditer(fold(text)):
            kind, value = self.values[match.group(0)]
            if kind == "target":
                targets.add(value)
            elif value in DAY_PARTS:
                parts.add(DAY_PARTS.index(value))
        for clock in _CLOCK.finditer(text):
            hour = int(clock.group(1))
            if hour <= 12:
                parts.add(day_part(hour % 12 + (12 if clock.group(2).lower() == "p" else 0)))
        return frozenset(targets), frozenset(parts)


def day_part(hour: int) -> int:
    """The part of the day (index of `DAY_PARTS`) an hour 0-23 falls in."""
    part = len(DAY_PARTS) - 1  # before 4 a.m.: night
    for start, index in _PART_STARTS:
        if hour >= start:
            part = index
    return part


def day_parts_apart(a: int, b: int) -> int:
    """Parts of the day between two parts, around the clock (night and dawn are adjacent)."""
    gap = abs(a - b)
    return min(gap, len(DAY_PARTS) - gap)


def read_context_words(data_dir: Path = DATA_DIR) -> ContextWords:
    """Target and time phrases from `data_dir/incident_context.tsv`."""
    values = {fold(row["phrase"]): (row["kind"], row["value"]) for row in read_table(data_dir / CONTEXT_FILE)}
    alternatives = "|".join(re.escape(p) for p in sorted(values, key=len, reverse=True))
    return ContextWords(MappingProxyType(values), re.compile(rf"\b(?:{alternatives})\b"))


def read_generic_methods(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """Methods marked `generic` in `method_families.tsv` (folded): they contradict nothing."""
    table = read_table(data_dir / METHOD_FAMILIES_FILE)
    return frozenset(fold(row["method"]) for row in table if row.get("generic", "").lower() == "yes")


def read_generic_victim_words(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """Victim-description words that never contradict, from `victim_generic_words.tsv`."""
    return frozenset(fold(row["word"]) for row in read_table(data_dir / GENERIC_VICTIM_WORDS_FILE))


def read_method_families(data_dir: Path = DATA_DIR) -> Mapping[str, str]:
    """Method families from `data_dir/method_families.tsv`, keyed by folded method."""
    table = read_table(data_dir / METHOD_FAMILIES_FILE)
    return MappingProxyType({fold(row["method"]): fold(row["family"]) for row in table})
