"""Folding near-identical comments: thresholds on English, Finnish and Swedish."""

from __future__ import annotations

import pytest

from sprintkit.folding import fold, normalise


def _groups(texts: list[str]) -> list[list[str]]:
    return [[texts[i] for i in group] for group in fold(texts)]


def test_normalising_drops_case_punctuation_and_spacing():
    assert normalise("  Jonotus KESTI   liian kauan!!! ") == "jonotus kesti liian kauan"
    assert normalise("Don't — ever, again.") == "dont ever again"
    assert normalise("Kö-systemet (igen)?") == "kö systemet igen"
    assert normalise("?!…") == ""


def test_exact_duplicates_fold_without_fuzzy_matching():
    texts = ["Jonotus kesti liian kauan", "jonotus kesti liian kauan!", "JONOTUS  kesti liian "
             "kauan.", "Lippu oli kallis"]
    assert fold(texts, fuzzy=False) == [[0, 1, 2], [3]]


FINNISH = [
    "Jonotus kesti liian kauan",                       # 0
    "Lippuautomaatti ei toiminut asemalla",            # 1
    "jonotus kesti aivan liian kauan!!",               # 2
    "Jonottaminen kesti liian kauan",                  # 3
    "Henkilökunta oli ystävällistä",                   # 4
    "Liian kauan kesti jonotus.",                      # 5
    "Lippuautomaatti ei toiminut Tampereen asemalla",  # 6
    "Lippuautomaatti toimi hyvin asemalla",            # 7: the opposite of 1
    "Jono oli liian pitkä",                            # 8: the same topic, other words
    "Sovellus kaatuu kun yritän ostaa lipun",          # 9
    "Sovellus kaatui kun yritin ostaa lippua",         # 10
    "Sovellus on hidas kun yritän ostaa lipun",        # 11: another complaint
    "Henkilökunta oli ystävällinen",                   # 12
    "Vuoronumeroa ei kuulutettu",                      # 13
    "Jonotus kesti ihan liian kauan.",                 # 14
]


def test_finnish_queueing_and_ticket_complaints():
    assert fold(FINNISH) == [[0, 2, 3, 5, 14], [1, 6], [4, 12], [7], [8], [9, 10], [11],
                             [13]]


ENGLISH = [
    "The queue took far too long",
    "The app crashes when I pay",
    "The queue took way too long!",
    "Queue took far too long",
    "The app crashed when I tried to pay",
    "The app is slow when I pay",
    "Staff were friendly and helpful",
    "Staff were rude and unhelpful",
    "Staff was friendly and helpful",
    "The ticket machine did not work",
    "The ticket machine worked",
]


def test_english_samples():
    assert _groups(ENGLISH) == [
        ["The queue took far too long", "The queue took way too long!",
         "Queue took far too long"],
        ["The app crashes when I pay", "The app crashed when I tried to pay"],
        ["The app is slow when I pay"],
        ["Staff were friendly and helpful", "Staff was friendly and helpful"],
        ["Staff were rude and unhelpful"],
        ["The ticket machine did not work"],
        ["The ticket machine worked"],
    ]


SWEDISH = [
    "Kön var alldeles för lång",
    "Appen kraschar när jag betalar",
    "Kön var alldeles för lång!!",
    "Kön var för lång",
    "Personalen var vänlig",
    "Personalen var ovänlig",
    "Appen kraschade när jag skulle betala",
    "Biljettautomaten fungerade inte",
    "Biljettautomaten fungerade",
]


def test_swedish_samples():
    assert _groups(SWEDISH) == [
        ["Kön var alldeles för lång", "Kön var alldeles för lång!!", "Kön var för lång"],
        ["Appen kraschar när jag betalar", "Appen kraschade när jag skulle betala"],
        ["Personalen var vänlig"],
        ["Personalen var ovänlig"],
        ["Biljettautomaten fungerade inte"],
        ["Biljettautomaten fungerade"],
    ]


@pytest.mark.parametrize("a, b", [("Hidas", "Hinta"), ("Hyvä palvelu", "Huono palvelu"),
                                  ("Bra", "Bro"), ("Too slow", "Too low")])
def test_short_comments_that_differ_stay_apart(a, b):
    assert fold([a, b]) == [[0], [1]]


def test_every_index_is_in_one_group_and_groups_start_with_their_earliest():
    texts = [f"Kommentti numero {i % 7} jonotuksesta" for i in range(50)] + ["", "!!", "x"]
    groups = fold(texts)
    flat = sorted(i for g in groups for i in g)
    assert flat == list(range(len(texts)))
    assert all(g == sorted(g) for g in groups)
    assert [g[0] for g in groups] == sorted(g[0] for g in groups)
    # Texts without letters are never folded, not even with each other.
    assert [50] in groups and [51] in groups


def test_a_common_word_does_not_make_one_big_block():
    # 400 different complaints that all say "liian": folding them must not put
    # them together, and must finish (each is compared within small blocks).
    words = ["jono", "lippu", "hinta", "sovellus", "juna", "bussi", "asema", "kuulutus",
             "automaatti", "palvelu", "aikataulu", "laituri", "penkki", "vessa", "kahvio",
             "pysäkki", "reitti", "kortti", "sivusto", "puhelin"]
    texts = [f"{words[i % 20]} {words[(i // 20) % 20]} liian {i}" for i in range(400)]
    groups = fold(texts)
    assert len(groups) > 300


def test_a_variant_finds_its_group_through_any_of_its_first_wordings():
    texts = ["Jonottaminen kesti liian kauan"] * 3 + ["Jonotus kesti liian kauan"] * 2 + [
        "Jonotus kesti taas liian kauan"]
    # "taas" is too far from the group's first wording, close to its second.
    assert fold(texts) == [[0, 1, 2, 3, 4, 5]]


def test_a_text_close_to_two_groups_joins_the_larger():
    plain, far = "Lippuautomaatti ei toiminut", "Lippuautomaatti ei toiminut Tikkurilan asemalla"
    between = "Lippuautomaatti ei toiminut asemalla"
    texts = [plain] * 5 + [far] * 2 + [between]
    assert fold(texts) == [[0, 1, 2, 3, 4, 7], [5, 6]]


def test_comparisons_grow_with_the_rows_not_their_square(monkeypatch):
    # Each text is scored against the wordings of its candidate blocks only:
    # at most a few blocks of MAX_BLOCK wordings each, however many rows.
    import random

    from sprintkit import folding

    compared: list[int] = []
    real = folding.process.extract

    def counting(query, choices, **kwargs):
        compared.append(len(choices))
        return real(query, choices, **kwargs)

    monkeypatch.setattr(folding.process, "extract", counting)
    rnd = random.Random(3)
    vocabulary = [f"sana{i}" for i in range(400)] + ["jonotus", "kesti", "liian", "kauan"]
    texts = [" ".join(rnd.choices(vocabulary, k=6)) for _ in range(3000)]
    fold(texts)
    per_text = (1 + folding.KEYS_PER_TEXT) * folding.MAX_BLOCK
    assert max(compared) <= per_text
    assert sum(compared) <= per_text * len(texts)
    # Far below comparing every pair, which would be about 4.5 million.
    assert sum(compared) < len(texts) ** 2 / 20
