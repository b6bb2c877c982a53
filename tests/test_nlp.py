"""Tests for tally.nlp: the sentencizer and the lexicon matches over spaCy's tokens."""

from __future__ import annotations

import pytest
import spacy

from tally.nlp import Lexicons, build_nlp, sentence_bounds, token_texts
from tally.settings import Settings

#: Texts where spaCy's sentencizer has choices to make: marks in a row, marks opening or
#: closing the text, quotes and brackets after a full stop, marks of other scripts, no mark.
TRICKY_TEXTS = [
    "", ".", "...", "!?", "a", "a?", "?a", "Hello.", ". Hello", "a. b. c",
    "\u201cHi.\u201d he said. OK", "x ! ! y", "\n\n", " . ", "Mr. Smith went. Then? Yes!! No...",
    "Gunmen killed 3 (local sources said 4). Police arrived.", "\u06d4 foo \u06d4 bar", "one line\nanother line",
    "Headline in Title Case\n\nOn 3 May, 2 people died. \"It was sad.\" (AFP)",
]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_sentence_starts_are_spacys_own(nlp, text: str) -> None:
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    expected, doc = reference(text), nlp(text)
    assert doc.to_array("SENT_START").tolist() == expected.to_array("SENT_START").tolist()
    if len(doc):
        assert [s.text for s in doc.sents] == [s.text for s in expected.sents]


def test_sentences_split_at_full_stops_and_line_breaks(nlp) -> None:
    text = "Gunmen killed 3. Police arrived!\nA second line"
    doc = nlp(text)
    sentences = [doc[a:b].text.strip() for a, b in sentence_bounds(doc, text)]
    # The line break is a token of its own, after the "!" (the pipeline drops blank sentences).
    assert [s for s in sentences if s] == ["Gunmen killed 3.", "Police arrived!", "A second line"]


def test_hits_read_from_offsets_are_those_read_from_tokens(nlp) -> None:
    lexicons = Lexicons(nlp, Settings.from_env().data_dir)
    text = "Boko Haram gunmen killed 5 villagers in Borno, police said.  Suicide car bomb hit   IS fighters."
    doc = nlp(text)
    starts = doc.to_array("IDX").tolist()
    from_lists = lexicons.hits(doc, text=text, starts=starts, tokens=token_texts(doc))
    from_doc = lexicons.hits(doc)
    assert from_lists == from_doc
    assert [h.text for h in from_doc["trigger"]]
    for hits in from_doc.values():
        for hit in hits:
            assert text[hit.start_char:hit.end_char] == hit.text == doc[hit.start:hit.end].text
