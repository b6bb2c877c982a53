"""Tests for tally.duplicates: syndicated copies found, different reports kept apart."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from tally.duplicates import (
    SIGNATURE_BYTES,
    SIMILARITY_THRESHOLD,
    DuplicateIndex,
    signature,
    similarity,
)
from tally.errors import InputError

MARKET_HEADLINE = "Car bomb kills 20 at Baquba vegetable market"
MARKET_PARAGRAPHS = (
    "BAQUBA, Iraq, March 4 - A car bomb exploded in a crowded vegetable market in the "
    "eastern Iraqi city of Baquba on Tuesday morning, killing at least 20 people and "
    "wounding 45 others, police and hospital officials said.",
    "The car, parked beside a row of fruit stalls near the main bus station, blew up at "
    "about 9 a.m. as traders were setting out their goods and families were buying food "
    "for the day, a police captain told reporters at the scene.",
    "Ambulances carried the wounded to Baquba General Hospital, where a doctor said that "
    "several of the injured were in critical condition and that the death toll could rise. "
    "Women and two children were among the dead, he said.",
    "No group immediately claimed responsibility for the attack. Security forces closed "
    "the roads into the city centre and began searching vehicles at the entrances to the "
    "market district.",
    "The provincial governor called the bombing a cowardly crime against innocent people "
    "and ordered an investigation into how the car had passed through two checkpoints "
    "on its way into the centre of the city.",
)
COPY_HEADLINE = "Market bombing in Diyala city leaves dozens of casualties"

CHECKPOINT_HEADLINE = "Gunmen kill two soldiers at checkpoint near Baquba"
CHECKPOINT_PARAGRAPHS = (
    "BAQUBA, Iraq, March 4 - Gunmen opened fire on an army checkpoint on the northern "
    "edge of Baquba on Tuesday evening, killing two soldiers and wounding three others, "
    "an army officer said.",
    "The attackers drove up to the checkpoint in a pickup truck shortly after sunset, "
    "fired on the soldiers with automatic rifles and escaped into nearby orchards before "
    "reinforcements arrived, the officer told reporters.",
    "The wounded soldiers were taken to Baquba General Hospital. A hospital official said "
    "that all three were in a stable condition and were expected to recover.",
    "The shooting came hours after a car bomb killed at least 20 people in a market in the "
    "city centre. No group claimed responsibility for either attack, and security forces "
    "began searching the orchards around the city.",
    "The provincial governor ordered extra troops to the checkpoints on the roads into "
    "Baquba and said that those behind the day's attacks would be brought to justice.",
)


def _doc(headline: str, paragraphs: tuple[str, ...]) -> str:
    return headline + "\n\n" + "\n\n".join(paragraphs)


ORIGINAL = _doc(MARKET_HEADLINE, MARKET_PARAGRAPHS)
COPY_ONE_TRIMMED = _doc(COPY_HEADLINE, MARKET_PARAGRAPHS[:3] + MARKET_PARAGRAPHS[4:])
COPY_TWO_TRIMMED = _doc(COPY_HEADLINE, MARKET_PARAGRAPHS[:3])
OTHER_ATTACK = _doc(CHECKPOINT_HEADLINE, CHECKPOINT_PARAGRAPHS)


def _random_documents(count: int, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(3000)]
    return {f"doc-{i:04d}": " ".join(rng.choices(vocabulary, k=200)) for i in range(count)}


def test_copy_with_new_headline_and_trimmed_paragraph_is_found() -> None:
    index = DuplicateIndex()
    index.add("original", signature(ORIGINAL))
    assert index.find(signature(COPY_ONE_TRIMMED)) == "original"
    assert index.find(signature(COPY_TWO_TRIMMED)) == "original"


def test_different_report_same_town_same_day_is_not_found() -> None:
    index = DuplicateIndex()
    index.add("original", signature(ORIGINAL))
    assert index.find(signature(OTHER_ATTACK)) is None
    assert similarity(signature(ORIGINAL), signature(OTHER_ATTACK)) < 0.2


def test_threshold_separates_copies_from_other_reports() -> None:
    original = signature(ORIGINAL)
    assert similarity(original, signature(COPY_ONE_TRIMMED)) >= SIMILARITY_THRESHOLD + 0.1
    assert similarity(original, signature(COPY_TWO_TRIMMED)) >= SIMILARITY_THRESHOLD
    assert similarity(original, signature(OTHER_ATTACK)) < SIMILARITY_THRESHOLD - 0.3


def test_case_quotes_and_punctuation_do_not_matter() -> None:
    shouted = ORIGINAL.upper().replace("'", "\u2019").replace(",", " ;")
    assert signature(shouted) == signature(ORIGINAL)


def test_signature_round_trips_through_bytes() -> None:
    sig = signature(ORIGINAL)
    assert isinstance(sig, bytes) and len(sig) == SIGNATURE_BYTES
    stored = bytes(bytearray(sig))  # as read back from a database column
    index = DuplicateIndex()
    index.add("original", stored)
    assert index.find(sig) == "original"
    assert similarity(stored, sig) == 1.0


def test_signature_is_the_same_in_another_process() -> None:
    code = (
        "import sys; from tally.duplicates import signature; "
        "sys.stdout.write(signature(sys.stdin.read()).hex())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=ORIGINAL, capture_output=True, text=True, check=True
    )
    assert bytes.fromhex(result.stdout) == signature(ORIGINAL)


def test_short_text_has_a_signature_and_empty_text_is_refused() -> None:
    assert signature("Two killed") == signature("two KILLED.")
    assert signature("Two killed") != signature("Three killed")
    with pytest.raises(InputError, match="no words"):
        signature(" ... ")


def test_malformed_signature_is_refused_with_the_document_named() -> None:
    index = DuplicateIndex()
    with pytest.raises(InputError, match="doc-7.*12 bytes"):
        index.add("doc-7", b"\x00" * 12)
    with pytest.raises(InputError, match="query"):
        index.find(b"")


def test_most_similar_wins_and_ties_go_to_the_smallest_id() -> None:
    index = DuplicateIndex()
    index.add("z-copy", signature(COPY_TWO_TRIMMED))
    index.add("m-copy", signature(COPY_ONE_TRIMMED))
    assert index.find(signature(ORIGINAL)) == "m-copy"
    index.add("b-same", signature(COPY_ONE_TRIMMED))
    index.add("a-other", signature(OTHER_ATTACK))
    assert index.find(signature(ORIGINAL)) == "b-same"


def test_adding_an_id_again_replaces_its_signature() -> None:
    index = DuplicateIndex()
    index.add("doc", signature(ORIGINAL))
    index.add("doc", signature(OTHER_ATTACK))
    assert len(index) == 1 and "doc" in index
    assert index.find(signature(ORIGINAL)) is None
    assert index.find(signature(OTHER_ATTACK)) == "doc"


def test_index_of_two_thousand_documents() -> None:
    documents = _random_documents(2000, seed=7)
    index = DuplicateIndex()
    for document_id, text in documents.items():
        index.add(document_id, signature(text))
    index.add("original", signature(ORIGINAL))
    assert index.find(signature(COPY_ONE_TRIMMED)) == "original"
    assert index.find(signature(OTHER_ATTACK)) is None
    for document_id in ("doc-0000", "doc-0999", "doc-1999"):
        words = documents[document_id].split()
        trimmed = " ".join(["Breaking:"] + words[:60] + words[100:])
        assert index.find(signature(trimmed)) == document_id
    unrelated = _random_documents(20, seed=8)
    assert all(index.find(signature(text)) is None for text in unrelated.values())
