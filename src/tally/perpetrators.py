"""Perpetrators: which of the actors a sentence names did the act it reports.

An actor counts as a perpetrator when it stands in the agent's place: not as what was hit
("killed five soldiers", "strikes on IS positions"), not as the one who only speaks ("the
army said"), not inside a source's name or description.
"""

from __future__ import annotations

from tally.actors import ActorMention, dominant_group
from tally.analysis import Analysis, Sentence
from tally.nlp import Hit
from tally.records import Actor
from tally.victims import is_passive


def perpetrators_of(
    analysis: Analysis, sentences: list[Sentence], triggers: list[Hit], sub_event_type: str | None
) -> tuple[tuple[Actor, ...], list[tuple[int, int]]]:
    """Actors in the agent's place, and their token ranges (which victims may not use).

    Falls back to the report's dominant group for acts a report shows without naming who
    did them (a group's own video of its members at work).
    """
    chosen: list[ActorMention] = []
    source_chars = [(h.start_char, h.end_char) for s in sentences for h in s.sources]
    for sentence in sentences:
        acts = [t for t in triggers if sentence.tok_start <= t.start < sentence.tok_end]
        for mention in sentence.actors:
            if mention.actor.span and any(a <= mention.actor.span.start < b for a, b in source_chars):
                continue
            if _is_target(analysis, mention, acts) or _is_speaker(analysis, mention):
                continue
            chosen.append(mention)
    named = [m for m in chosen if m.actor.kind != "rebel_group" or not m.actor.name.startswith("Unidentified")]
    if any(m.named and not m.actor.name.startswith("Unidentified") for m in named):
        chosen = [m for m in chosen if not m.actor.name.startswith("Unidentified")]
    tokens = [(m.token_start, m.token_end) for m in chosen]
    actors = _unique(m.actor for m in chosen)
    if not actors and sub_event_type in (None, "Attack", "Abduction/forced disappearance"):
        group = dominant_group([m for s in analysis.sentences for m in s.actors])
        if group is not None:
            actors = (group,)
    return actors, tokens


_SPEECH = {"said", "says", "say", "told", "stated", "claimed", "announced", "reported", "added"}


def _is_speaker(analysis: Analysis, mention: ActorMention) -> bool:
    """"The army said in a statement ...": the one who speaks is a source, not an agent."""
    following = analysis.tokens[mention.token_end:mention.token_end + 2]
    return any(word.lower() in _SPEECH for word in following)


def _is_target(analysis: Analysis, mention: ActorMention, acts: list[Hit]) -> bool:
    """An actor named as what was hit ("killed five soldiers", "strikes on IS positions")."""
    tokens = analysis.tokens
    previous = tokens[mention.token_start - 1].lower() if mention.token_start else ""
    if previous in {"on", "against", "targeting", "targeted", "at", "hit", "struck"}:
        return True
    for act in acts:
        if act.entry.kind in {"act", "kill"} and not is_passive(analysis, act):  # type: ignore[attr-defined]
            gap = mention.token_start - act.end
            if 0 <= gap <= 3 and not any(t in {"by", ",", "and"} for t in tokens[act.end:mention.token_start]):
                return True
        elif act.entry.kind in {"act", "kill"} and 0 <= act.start - mention.token_end <= 4:  # type: ignore[attr-defined]
            return True
    return False


def _unique(actors) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.name, actor)
    return tuple(seen.values())
