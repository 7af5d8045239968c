from __future__ import annotations

import pytest

from briefcli import tag
from briefcli.matcher import Matcher


def positions(text: str, matcher: Matcher) -> list[tuple[str | None, str, bool, str]]:
    return [(p.holder, p.stance, p.negated, p.holder_via) for p in tag(text, matcher).positions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Russia welcomes the peace treaty.", [("RUS", "welcome", False, "subject")],
                     id="subject"),
        pytest.param("Russia's unshakable priority is peace.",
                     [("RUS", "commit", False, "subject")], id="possessive-subject"),
        pytest.param("The agreement is welcomed by Armenia.",
                     [("ARM", "welcome", False, "subject")], id="passive-agent"),
        pytest.param("Maria Zakharova said the talks were important. She noted that the "
                     "parties must stop.",
                     [("person.maria-zakharova", "call", False, "pronoun")], id="pronoun"),
        pytest.param("“We expect progress,” Zakharova said.",
                     [("RUS", "expect", False, "first-person")], id="first-person-quote"),
        pytest.param("“We have always advocated a settlement. This matters.\n\nWe welcome "
                     "the progress,” Zakharova concluded.",
                     [("RUS", "support", False, "first-person"),
                      ("RUS", "welcome", False, "first-person")],
                     id="quote-across-paragraphs"),
        pytest.param("Armenia does not expect quick results.",
                     [("ARM", "expect", True, "subject")], id="negated"),
        pytest.param("Armenia  does \n not   expect quick results.",
                     [("ARM", "expect", True, "subject")], id="negated-across-white-space"),
        pytest.param("Question: Will Armenia not expect results?\nMaria Zakharova: Armenia "
                     "does not expect them. It expects  progress.  We  hope so.",
                     [("ARM", "expect", True, "subject"),
                      ("person.maria-zakharova", "expect", False, "turn"),
                      ("RUS", "expect", False, "first-person")],
                     id="grammar-cues-only-where-a-stance-cue-needs-them"),
        # "will never accept" is opposition of its own; its "never" stays in its clause
        pytest.param("Armenia will never accept this, and it condemns the attack.",
                     [("ARM", "oppose", False, "subject"), ("ARM", "condemn", False, "subject")],
                     id="negation-stays-in-clause"),
        pytest.param("According to Zakharova, the 3+3 platform is a useful platform.",
                     [("person.maria-zakharova", "support", False, "attribution")],
                     id="according-to"),
        # the state after the phrase's comma is what is said, not who says it
        pytest.param("According to the Minister, Moscow's position is unacceptable.",
                     [(None, "oppose", False, "none")], id="according-to-no-one-named"),
        pytest.param("Question: Do you welcome the peace treaty?\n"
                     "Maria Zakharova: We welcome it.",
                     [("RUS", "welcome", False, "first-person")], id="question-is-not-position"),
        pytest.param("Question: And Armenia?\nMaria Zakharova: It is unacceptable.",
                     [("person.maria-zakharova", "oppose", False, "turn")], id="turn-speaker"),
    ],
)
def test_holders(small: Matcher, text: str, expected: list[tuple[str, str, bool, str]]) -> None:
    assert positions(text, small) == expected


def test_targets_and_mechanisms(small: Matcher) -> None:
    text = "Russia welcomes the peace treaty between Armenia and Azerbaijan."
    (position,) = tag(text, small).positions
    assert position.targets == ("ARM", "AZE")
    assert position.mechanisms == ("mech.peace-treaty",)
    assert text[position.start:position.end] == position.text == "welcomes"
    assert position.evidence == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("PRESS STATEMENT\nMARCO RUBIO, SECRETARY OF STATE\nAUGUST 9, 2025\n\nText.",
                     "2025-08-09", id="capitals"),
        pytest.param("MOSCOW, 20 July 2023. Russia will consider returning " + "x" * 300,
                     "2023-07-20", id="dateline-opening-prose"),
        pytest.param("Mr. President,\n\nThe Charter was signed on 26 June 1945 in San "
                     "Francisco, and since then " + "x" * 300, None, id="history-in-prose"),
    ],
)
def test_briefing_date_comes_from_the_header(small: Matcher, text: str,
                                             expected: str | None) -> None:
    assert tag(text, small).meta.date == expected


def test_speakers_and_date(small: Matcher) -> None:
    text = ("Briefing by Spokeswoman Maria Zakharova\nMoscow, 14 March 2025\n\n"
            "Question: Any news?\nMaria Zakharova: We welcome the progress.")
    doc = tag(text, small)
    assert doc.meta.title == "Briefing by Spokeswoman Maria Zakharova"
    assert doc.meta.date == "2025-03-14"
    assert doc.meta.speakers == ("person.maria-zakharova",)
    assert [t.is_question for t in doc.turns] == [True, False]


def test_a_grammar_word_never_hides_a_stance_cue(full: Matcher) -> None:
    """"not" is a negation cue, "not true" a denial: the stance cue wins even where a
    negation cue of the same length starts earlier ("were not")."""
    (position,) = tag("Kyiv said that the reports were not true.", full).positions
    assert (position.stance, position.text, position.negated) == ("deny", "not true", False)
