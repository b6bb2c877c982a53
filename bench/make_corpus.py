"""Generate a synthetic corpus of news-length conflict reports, for throughput benchmarks.

About 60% of the reports describe one or two violent events (varied types, perpetrators,
real towns, counts in digits, words or vague words); the rest carry no event (politics,
economy, aid, diplomacy, history), some of them mentioning violence in passing. Filler
paragraphs bring every report to 250-700 words. The templates are written for this file.

Standard library only; the same `n` and `seed` always give the same corpus.

    python bench/make_corpus.py --n 1000 --out bench/out/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from typing import NamedTuple

#: Word-count bounds of a report's text, chosen to match agency copy (250-700 words).
MIN_WORDS = 250
MAX_WORDS = 700
#: Each report aims for a length drawn from this range, inside the bounds: a filler paragraph
#: (40-60 words) added past the target still leaves the text under MAX_WORDS.
TARGET_WORDS = (MIN_WORDS + 20, MAX_WORDS - 60)
#: Share of reports with at least one event; ACLED-like feeds run at roughly 60%.
EVENT_SHARE = 0.6
#: Share of event reports that describe a second, separate event.
SECOND_EVENT_SHARE = 0.3
#: Share of reports with no publication date, as in scraped pages that lack one.
UNDATED_SHARE = 0.05
#: Publication dates are drawn from this span.
FIRST_DAY = dt.date(2014, 1, 1)
LAST_DAY = dt.date(2023, 12, 31)


class Country(NamedTuple):
    """Where reports are set: real towns (name, the admin area with its unit), armed groups, state forces."""

    name: str
    towns: tuple[tuple[str, str], ...]
    groups: tuple[str, ...]
    army: str
    air_force: str
    police: str
    capital: str


COUNTRIES: tuple[Country, ...] = (
    Country("Iraq", (("Mosul", "Nineveh province"), ("Kirkuk", "Kirkuk province"),
                     ("Ramadi", "Anbar province"), ("Baqubah", "Diyala province"),
                     ("Samarra", "Salahuddin province"), ("Nasiriyah", "Dhi Qar province"),
                     ("Haditha", "Anbar province"), ("Sinjar", "Nineveh province")),
            ("Islamic State", "Asaib Ahl al-Haq"), "the Iraqi army", "the Iraqi Air Force",
            "Iraqi security forces", "Baghdad"),
    Country("Syria", (("Idlib", "Idlib province"), ("Saraqib", "Idlib province"),
                      ("Manbij", "Aleppo province"), ("Deir ez-Zor", "Deir ez-Zor province"),
                      ("Tadmur", "Homs province"), ("Raqqa", "Raqqa province"),
                      ("Al-Mayadin", "Deir ez-Zor province"), ("Daraa", "Daraa province")),
            ("Islamic State", "Hayat Tahrir al-Sham", "the Syrian Democratic Forces"),
            "the Syrian army", "the Syrian Arab Air Force", "Syrian security forces", "Damascus"),
    Country("Afghanistan", (("Kunduz", "Kunduz province"), ("Ghazni", "Ghazni province"),
                            ("Gardez", "Paktia province"), ("Farah", "Farah province"),
                            ("Kandahar", "Kandahar province"), ("Herat", "Herat province"),
                            ("Lashkar Gah", "Helmand province")),
            ("the Taliban", "Islamic State Khorasan Province"), "the Afghan army",
            "the Afghan Air Force", "Afghan police", "Kabul"),
    Country("Nigeria", (("Maiduguri", "Borno State"), ("Damboa", "Borno State"),
                        ("Gwoza", "Borno State"), ("Dikwa", "Borno State"), ("Biu", "Borno State"),
                        ("Monguno", "Borno State"), ("Mubi", "Adamawa State"),
                        ("Damaturu", "Yobe State"), ("Geidam", "Yobe State"),
                        ("Gusau", "Zamfara State"), ("Kaura Namoda", "Zamfara State"),
                        ("Funtua", "Katsina State")),
            ("Boko Haram", "Islamic State West Africa Province", "armed bandits"),
            "the Nigerian army", "the Nigerian Air Force", "Nigerian police", "Abuja"),
    Country("Mali", (("Mopti", "the Mopti region"), ("Douentza", "the Mopti region"),
                     ("Timbuktu", "the Timbuktu region"), ("Kidal", "the Kidal region"),
                     ("Niono", "the Segou region"), ("Segou", "the Segou region")),
            ("JNIM", "Islamic State Sahel Province"), "the Malian army", "the Malian Air Force",
            "Malian police", "Bamako"),
    Country("Burkina Faso", (("Djibo", "the Sahel region"), ("Dori", "the Sahel region"),
                             ("Kaya", "the Centre-Nord region"), ("Ouahigouya", "the Nord region"),
                             ("Fada N'gourma", "the Est region"),
                             ("Tenkodogo", "the Centre-Est region")),
            ("JNIM", "Islamic State Sahel Province"), "the Burkinabe army",
            "the Burkina Faso Air Force", "Burkinabe police", "Ouagadougou"),
    Country("Somalia", (("Baidoa", "the Bay region"), ("Kismayo", "the Lower Juba region"),
                        ("Beledweyne", "the Hiran region"), ("Afgooye", "the Lower Shabelle region"),
                        ("Marka", "the Lower Shabelle region"), ("Jilib", "the Middle Juba region"),
                        ("Baardheere", "the Gedo region")),
            ("al-Shabaab",), "the Somali National Army", "the United States Air Force",
            "Somali police", "Mogadishu"),
    Country("Yemen", (("Taiz", "Taiz governorate"), ("Aden", "Aden governorate"),
                      ("Ataq", "Shabwa governorate"), ("Marib", "Marib governorate"),
                      ("Saada", "Saada governorate")),
            ("Houthi forces", "al-Qaeda in the Arabian Peninsula"), "Yemeni government forces",
            "the Royal Saudi Air Force", "Yemeni security forces", "Sanaa"),
    Country("DR Congo", (("Beni", "North Kivu province"), ("Butembo", "North Kivu province"),
                         ("Bunia", "Ituri province"), ("Rutshuru", "North Kivu province"),
                         ("Djugu", "Ituri province"), ("Uvira", "South Kivu province"),
                         ("Kalemie", "Tanganyika province")),
            ("the Allied Democratic Forces", "CODECO", "the M23"), "the Congolese army",
            "the Congolese Air Force", "Congolese police", "Kinshasa"),
    Country("Myanmar", (("Lashio", "Shan State"), ("Myitkyina", "Kachin State"),
                        ("Monywa", "Sagaing Region"), ("Shwebo", "Sagaing Region"),
                        ("Hakha", "Chin State"), ("Loikaw", "Kayah State"),
                        ("Kyaukme", "Shan State"), ("Tamu", "Sagaing Region")),
            ("the Kachin Independence Army", "the Ta'ang National Liberation Army",
             "a local People's Defence Force"), "the Myanmar army", "the Myanmar Air Force",
            "Myanmar police", "Naypyitaw"),
)

SOURCES = (
    "a local official", "the governor", "a spokesman for the army",
    "a medical source at the main hospital", "residents", "a police spokesman",
    "a local monitoring group", "two witnesses", "the district administrator",
    "an official who asked not to be named",
)
VICTIMS = ("civilians", "villagers", "people", "farmers", "traders", "worshippers", "passengers")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: Death tolls drawn for events: mostly small, a few large, as in ACLED event data; never 1,
#: because the templates speak of the dead in the plural.
KILLED_COUNTS = (2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 20, 23, 25, 30, 36, 40)
#: First words of event leads that are not proper names, lower-cased after "In a separate incident,".
COMMON_OPENERS = frozenset({"A", "An", "Armed", "Artillery", "Fighters", "Fighting"})
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

#: Groups that use suicide bombers and public executions; other templates take any armed group.
JIHADIST_GROUPS = frozenset({
    "Islamic State", "Hayat Tahrir al-Sham", "the Taliban", "Islamic State Khorasan Province",
    "Boko Haram", "Islamic State West Africa Province", "JNIM", "Islamic State Sahel Province",
    "al-Shabaab", "al-Qaeda in the Arabian Peninsula",
})
#: Groups that raid and kidnap but do not fight pitched battles or shell towns.
CRIMINAL_GROUPS = frozenset({"armed bandits"})


class Template(NamedTuple):
    """A report's headline, lead and detail paragraphs, and which groups may be its perpetrator:
    "any" armed group, "armed" (no criminal gangs) or "jihadist"."""

    headline: str
    lead: str
    details: tuple[str, ...]
    perpetrators: str = "any"


# Event templates. Slots are filled by `_slots`; "_h" slots are the forms used in headlines.
EVENTS: tuple[Template, ...] = (
    Template("Gunmen kill {killed} {victims} in raid near {town}",
     "Fighters of {perp} killed {killed} {victims} in a raid on a village near {town}, in "
     "{province}, {when}, {source} said.",
     ("The attackers arrived on motorcycles at dawn, opened fire on people in the market square "
      "and set several houses on fire before leaving, {source2} said. {injured_sentence}",
      "Relatives buried the dead the same afternoon. Many families left the village for {town}, "
      "where they are staying with relatives or in schools."), "any"),
    Template("{perp_cap} executes {killed} men in {town}",
     "{perp_cap} publicly executed {killed} men by {method} in {town} {when}, accusing them of "
     "spying for {army}, {source} said.",
     ("Residents were ordered to gather in the square to watch, {source2} said. The bodies were "
      "left in place for several hours before the families were allowed to take them.",
      "The group did not comment on the killings. It has carried out similar punishments in "
      "areas it controls in {province}."), "jihadist"),
    Template("Air strike kills {killed_h} in {town}",
     "An air strike by {air_force} hit a residential area of {town} {when}, killing {killed} "
     "people, among them women and children, {source} said.",
     ("Rescue workers searched the rubble of two houses until late at night. {injured_sentence}",
      "A spokesman for the armed forces said the strike had targeted a position of {perp} and "
      "did not mention civilian casualties."), "armed"),
    Template("Shelling of {town} leaves {killed_h} dead",
     "Artillery shells fired by {perp} fell on a neighbourhood of {town} {when}, killing "
     "{killed} people, {source} said.",
     ("Several shells landed within a few minutes near a school and a water point, {source2} "
      "said. {injured_sentence}",
      "Both sides have accused each other of firing on populated areas around {town} in recent "
      "weeks."), "armed"),
    Template("Roadside bomb kills {killed_h} near {town}",
     "A roadside bomb struck a minibus on the road outside {town} {when}, killing {killed} "
     "passengers, {source} said. Officials blamed {perp}.",
     ("The bus was carrying traders to the weekly market, {source2} said. {injured_sentence}",
      "Nobody claimed responsibility for the blast. Roads in {province} are "
      "frequently mined, and transport operators have cut the number of daily trips."), "armed"),
    Template("Suicide bomber kills {killed_h} in {town}",
     "A suicide bomber blew himself up at a checkpoint at the entrance of {town} {when}, killing "
     "{killed} people, including soldiers and civilians waiting to pass, {source} said.",
     ("{perp_cap} said in a statement that it had carried out the attack. {injured_sentence}",
      "The checkpoint had been reinforced after earlier attacks on the town, {source2} said."), "jihadist"),
    Template("Armed men abduct {abducted_h} in {province}",
     "Armed men believed to belong to {perp} abducted {abducted} people, including children, "
     "from a village near {town} {when}, {source} said.",
     ("The gunmen took the captives into the forest, {source2} said. One man who tried to "
      "resist was shot dead.",
      "Families said they had not been contacted by the kidnappers. Security forces were "
      "searching the area."), "any"),
    Template("{killed_h_cap} killed in fighting between {perp} and {army} near {town}",
     "Fighting between {perp} and {army} near {town} {when} left {killed} fighters dead on both "
     "sides, {source} said.",
     ("The clashes began before dawn and continued for several hours, with heavy weapons fire "
      "heard from the town, {source2} said. {injured_sentence}",
      "Neither side's figures could be independently verified."), "armed"),
    Template("Security forces fire on protesters in {town}",
     "{police_cap} opened fire on demonstrators in {town} {when}, killing {killed} people, "
     "{source} said.",
     ("The protesters had gathered to demand jobs and better services, and had blocked the main "
      "road through the town, {source2} said. {injured_sentence}",
      "The interior ministry said it had opened an investigation into the use of force."), "any"),
)

EXECUTION_METHODS = ("shooting", "beheading", "hanging", "stoning")

# No-event templates.
NON_EVENTS: tuple[Template, ...] = (
    Template("Parliament in {capital} debates new budget",
     "Members of parliament in {capital} began debating the government's budget for the coming "
     "year {when}, with spending on roads, schools and salaries at the centre of the talks.",
     ("The finance minister said the budget would raise public sector pay by a modest amount "
      "and cut fuel subsidies over two years.",
      "Opposition members said the plan did too little for farmers and for towns such as "
      "{town}, where unemployment is high.")),
    Template("Currency falls as prices rise in {country}",
     "The currency of {country} fell to a new low against the dollar {when}, pushing up the "
     "price of flour, cooking oil and fuel in markets from {capital} to {town}.",
     ("Traders in {town} said they had raised prices twice in a month. \"People buy less and "
      "ask for credit,\" said a shopkeeper.",
      "The central bank said it would sell foreign currency to importers of essential goods.")),
    Template("Aid agencies appeal for funds for {country}",
     "United Nations agencies and aid groups appealed {when} for more money to help people in "
     "{country}, saying their programmes were less than half funded this year.",
     ("The appeal covers food, clean water, health care and schooling for families displaced "
      "by years of conflict, many of them living in camps around {town}.",
      "Donors have been asked to meet in Geneva next month. The agencies said they would have "
      "to cut rations if no new funding arrived.")),
    Template("Foreign ministers meet in {capital}",
     "The foreign minister of {country} met a visiting counterpart in {capital} {when} to "
     "discuss trade, border security and the return of refugees.",
     ("The two ministers signed an agreement on customs procedures and said they would meet "
      "again later in the year.",
      "Both called for an end to the violence in {province} and for talks between the "
      "government and armed groups.")),
    Template("Town marks anniversary of battle fought decades ago",
     "Residents of {town} gathered {when} to mark the anniversary of a battle fought near the "
     "town more than forty years ago, during an earlier war.",
     ("Elderly residents recalled how the town had been shelled for weeks and how families "
      "had sheltered in cellars. Historians say hundreds died in the fighting at the time.",
      "A small museum in the town displays photographs and letters from the period.")),
    Template("Vaccination campaign reaches children in {province}",
     "Health workers began a vaccination campaign against measles and polio in {province} "
     "{when}, aiming to reach children in {town} and the surrounding villages.",
     ("The health ministry said teams would go from house to house for ten days.",
      "Aid groups said insecurity had made it hard to reach some villages in past campaigns, and "
      "called on all parties to let health workers move freely.")),
    Template("Harvest outlook improves after rains in {province}",
     "Farmers around {town} expect a better harvest this year after good rains, the "
     "agriculture ministry said {when}.",
     ("Sorghum and millet fields are in good condition, according to a survey by the ministry, "
      "though the price of fertiliser has risen.",
      "Officials warned that families who lost their land or livestock in past years would "
      "still need food aid.")),
    Template("Envoy calls for renewed peace talks in {country}",
     "The United Nations envoy for {country} called {when} for the government and armed groups "
     "to return to negotiations, saying there could be no military solution to the conflict.",
     ("Speaking to journalists in {capital}, the envoy urged all sides to stop air strikes and "
      "attacks on populated areas and to allow aid to reach people in need.",
      "Previous rounds of talks broke down last year over disagreements about a ceasefire and "
      "the release of prisoners.")),
)

FILLER: tuple[str, ...] = (
    "{town} lies on the main road linking {province} to {capital}. Its population has "
    "grown in recent years as families from outlying villages moved there in search of work "
    "and safety, and the town's schools and clinics now serve far more people than they were "
    "built for.",
    "Aid agencies say that access to parts of {province} remains difficult. Convoys "
    "carrying food and medicine must pass through checkpoints run by several forces, and some "
    "roads are closed for days at a time during the rainy season.",
    "The local economy depends on farming, livestock and small trade. Traders in {town} said "
    "that the number of buyers coming to the weekly market had fallen, and that the cost of "
    "moving goods by road had roughly doubled over the past two years.",
    "Reporting from {province} is difficult. Telephone networks are often cut, and few "
    "journalists are able to travel outside the main towns. Figures given by officials and "
    "by armed groups frequently differ and are rarely possible to check.",
    "A teacher in {town} said that attendance at the town's schools had fallen this year. "
    "\"Parents are worried about the roads, and many children have to work to help their "
    "families,\" she said. Several schools in nearby villages have been closed for months.",
    "The government of {country} has promised to rebuild roads, schools and health centres in "
    "{province}, but residents say little of the promised money has arrived. Officials say "
    "projects have been delayed by insecurity and by rising costs.",
    "The regional health directorate said the main hospital in {town} was short of "
    "surgeons, blood supplies and fuel for its generators. It has asked aid organisations "
    "for help in paying the salaries of nurses who have not been paid for several months.",
    "Humanitarian organisations estimate that tens of thousands of people in {province} "
    "have left their homes in recent years. Many live with host families in {town}, "
    "which has strained water supplies and pushed up rents.",
    "Officials in {capital} said that a new plan to improve security on the roads of {province} "
    "would be presented to parliament in the coming weeks, and that more police "
    "officers would be recruited and trained before the end of the year.",
    "Community leaders in {town} have formed committees to settle disputes over land and "
    "water between farmers and herders. They say the committees have helped, but that they "
    "lack the means to enforce their decisions.",
    "Electricity in {town} is available for only a few hours a day. Shopkeepers rely on "
    "generators, and the price of diesel has risen sharply, forcing some small businesses, "
    "including bakeries and mills, to close early or to raise their prices.",
    "Mobile phone operators have expanded their networks in {province} over the past "
    "year, and residents increasingly use mobile money to receive payments from relatives "
    "working in {capital} or abroad.",
    "The rainy season usually runs from June to September in the region. Floods last year "
    "damaged bridges and fields around {town}, and some of the damage has still not been "
    "repaired, according to the local council.",
    "Local radio stations in {town} broadcast in several languages and are the main source of "
    "news for most residents. Station managers say they avoid reporting on armed groups by "
    "name for fear of reprisals against their staff.",
    "A group of women in {town} runs a cooperative that makes soap and dries fish and "
    "vegetables for sale. Its members say the cooperative has allowed them to support their "
    "children, but that transport costs take most of their income.",
    "Elders in the district said that young men without work are the most exposed to "
    "recruitment by armed groups, and called for vocational training and loans to help them "
    "start small businesses in {town} and the surrounding villages.",
    "A survey published by a university in {capital} found that most households in {province} "
    "had cut the number of meals they eat each day, and that the share of families "
    "borrowing money to buy food had risen since last year.",
    "Diplomats in {capital} say that donor governments are reluctant to commit money for "
    "reconstruction while fighting continues in parts of the country, and that they want "
    "guarantees on how the funds would be spent.",
    "The district's only secondary school reopened this term after repairs paid for by a "
    "foreign donor. Its head teacher said more than six hundred pupils had enrolled, many of "
    "them girls who had missed several years of schooling.",
    "Residents of {town} said queues for water had grown longer since a pumping station broke "
    "down. Engineers from the water authority said spare parts had been ordered from "
    "{capital} but that delivery could take several weeks.",
    "Representatives of displaced families met officials in {town} to ask for land on which to "
    "build permanent homes. The officials said they would study the request, but gave no "
    "timetable for a decision.",
    "Prices of staple foods in {town} rose by about a fifth over the past three months, "
    "according to a market monitoring programme run by aid agencies, which said the rise was "
    "driven by transport costs and the weak currency.",
)


def _number_words(n: int) -> str:
    """English words for 0-99 ("twenty-three"); digits beyond that."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")
    return str(n)


def _render_count(rng: random.Random, n: int) -> str:
    """A count as a reporter writes it: digits, words, a qualifier, or a vague word."""
    style = rng.random()
    if 24 <= n <= 60 and style < 0.3:
        return "dozens of"
    if 3 <= n <= 7 and style < 0.15:
        return "several"
    if style < 0.45:
        return str(n)
    if style < 0.75:
        return _number_words(n)
    return rng.choice(("at least", "more than", "nearly", "about")) + f" {n}"


def _render_when(rng: random.Random, published: dt.date | None) -> str:
    """An event date relative to publication: a weekday, an absolute date or a vaguer phrase."""
    if published is None:
        return rng.choice(("on Friday", "last week", "on Tuesday night", "earlier this month"))
    day = published - dt.timedelta(days=rng.randint(1, 6))
    style = rng.random()
    if style < 0.45:
        return f"on {WEEKDAYS[day.weekday()]}" + rng.choice(("", " morning", " night"))
    if style < 0.85:
        return f"on {day.day} {MONTHS[day.month - 1]}"
    return rng.choice(("last week", "earlier this week", "over the weekend"))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _perpetrators(country: Country, kind: str) -> tuple[str, ...]:
    """The country's groups that fit a template's perpetrator kind."""
    if kind == "jihadist":
        return tuple(g for g in country.groups if g in JIHADIST_GROUPS)
    if kind == "armed":
        return tuple(g for g in country.groups if g not in CRIMINAL_GROUPS)
    return country.groups


def _slots(rng: random.Random, country: Country, published: dt.date | None,
           perpetrators: tuple[str, ...]) -> dict[str, str]:
    """Values for every template slot, drawn for one event or one report."""
    town, province = rng.choice(country.towns)
    perp = rng.choice(perpetrators)
    source, source2 = rng.sample(SOURCES, 2)
    injured = rng.choice((0, rng.randint(2, 30)))
    injured_sentence = (
        f"{_capitalise(_render_count(rng, injured))} others were wounded." if injured else
        "No one else was reported hurt."
    )
    killed = _render_count(rng, rng.choice(KILLED_COUNTS))
    abducted = _render_count(rng, rng.randint(3, 60))
    headline_form = {"dozens of": "dozens", "several": "several"}
    return {
        "town": town, "province": province, "country": country.name, "capital": country.capital,
        "perp": perp, "perp_cap": _capitalise(perp), "army": country.army,
        "air_force": country.air_force, "police_cap": _capitalise(country.police),
        "killed": killed, "killed_h": headline_form.get(killed, killed),
        "killed_h_cap": _capitalise(headline_form.get(killed, killed)),
        "abducted": abducted, "abducted_h": f"{abducted} people",
        "victims": rng.choice(VICTIMS), "method": rng.choice(EXECUTION_METHODS),
        "when": _render_when(rng, published), "source": source, "source2": source2,
        "injured_sentence": injured_sentence,
    }


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def _word_count(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _pad(rng: random.Random, blocks: list[list[str]], slots: dict[str, str]) -> list[str]:
    """Add filler paragraphs after the first block until the text reaches a drawn target.

    A block (one event's paragraphs, or a no-event report's) is never split, so a detail
    paragraph always follows its own lead.
    """
    target = rng.randint(*TARGET_WORDS)
    fillers = list(FILLER)
    rng.shuffle(fillers)
    padded = [list(block) for block in blocks]
    for filler in fillers:
        words = sum(_word_count(block) for block in padded)
        if words >= target:
            break
        paragraph = _fill(filler, slots)
        if words + len(paragraph.split()) > MAX_WORDS:
            continue
        padded.insert(rng.randint(1, len(padded)), [paragraph])
    return [paragraph for block in padded for paragraph in block]


def _render(template: Template, slots: dict[str, str]) -> tuple[str, list[str]]:
    """A template's headline and its paragraphs, slots filled."""
    paragraphs = [_fill(template.lead, slots)] + [_fill(d, slots) for d in template.details]
    return _capitalise(_fill(template.headline, slots)), paragraphs


def _event(rng: random.Random, country: Country, published: dt.date | None,
           exclude: Template | None = None) -> tuple[Template, str, list[str], dict[str, str]]:
    """The template, headline, paragraphs and slots of one event set in `country`."""
    template = rng.choice(
        [t for t in EVENTS if t is not exclude and _perpetrators(country, t.perpetrators)]
    )
    slots = _slots(rng, country, published, _perpetrators(country, template.perpetrators))
    headline, paragraphs = _render(template, slots)
    return template, headline, paragraphs, slots


def _separate(paragraph: str) -> str:
    """Open a second event's lead with "In a separate incident, "."""
    first, _, rest = paragraph.partition(" ")
    if first in COMMON_OPENERS:
        first = first.lower()
    return f"In a separate incident, {first} {rest}"


def _report(rng: random.Random, index: int, seed: int) -> dict[str, str | None]:
    """One report: id, text, published (ISO date or None), title."""
    span = (LAST_DAY - FIRST_DAY).days
    published = None if rng.random() < UNDATED_SHARE else FIRST_DAY + dt.timedelta(rng.randint(0, span))
    country = rng.choice(COUNTRIES)
    if rng.random() < EVENT_SHARE:
        template, title, paragraphs, slots = _event(rng, country, published)
        blocks = [paragraphs]
        if rng.random() < SECOND_EVENT_SHARE:
            _, _, second, _ = _event(rng, country, published, exclude=template)
            blocks.append([_separate(second[0])] + second[1:])
    else:
        slots = _slots(rng, country, published, country.groups)
        title, paragraphs = _render(rng.choice(NON_EVENTS), slots)
        blocks = [paragraphs]
    return {
        "id": f"synth-{seed}-{index:05d}",
        "text": "\n\n".join(_pad(rng, blocks, slots)),
        "published": published.isoformat() if published else None,
        "title": title,
    }


def make_corpus(n: int = 1000, seed: int = 0) -> list[dict[str, str | None]]:
    """`n` synthetic reports as dicts with keys id, text, published, title; same seed, same list."""
    if n < 0:
        raise ValueError(f"make_corpus: n must be zero or more, got {n}")
    rng = random.Random(seed)
    return [_report(rng, index, seed) for index in range(n)]


def main(argv: list[str] | None = None) -> int:
    """Write the corpus as JSON Lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, default=Path("bench/out/corpus.jsonl"),
                        help="output file (default bench/out/corpus.jsonl)")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for report in make_corpus(args.n, args.seed):
            out.write(json.dumps(report, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} reports to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
