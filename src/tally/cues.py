"""Cue words that change what a trigger means: pleas, denials, threats, history, generic talk.

"urges the coalition to stop airstrikes" reports a plea, not a strike; "execution videos" are
videos; "threatened to kill" is a threat; "in 1988 ... killed" is history. These checks run
on every trigger before it can become an event or a claim.
"""

from __future__ import annotations

import datetime as dt
import re

from tally.analysis import Analysis, Sentence
from tally.nlp import Hit

#: How far back (tokens) a plea, threat or negation reaches to its trigger. Calibrated on
#: the seed ("urges the United States-led coalition to stop airstrikes": 1 token after "stop")
#: and examples/22 (a charity's plea); 6 keeps "called for an end to the shelling" in reach.
CUE_WINDOW = 6

_PLEA = {"stop", "halt", "end", "cease", "ban", "banned", "banning", "bans", "prevent", "condemn", "condemned",
         "condemns", "condemning", "denounced", "against", "avoid", "spare", "protect", "investigate",
         "investigation", "inquiry", "accountability", "sharing", "share"}
_IRREALIS = {"threatened", "threatens", "threaten", "would", "could", "might", "may", "plans", "plan", "planned",
             "vowed", "vows", "warned", "warns", "risk", "fear", "feared", "fears", "if", "unless", "possible",
             "potential", "prevent", "avert", "rehearsed", "drills", "training"}
#: Words before "fighting" or "shelling" that make it the cause of flight, not a new event.
_FLIGHT = {"fled", "fleeing", "flee", "flees", "escaped", "escaping", "displaced", "uprooted", "during"}
_NEGATION = {"no", "not", "never", "denied", "denies", "deny", "without", "nobody", "none"}
_MEDIA_NOUNS = {"video", "videos", "footage", "images", "photos", "photographs", "clip", "clips", "propaganda",
                "campaign", "drill", "drills", "threat", "threats", "charges", "charge", "case", "trial",
                "law", "laws", "policy", "warning", "warnings", "capability", "capabilities"}
_HISTORY = re.compile(
    r"\b(?:decades? ago|years ago|centur(?:y|ies) ago|in the (?:19|20)\d0s|during the (?:19|20)\d\d|"
    r"civil war of|during the (?:\w+ )?war|anniversary|commemorat\w*|remembered|history|historical|in the past,)\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"\b(?:calls its|main targets include|is known for|are known for|has a history of|routinely|"
    r"typically|usually|often|is preparing them|wants to establish|"
    r"has gained control|is an offshoot|continued to carry out|have continued to|has continued to|"
    r"had not stopped|has not stopped|number of deaths)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")

#: How far back (tokens) a negation reaches an act: "did not report any new attack" is 4.
NEGATION_WINDOW = 4

#: A year this far before publication marks a sentence as history, not news.
HISTORY_YEARS = 2


def suppressed(analysis: Analysis, sentence: Sentence, trigger: Hit) -> bool:
    """True when the trigger does not report an act that happened (plea, threat, media noun...)."""
    tokens = analysis.tokens
    before = [t.lower() for t in tokens[max(sentence.tok_start, trigger.start - CUE_WINDOW):trigger.start]]
    after = tokens[trigger.end].lower() if trigger.end < len(tokens) and trigger.end < sentence.tok_end else ""
    if after in _MEDIA_NOUNS:
        return True
    if any(word in _PLEA or word in _FLIGHT for word in before):
        return True
    if any(word in _IRREALIS for word in before[-4:]):
        return True
    if trigger.entry.kind == "act" and any(word in _NEGATION for word in before[-NEGATION_WINDOW:]):  # type: ignore[attr-defined]
        return True
    return False


def negated(analysis: Analysis, sentence: Sentence, trigger: Hit) -> bool:
    """"no one was killed", "no casualties": a denial of deaths, not a report of them."""
    tokens = analysis.tokens
    before = [t.lower() for t in tokens[max(sentence.tok_start, trigger.start - 4):trigger.start]]
    return any(word in _NEGATION for word in before)


def background(analysis: Analysis, sentence: Sentence) -> bool:
    """True for history paragraphs and generic statements about a group."""
    text = sentence.text
    if _GENERIC.search(text) or _HISTORY.search(text):
        return True
    published = analysis.document.published
    if published is not None:
        years = [int(y) for y in _YEAR.findall(text)]
        if years and max(years) <= published.year - HISTORY_YEARS:
            return True
    return False


def day_gap(a: dt.date | None, b: dt.date | None) -> int | None:
    """Days between two dates, None when either is unknown."""
    if a is None or b is None:
        return None
    return abs((a - b).days)
