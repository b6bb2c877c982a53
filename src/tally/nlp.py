"""spaCy underneath: tokens, sentences and the keyword automata over the lexicons.

One blank English pipeline with a rule sentencizer: nothing is downloaded and no
statistical model is needed. Phrase matchers, built once from the data files, find trigger
words, actor aliases, source names and victim words in one pass over each document; only
sentences holding a trigger are analysed further.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from tally.lexicon import read_table, split_list


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of `triggers.tsv`."""

    phrase: str
    kind: str
    event_type: str
    sub_event_type: str
    method: str
    fatal: bool
    graphic: bool


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One row of `actors.tsv`."""

    name: str
    kind: str
    anaphor: bool


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One row of `sources.tsv`."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class VictimWord:
    """One row of `victims.tsv`."""

    word: str
    category: str
    child: bool
    woman: bool
    plural: bool


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon match: token and character offsets in the document, and what matched."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    entry: object


def _yes(cell: str) -> bool:
    return cell.strip().lower() == "yes"


def _is_capitalised_alias(alias: str) -> bool:
    """Aliases written in capitals (IS, ISIS, AP) are matched case-sensitively."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class Lexicons:
    """The data files as phrase matchers over one shared vocabulary."""

    def __init__(self, nlp: Language, data_dir: Path) -> None:
        self.triggers: dict[str, Trigger] = {}
        self.actors: dict[str, ActorEntry] = {}
        self.sources: dict[str, SourceEntry] = {}
        self.victims: dict[str, VictimWord] = {}
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._labels: dict[int, tuple[str, object]] = {}
        tokenize = nlp.make_doc

        def add(matcher: PhraseMatcher, label: str, phrase: str, entry: object) -> None:
            key = f"{label}:{phrase}"
            matcher.add(key, [tokenize(phrase)])
            self._labels[nlp.vocab.strings[key]] = (label, entry)

        for row in read_table(data_dir / "triggers.tsv"):
            trigger = Trigger(
                row["phrase"], row["kind"], row["event_type"], row["sub_event_type"],
                row["method"], _yes(row["fatal"]), _yes(row["graphic"]),
            )
            self.triggers[trigger.phrase] = trigger
            add(self._lower, "trigger", trigger.phrase, trigger)
        for row in read_table(data_dir / "actors.tsv"):
            actor = ActorEntry(row["name"], row["kind"], _yes(row["anaphor"]))
            for alias in split_list(row["aliases"]):
                matcher = self._exact if _is_capitalised_alias(alias) else self._lower
                add(matcher, "actor", alias, actor)
        for row in read_table(data_dir / "sources.tsv"):
            source = SourceEntry(row["name"], row["kind"])
            for alias in split_list(row["aliases"]):
                add(self._exact, "source", alias, source)
        for row in read_table(data_dir / "victims.tsv"):
            word = VictimWord(row["word"], row["category"], _yes(row["child"]), _yes(row["woman"]), _yes(row["plural"]))
            self.victims[word.word] = word
            add(self._lower, "victim", word.word, word)

    def hits(
        self, doc: Doc, *, text: str | None = None, starts: list[int] | None = None, tokens: list[str] | None = None,
    ) -> dict[str, list[Hit]]:
        """All matches in `doc`, by label, longest first where two overlap, in text order.

        `text` (the text `doc` was made from), `starts` (its tokens' character offsets) and
        `tokens` (`token_texts(doc)`) may be passed when the caller has them: offsets and
        texts are then read from lists, without building spaCy token and span objects.
        """
        found: dict[str, list[tuple[int, int, object]]] = {"trigger": [], "actor": [], "source": [], "victim": []}
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                label, entry = self._labels[match_id]
                found[label].append((start, end, entry))
        if text is None:
            text = doc.text
        if starts is None:
            starts = doc.to_array("IDX").tolist()
        if tokens is None:
            tokens = token_texts(doc)
        result: dict[str, list[Hit]] = {}
        for label, matches in found.items():
            hits = []
            for start, end, entry in _longest(matches):
                first, last = starts[start], starts[end - 1] + len(tokens[end - 1])
                hits.append(Hit(start, end, first, last, text[first:last], entry))
            result[label] = hits
        return result


def _longest(matches: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Drop matches inside a longer one ("suicide car bomb" over "car bomb")."""
    chosen: list[tuple[int, int, object]] = []
    taken: set[int] = set()
    for start, end, entry in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0])):
        if taken.isdisjoint(range(start, end)):
            chosen.append((start, end, entry))
            taken.update(range(start, end))
    return sorted(chosen, key=lambda m: m[0])


def sentence_bounds(doc: Doc, text: str | None = None, starts: list[int] | None = None) -> list[tuple[int, int]]:
    """Token ranges of the sentences: the sentencizer's, also split at every line break.

    Headlines and captions carry no full stop, so a line break ends a sentence too. Works
    on arrays of offsets rather than token objects: it runs on every document and must stay
    near the tokenizer's own cost. `text` (the text `doc` was made from) and `starts` (its
    tokens' character offsets) may be passed when the caller has them: `doc.text` rebuilds
    the text token by token.
    """
    count = len(doc)
    if count == 0:
        return []
    if text is None:
        text = doc.text
    if starts is None:
        starts = doc.to_array("IDX").tolist()
    boundaries = set(np.flatnonzero(doc.to_array(SENT_START) == 1).tolist())
    boundaries.add(0)
    position = text.find("\n")
    while position != -1:
        following = bisect_right(starts, position)
        while following < count and text[starts[following]].isspace():
            following += 1
        if following < count:
            boundaries.add(following)
        position = text.find("\n", position + 1)
    ordered = sorted(boundaries)
    return list(zip(ordered, ordered[1:] + [count]))


def token_texts(doc: Doc) -> list[str]:
    """The texts of a document's tokens, without building a Python object per token."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array("ORTH").tolist()]


class ArraySentencizer:
    """spaCy's rule-based sentencizer (`spacy.pipeline.Sentencizer` with its default
    punctuation), worked out on arrays of the tokens' attributes instead of token objects:
    the same sentence starts, at less than half the cost (it runs on every document).

    A sentence starts at the first token after sentence-final punctuation ("." "!" "?") that
    is no punctuation itself: that is, at a token that is not punctuation when such a mark
    stands between it and the previous token that is not punctuation.
    """

    def __init__(self, vocab) -> None:
        marks = {vocab.strings.add(mark) for mark in Sentencizer.default_punct_chars}
        self._marks = np.array(sorted(marks), dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        attrs = doc.to_array([ORTH, IS_PUNCT])
        orth = attrs[:, 0]
        at = np.searchsorted(self._marks, orth)
        at[at == len(self._marks)] = 0
        final = self._marks[at] == orth  # the token is a sentence-final mark
        words = np.flatnonzero(~final & (attrs[:, 1] == 0))
        marks_seen = np.cumsum(final)
        before = np.zeros(len(words), dtype=marks_seen.dtype)
        before[1:] = marks_seen[words[:-1]]
        flags = np.full(len(doc), -1, dtype=np.int64)
        flags[0] = 1
        flags[words[marks_seen[words] > before]] = 1
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype(np.uint64))
        return doc


@Language.factory("tally_sentencizer")
def _make_sentencizer(nlp: Language, name: str) -> ArraySentencizer:
    return ArraySentencizer(nlp.vocab)


def build_nlp() -> Language:
    """spaCy's blank English tokenizer and the rule-based sentencizer (`ArraySentencizer`,
    see `sentence_bounds`)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tally_sentencizer", name="sentencizer")
    return nlp
