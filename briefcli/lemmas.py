"""English inflections of a lemma, for cues written once: ``<urge>`` matches urge, urges,
urged and urging.

Regular verbs follow the spelling rules (``commit`` -> committed, committing; ``deny`` ->
denies, denied; ``welcome`` -> welcomed, welcoming); the common irregular verbs of
diplomatic language are listed. A lemma that is not a verb ("<concern>") gets the same forms,
which for nouns include the plural: a form that never occurs costs nothing in the automaton.
"""

from __future__ import annotations

from functools import lru_cache

_IRREGULAR = {
    "be": ("is", "are", "am", "was", "were", "been", "being"),
    "bear": ("bears", "bore", "borne", "bearing"),
    "bring": ("brings", "brought", "bringing"),
    "do": ("does", "did", "done", "doing"),
    "feel": ("feels", "felt", "feeling"),
    "find": ("finds", "found", "finding"),
    "give": ("gives", "gave", "given", "giving"),
    "go": ("goes", "went", "gone", "going"),
    "have": ("has", "had", "having"),
    "hold": ("holds", "held", "holding"),
    "keep": ("keeps", "kept", "keeping"),
    "know": ("knows", "knew", "known", "knowing"),
    "lead": ("leads", "led", "leading"),
    "make": ("makes", "made", "making"),
    "say": ("says", "said", "saying"),
    "see": ("sees", "saw", "seen", "seeing"),
    "seek": ("seeks", "sought", "seeking"),
    "stand": ("stands", "stood", "standing"),
    "take": ("takes", "took", "taken", "taking"),
    "tell": ("tells", "told", "telling"),
    "think": ("thinks", "thought", "thinking"),
    "uphold": ("upholds", "upheld", "upholding"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
}
# Stressed final syllables that double their consonant (commit -> committed); one-syllable
# words double by rule (stop -> stopped).
_DOUBLING = frozenset("commit regret refer prefer permit admit submit control compel rebut "
                      "abet propel occur deter omit transmit equip patrol incur".split())
_VOWELS = "aeiou"


def _syllables(word: str) -> int:
    count, previous = 0, False
    for ch in word:
        vowel = ch in _VOWELS or ch == "y" and not previous and count > 0
        if vowel and not previous:
            count += 1
        previous = vowel
    return count


def _doubles(word: str) -> bool:
    if word in _DOUBLING:
        return True
    return (len(word) >= 3 and _syllables(word) == 1 and word[-1] not in _VOWELS + "wxy"
            and word[-2] in _VOWELS and word[-3] not in _VOWELS)


@lru_cache(maxsize=1024)
def inflections(lemma: str) -> tuple[str, ...]:
    """The lemma and its inflected forms, the lemma first."""
    word = lemma.lower()
    if word in _IRREGULAR:
        return (lemma, *_IRREGULAR[word])
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = word + "es"
    elif word.endswith("y") and word[-2:-1] not in tuple(_VOWELS):
        third = word[:-1] + "ies"
    else:
        third = word + "s"
    if word.endswith("e"):
        past = word + "d"
        gerund = word[:-2] + "ying" if word.endswith("ie") else (
            word + "ing" if word.endswith(("ee", "ye", "oe")) else word[:-1] + "ing")
    elif word.endswith("y") and word[-2:-1] not in tuple(_VOWELS):
        past, gerund = word[:-1] + "ied", word + "ing"
    elif _doubles(word):
        past, gerund = word + word[-1] + "ed", word + word[-1] + "ing"
    else:
        past, gerund = word + "ed", word + "ing"
    return tuple(dict.fromkeys((lemma, third, past, gerund)))
