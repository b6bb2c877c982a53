"""The extraction pipeline: a document in, its events and claims out.

`Pipeline` is built once from `Settings` (spaCy, the lexicons, the gazetteer) and reused
for every document; a worker on a cluster rebuilds it from the settings alone.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from tally.actors import country_label, home_country, load_homes, resolve_actors
from tally.analysis import Analysis, Sentence, main_country
from tally.attributions import find_links
from tally.claims import extract_claims
from tally.documents import make_document, parse_date
from tally.events import extract as extract_events
from tally.gazetteer import Gazetteer
from tally.nlp import Hit, Lexicons, build_nlp, sentence_bounds, token_texts
from tally.place_names import Token, tokens_of
from tally.place_scene import implied_country
from tally.places import countries_named, find_places, resolve
from tally.quantities import load_lexicon
from tally.records import Document, Extraction, Place
from tally.settings import Settings


class Pipeline:
    """Everything needed to analyse documents, loaded once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.nlp = build_nlp()
        self.lexicons = Lexicons(self.nlp, self.settings.data_dir)
        self.gazetteer = Gazetteer.load(self.settings)
        self.quantity_lexicon = load_lexicon(self.settings.data_dir)
        self._homes = load_homes(self.settings.data_dir)
        self._home_code_cache: dict[str, str | None] = {}

    def _home_codes(self, actor_hits) -> set[str]:
        """Countries of the named actors a report names ("Boko Haram": Nigeria), as a hint.

        A note on a raid by a group with one home country rarely names that country; without
        the hint a village's name finds its namesake abroad.
        """
        home = home_country((hit.entry.name for hit in actor_hits), self._homes)
        if home is None:
            return set()
        if home not in self._home_code_cache:
            entries = [e for e in self.gazetteer.lookup(home) if e.feature == "country"]
            self._home_code_cache[home] = entries[0].country_code if entries else None
        code = self._home_code_cache[home]
        return {code} if code else set()

    def _implied_places(self, code: str, document: Document, words: list[Token], actor_hits: list[Hit]) -> list[Place]:
        """A report naming no place is coded at the capital of the one country its
        nationalities or actors imply (`tally.place_scene.implied_country`), as ACLED codes it."""
        spans = [(h.start_char, h.end_char) for h in actor_hits if self._home_codes([h]) == {code}]
        place = implied_country(code, self.gazetteer, document.text, words, spans, document.id)
        return [place] if place else []

    def extract(self, document: Document) -> Extraction:
        """The events and claims of one document."""
        analysis = self.analyse(document)
        events, claim_sentences, follow_ups = extract_events(analysis)
        claims = extract_claims(analysis, claim_sentences, follow_ups)
        return Extraction(document, tuple(events), tuple(claims))

    def extract_many(self, documents: list[Document]) -> list[Extraction]:
        """`extract` over many documents, tokenising them in one spaCy batch."""
        docs = self.nlp.pipe(d.text for d in documents)
        return [self._extract_doc(document, doc) for document, doc in zip(documents, docs)]

    def _extract_doc(self, document: Document, doc) -> Extraction:
        analysis = self._analyse_doc(document, doc)
        events, claim_sentences, follow_ups = extract_events(analysis)
        claims = extract_claims(analysis, claim_sentences, follow_ups)
        return Extraction(document, tuple(events), tuple(claims))

    def analyse(self, document: Document) -> Analysis:
        """Sentences, lexicon hits, places, actors and attributions of one document."""
        return self._analyse_doc(document, self.nlp(document.text))

    def _analyse_doc(self, document: Document, doc) -> Analysis:
        starts = doc.to_array("IDX").tolist()
        sentences = _sentences(document, doc, starts)
        tokens = token_texts(doc)
        hits = self.lexicons.hits(doc, text=document.text, starts=starts, tokens=tokens)
        words = tokens_of(document.text, self.gazetteer.connectors)
        mentions = find_places(document.text, self.gazetteer, document_id=document.id, tokens=words)
        named = [(h.start_char, h.end_char) for label in ("actor", "source") for h in hits[label]]
        # "Boko" in "Boko Haram" is a group's name, not the village of that name.
        mentions = [m for m in mentions if not any(a < m.span.end and m.span.start < b for a, b in named)]
        hint = countries_named(document.text, self.gazetteer, tokens=words) | self._home_codes(hits["actor"])
        places = [p for p in resolve(mentions, countries_hint=hint) if p is not None]
        if not places and len(hint) == 1:
            places = self._implied_places(next(iter(hint)), document, words, hits["actor"])
        code = main_country(places)
        if code:
            if code not in hint and any(p.country_code != code for p in places):
                # Names read again knowing the report's country: "Tripoli" beside Libyan towns.
                places = [p for p in resolve(mentions, countries_hint=hint | {code}) if p is not None]
            # A same-named village abroad is a commoner error than a cross-border event.
            places = [p for p in places if p.precision > 2 or p.country_code == code]
        country_entry = self.gazetteer.country(code) if code else None
        name = country_label(code, {code: country_entry.name} if (code and country_entry) else {})
        actors = resolve_actors(hits["actor"], tokens, document.id, name)
        _assign(sentences, hits, actors, places)
        for sentence in sentences:
            if sentence.sources or "according to" in sentence.text or "citing" in sentence.text:
                sentence.links = find_links(sentence.text, sentence.start, sentence.sources, document.id)
        return Analysis(document, doc, sentences, code, name, self.quantity_lexicon, tokens=tokens, starts=starts)


def _sentences(document: Document, doc, starts: list[int]) -> list[Sentence]:
    """The document's sentences with whitespace trimmed, numbered, with their paragraph;
    `starts`: the character offsets of `doc`'s tokens."""
    sentences: list[Sentence] = []
    text = document.text
    paragraph = 0
    for tok_start, tok_end in sentence_bounds(doc, text, starts):
        first = starts[tok_start]
        last = starts[tok_end] if tok_end < len(starts) else len(text)
        raw = text[first:last]
        stripped = raw.strip()
        if not stripped:
            continue
        start = first + (len(raw) - len(raw.lstrip()))
        if sentences and "\n\n" in text[sentences[-1].end:start]:
            paragraph += 1
        sentences.append(Sentence(len(sentences), start, start + len(stripped), tok_start, tok_end, stripped, paragraph))
    return sentences


def _assign(sentences: list[Sentence], hits, actors, places: list[Place]) -> None:
    """Put each hit, actor mention and place into the sentence that holds it."""
    def at_token(token: int) -> Sentence | None:
        for sentence in sentences:
            if sentence.tok_start <= token < sentence.tok_end:
                return sentence
        return None

    def at_char(char: int) -> Sentence | None:
        for sentence in sentences:
            if sentence.start <= char < sentence.end:
                return sentence
        return None

    for label, attribute in (("trigger", "triggers"), ("victim", "victims"), ("source", "sources")):
        for hit in hits[label]:
            sentence = at_token(hit.start)
            if sentence:
                getattr(sentence, attribute).append(hit)
    for mention in actors:
        sentence = at_token(mention.token_start)
        if sentence:
            sentence.actors.append(mention)
    for place in places:
        sentence = at_char(place.span.start) if place.span else None
        if sentence:
            sentence.places.append(place)


@lru_cache(maxsize=4)
def default_pipeline(settings: Settings) -> Pipeline:
    """One shared pipeline per settings (building one costs about a second)."""
    return Pipeline(settings)


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Extraction:
    """Analyse one report given as text: its events and claims, nothing stored.

    `published` is the report's publication date; relative dates ("in May", "last month")
    stay unresolved without it.
    """
    if isinstance(published, str):
        published = parse_date(published, "published")
    document = make_document(text, title=title, published=published, origin="<text>")
    return default_pipeline(settings or Settings.from_env()).extract(document)
