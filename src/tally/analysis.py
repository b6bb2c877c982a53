"""One document, analysed once: sentences, lexicon hits, places, actors and attributions.

`Analysis` is what the event and claim extractors read. It is built by `Pipeline` and
holds nothing that outlives the document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from tally.actors import ActorMention
from tally.attributions import Link
from tally.dates import find_dates
from tally.nlp import Hit
from tally.quantities import find_quantities
from tally.records import Document, Place, Quantity, When


#: Share of capitalised words that marks a first line as a headline in title case.
HEADLINE_CAPITALS = 0.6


@dataclass(slots=True)
class Sentence:
    """A sentence of the document with everything found in it.

    `start`/`end` are character offsets in `document.text`, whitespace trimmed;
    `tok_start`/`tok_end` are token offsets in the spaCy `Doc`.
    """

    index: int
    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    paragraph: int
    triggers: list[Hit] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    victims: list[Hit] = field(default_factory=list)
    sources: list[Hit] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything the extractors read about one document."""

    document: Document
    doc: Doc
    sentences: list[Sentence]
    country: str | None  # the report's main country code
    country_name: str | None
    quantity_lexicon: object = None
    _quantities: dict[int, list[Quantity]] = field(default_factory=dict)
    _dates: dict[int, list[When]] = field(default_factory=dict)

    tokens: list[str] = field(default_factory=list)  # the token texts, in order
    starts: list[int] = field(default_factory=list)  # the tokens' character offsets, in order
    _claims: dict[int, bool] = field(default_factory=dict)
    #: `tally.cues.background` of each sentence, once decided (sentence index -> answer).
    backgrounds: dict[int, bool] = field(default_factory=dict)
    #: Each sentence's text with coders' remarks blanked (`report_text`), and whether it
    #: credits a figure to a party to the fighting (`credits_party`): index -> answer.
    _report_texts: dict[int, str] = field(default_factory=dict)
    _party_credits: dict[int, bool] = field(default_factory=dict)
    #: Answers the extractors work out once and ask for again (the whole report's suspected
    #: group, the dead of a set of sentences and triggers), keyed by the function that gives
    #: them and its arguments: see `tally.perpetrators.suspected_group`, `tally.tolls.deaths`.
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)

    def is_claim(self, sentence: Sentence) -> bool:
        """Whether a sentence states an aggregate claim (decided once per sentence)."""
        if sentence.index not in self._claims:
            from tally.claims import is_claim_sentence

            self._claims[sentence.index] = bool(sentence.triggers) and is_claim_sentence(self, sentence)
        return self._claims[sentence.index]

    def report_text(self, sentence: Sentence) -> str:
        """What a sentence says as report: its text with each coder's remark about the record
        blanked (`tally.cues.without_coder_remarks`, same length). Worked out once per sentence."""
        if sentence.index not in self._report_texts:
            from tally.cues import without_coder_remarks

            self._report_texts[sentence.index] = without_coder_remarks(sentence.text)
        return self._report_texts[sentence.index]

    def credits_party(self, sentence: Sentence) -> bool:
        """Whether `report_text` credits a figure to a party to the fighting
        (`tally.cues.party_claim`). Decided once per sentence."""
        if sentence.index not in self._party_credits:
            from tally.cues import party_claim

            self._party_credits[sentence.index] = party_claim(self.report_text(sentence))
        return self._party_credits[sentence.index]

    def is_headline(self, sentence: Sentence) -> bool:
        """The report's title line: given as its title, or a first line in title case."""
        if sentence.index != 0:
            return False
        if self.document.title and sentence.text == self.document.title:
            return True
        words = [w for w in sentence.text.split() if w[:1].isalpha()]
        capitalised = sum(w[:1].isupper() for w in words)
        return not sentence.text.endswith(".") and bool(words) and capitalised / len(words) >= HEADLINE_CAPITALS

    def quantities(self, sentence: Sentence) -> list[Quantity]:
        """The counts in a sentence (computed on first use)."""
        if sentence.index not in self._quantities:
            self._quantities[sentence.index] = find_quantities(
                sentence.text, offset=sentence.start, document_id=self.document.id, lexicon=self.quantity_lexicon
            )
        return self._quantities[sentence.index]

    def dates(self, sentence: Sentence) -> list[When]:
        """The dates in a sentence, resolved against the publication date (first use)."""
        if sentence.index not in self._dates:
            self._dates[sentence.index] = find_dates(
                sentence.text, self.document.published, offset=sentence.start, document_id=self.document.id
            )
        return self._dates[sentence.index]


#: How much a place votes for the report's main country, by ACLED precision. A region or
#: district (2, 3) is named on purpose and rarely shares its name with one abroad, so it
#: outweighs a town (1), which may be a foreign namesake of an unknown village ("Marki" of
#: "Marki Khel, Nangarhar" is also a Polish town); a country named outright (4) may be a
#: neighbour or a foreign actor's. Checked with `tally eval acled` (admin1 and location).
MAIN_COUNTRY_WEIGHTS = {1: 2, 2: 3, 3: 3, 4: 1}


def main_country(places: list[Place]) -> str | None:
    """The country most of a report's places lie in, weighted by `MAIN_COUNTRY_WEIGHTS`;
    ties go to the country named first."""
    weights: Counter[str] = Counter()
    for place in places:
        if place.country_code:
            weights[place.country_code] += MAIN_COUNTRY_WEIGHTS.get(place.precision, 1)
    if not weights:
        return None
    return weights.most_common(1)[0][0]
