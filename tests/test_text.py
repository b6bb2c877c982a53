from tally.text import fold, fold_place, normalise_text


def test_fold_joins_spellings_of_one_place():
    spellings = ["Al-Qa\u2019im", "Al Q\u0101\u2019im", "Al-Qaim", "al qaim", "AL QA'IM"]
    assert {fold(s) for s in spellings} == {"al qaim"}
    assert {fold_place(s) for s in spellings} == {"qaim"}


def test_fold_place_keeps_a_name_that_is_only_an_article():
    assert fold_place("Al") == "al"


def test_normalise_text_straightens_quotes_and_dashes_and_tidies_blank_lines():
    raw = "\ufeff\u201cHe said\u201d \u2014 it\u2019s  done.\r\n\r\n\r\nNext\u00a0line "
    assert normalise_text(raw) == "\"He said\" - it's done.\n\nNext line"
