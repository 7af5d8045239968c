from __future__ import annotations

import pytest

from briefcli.segment import segment


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segment(text).sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Mr. Lavrov met Dr. Grossi. They talked.",
                     ["Mr. Lavrov met Dr. Grossi.", "They talked."], id="titles"),
        pytest.param("The U.S. and the U.N. disagree. Talks go on.",
                     ["The U.S. and the U.N. disagree.", "Talks go on."], id="dotted-acronyms"),
        pytest.param("Sanctions imposed by the U.S. The talks resumed.",
                     ["Sanctions imposed by the U.S.", "The talks resumed."],
                     id="acronym-ends-sentence"),
        pytest.param("V. Putin and S. Jaishankar spoke. Then they left.",
                     ["V. Putin and S. Jaishankar spoke.", "Then they left."], id="initials"),
        pytest.param("See Resolution No. 2231, i.e. the nuclear deal, e.g. Article 5. Next.",
                     ["See Resolution No. 2231, i.e. the nuclear deal, e.g. Article 5.", "Next."],
                     id="no-ie-eg"),
        pytest.param("1. The situation in Syria\n2. Relations with Japan\n",
                     ["1. The situation in Syria", "2. Relations with Japan"],
                     id="numbered-list-headings"),
        pytest.param("Briefing by the Spokesperson\n\nWe welcome it.",
                     ["Briefing by the Spokesperson", "We welcome it."], id="heading"),
        pytest.param("The talks were held\nin Geneva last week. Good.",
                     ["The talks were held\nin Geneva last week.", "Good."], id="hard-wrap"),
        pytest.param("“We expect progress. We are ready,” she said.",
                     ["“We expect progress.", "We are ready,” she said."], id="quote"),
        pytest.param("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."], id="question-marks"),
        pytest.param("Old Mac\rline endings.\rSecond line.",
                     ["Old Mac\rline endings.", "Second line."], id="carriage-returns"),
        pytest.param("", [], id="empty"),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_offsets_index_the_original_text() -> None:
    text = "  Mr. Lavrov spoke.\r\n\r\nQuestion: Why?\r\nMaria Zakharova: Because.  "
    for start, end in segment(text).sentences:
        assert text[start:end] == text[start:end].strip()
        assert start < end


def test_turn_labels() -> None:
    text = ("Question: Do you expect progress?\n"
            "Maria Zakharova: We do.\n"
            "MR PRICE: Thank you.\n"
            "Q: And Iran?\n"
            "Question (TASS): One more.\n"
            "Öncü Keçeli: Türkiye's position is clear.\n"
            "A set of measures was agreed upon, in all key domains: peace and trade.\n"
            "ünder lower case: no label.\n")
    labels = [label.label for label in segment(text).labels]
    assert labels == ["Question", "Maria Zakharova", "MR PRICE", "Q", "Question (TASS)",
                      "Öncü Keçeli"]


def test_quotes_span_sentences_and_paragraphs() -> None:
    text = '“We expect progress.\nWe are ready.\nWe welcome it," she said.'
    quotes = segment(text).quotes
    assert quotes == ((0, text.index('"') + 1),)
