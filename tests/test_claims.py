"""Positions as real briefings state them: lemma cues, modality, first-person future,
evaluations, reported speech, collective and self-naming speakers (the shipped pack)."""

from __future__ import annotations

import pytest

from briefcli import tag
from briefcli.context import Given
from briefcli.lemmas import inflections
from briefcli.patterns import PatternError, expand


@pytest.mark.parametrize(("lemma", "forms"), [
    ("urge", ("urge", "urges", "urged", "urging")),
    ("commit", ("commit", "commits", "committed", "committing")),
    ("deny", ("deny", "denies", "denied", "denying")),
    ("stop", ("stop", "stops", "stopped", "stopping")),
    ("welcome", ("welcome", "welcomes", "welcomed", "welcoming")),
    ("stand", ("stand", "stands", "stood", "standing")),
    ("focus", ("focus", "focuses", "focused", "focusing")),
])
def test_a_lemma_gives_every_inflection(lemma: str, forms: tuple[str, ...]) -> None:
    assert inflections(lemma) == forms


def test_lemma_in_a_pattern() -> None:
    assert expand("<call> (on|upon)")[:4] == ["call on", "call upon", "calls on", "calls upon"]
    assert "urged" in expand("(strongly )?<urge>")
    with pytest.raises(PatternError):
        expand("<two words>")


def _held(text: str, **context: str) -> list[tuple[str | None, str | None, str, bool]]:
    doc = tag(text, context=Given.of("flag", **context) if context else None)
    return [(p.holder, p.on_behalf_of, p.stance, p.negated) for p in doc.positions]


@pytest.mark.parametrize(("sentence", "stance"), [
    ("All parties should exercise restraint.", "call"),
    ("The perpetrators must be brought to justice.", "call"),
    ("There is a need to thwart these attempts.", "call"),
    ("We will review the proposal swiftly.", "commit"),
    ("We'll continue robust assistance to Ukraine.", "commit"),
    ("This unprovoked and unjustified attack is the absolute evil.", "condemn"),
    ("This is an absurd statement.", "oppose"),
    ("We are deeply grateful to our partners.", "welcome"),
    ("The talks were professional and substantive.", "welcome"),
    ("Unfortunately, the talks stalled again.", "concern"),
    ("We are confident that the agreement will hold.", "expect"),
    ("The Ministry regrets that some partners proposed new conditions.", "concern"),
    ("We want to see this aggression come to an end.", "call"),
    ("The Security Council bears a special responsibility to act.", "call"),
    ("Members are expected to uphold universal values.", "call"),
    ("Any use of chemical weapons would be met with a robust response.", "warn"),
    ("Any further escalation would have devastating consequences for the region.", "warn"),
    ("Such bloc politics will only undermine regional peace and stability.", "warn"),
    ("These claims do not reflect the truth.", "deny"),
    ("Claims that our personnel were involved are categorically untrue.", "deny"),
    ("These are the latest in a long line of fabrications.", "deny"),
    ("We remain ready for fair and balanced negotiations.", "commit"),
    ("We don't support independence for the region.", "oppose"),
    ("Japan has lodged a strong protest.", "oppose"),
    ("Hate has no place in a democracy.", "oppose"),
    ("A wider war is in no one's interest.", "oppose"),
    ("This rhetoric is particularly dangerous.", "warn"),
    ("Free media are foundational to secure democratic societies.", "support"),
    ("We will continue to show our support for these families.", "support"),
    ("We have yet to see any pullback of forces.", "deny"),
])
def test_stances_no_set_phrase_names(sentence: str, stance: str) -> None:
    held = _held(sentence, issuer="JPN")
    assert [h[2] for h in held] == [stance]
    assert held[0][1] == "JPN"


@pytest.mark.parametrize(("sentence", "stance"), [
    ("We have lodged stern representations with the US side.", "oppose"),
    ("This is a gross interference in China's internal affairs.", "oppose"),
    ("This is nothing but an attempt to distort history.", "oppose"),
    ("We view this as yet another provocation.", "oppose"),
    ("We never accept the so-called ruling.", "oppose"),
    ("The Kiev regime continues its criminal shelling of civilian infrastructure.", "condemn"),
    ("The Russian side is open to dialogue.", "commit"),
    ("We strongly advise Washington to refrain from such moves.", "call"),
    ("We will not leave this without a response.", "warn"),
    ("We will take resolute and forceful measures to safeguard our sovereignty.", "warn"),
    ("We have no doubt that the truth will come out.", "expect"),
    ("These claims have no basis in reality.", "deny"),
    ("Such steps run contrary to the spirit of the agreement.", "oppose"),
    ("The decision is a step in the right direction.", "welcome"),
    ("We will give a decisive response to any aggression.", "warn"),
    ("The Ministry expresses its deepest condolences to the families.", "concern"),
    ("Russia wishes to reiterate its support for the appeal of the Secretary-General.",
     "support"),
    ("We reaffirmed our unwavering support for the sovereignty of Kazakhstan.", "support"),
    ("Washington's attempts to dictate its will are doomed to failure.", "oppose"),
    ("Such actions will only aggravate the situation.", "warn"),
    ("We consider it important to continue the dialogue.", "call"),
    ("Tehran's statements contradict the agreements reached.", "oppose"),
    ("These accusations are completely unfounded.", "deny"),
    ("The verdict is politically motivated.", "oppose"),
    ("We share the concerns of our partners.", "concern"),
    ("The Russian side expresses strong dissatisfaction with this.", "oppose"),
    ("We highly value our strategic partnership with Kazakhstan.", "welcome"),
    ("The Philippine side's provocations seriously infringe on our sovereignty.", "oppose"),
    ("Dialogue and negotiation are the only viable way out of the crisis.", "support"),
    ("The cooperation has broad prospects.", "welcome"),
    ("This is yet another confirmation of the Russophobic course of Brussels.", "oppose"),
    ("Western attempts to push Russia out of the region are futile.", "oppose"),
    ("All those responsible will be held accountable.", "warn"),
    ("Their silence amounts to complicity.", "condemn"),
    ("Riga's actions are a disgrace.", "condemn"),
    ("The trilateral statements remain the basis for normalisation.", "support"),
    ("The so-called Western democracies once again show their true face.", "oppose"),
    ("Such statements are aimed at justifying new aggression.", "oppose"),
    ("Azerbaijan continues to hold prisoners, in violation of its obligations.", "oppose"),
    ("The deployment of the mission has contributed to stability along the border.",
     "welcome"),
    ("We view the project as an opportunity for the entire region.", "welcome"),
    ("We attach importance to the role of international observers.", "support"),
    ("We recognize the legitimate security concerns of Israel.", "support"),
    ("Russia will never compromise on its sovereignty.", "commit"),
    ("Jammu and Kashmir is and will always be an integral part of India.", "support"),
    ("Negotiations are progressing well.", "welcome"),
    ("We continue to follow developments closely.", "commit"),
    ("We are following developments with deep concern.", "concern"),
    ("The United States is complicit in these crimes.", "condemn"),
    ("The Security Council is obliged to act immediately.", "call"),
    ("Russia reserves its inherent right to self-defence.", "warn"),
    ("Russia has never sought confrontation.", "deny"),
    ("We extend our condolences to the families of the victims.", "concern"),
    ("We pay tribute to the leaders for their courage.", "welcome"),
    ("This is a consequence of the destructive activities of the High Representative.",
     "oppose"),
    ("Kazakhstan has made a substantial contribution to the settlement.", "welcome"),
    ("Such rhetoric only confirms the aggressive nature of the bloc.", "oppose"),
    ("This is typical protectionism.", "oppose"),
    ("Russia will take these plans into account in its military planning.", "warn"),
    ("Russia's actions were justified, lawful and professional.", "support"),
    ("Russia affirms its principled position on the Palestinian cause.", "support"),
    ("Russia stands firmly on the side of Serbia.", "support"),
    ("Russia is closely monitoring the situation in Venezuela.", "commit"),
    ("This decision sends the wrong signal.", "oppose"),
    ("We see no alternative to a political settlement.", "support"),
    ("The visit is a clear violation of Ukrainian legislation.", "condemn"),
    ("North Korea's launches threaten the peace and security of the region.", "warn"),
    ("We stand united in our support for the people of Ukraine.", "support"),
    ("These allegations are a crude fabrication.", "deny"),
    ("The report has no scientific basis.", "deny"),
    ("Those claims are simply false.", "deny"),
    ("Moscow had no involvement whatsoever in the incident.", "deny"),
    ("They must clearly understand that Moscow will respond.", "warn"),
    ("It should be known that Moscow will not tolerate this.", "warn"),
    ("Any provocation will be met with a decisive response.", "warn"),
    ("Russia would be compelled to take countermeasures.", "warn"),
    ("The talks were held in a warm and friendly atmosphere.", "welcome"),
    ("Comments on our internal matters are unwarranted.", "oppose"),
    ("This is another bloody crime of the regime.", "condemn"),
    ("We discussed the regime's ongoing aggression against its neighbours.", "condemn"),
    ("Russia remains open to a political and diplomatic settlement.", "commit"),
    ("Russia will continue its principled support for the people of Palestine.", "support"),
])
def test_a_ministrys_set_formulas_are_its_positions(sentence: str, stance: str) -> None:
    held = _held(sentence, issuer="RUS")
    assert [(h[1], h[2], h[3]) for h in held] == [("RUS", stance, False)]


def test_a_conditional_should_is_no_demand() -> None:
    """"Should X proceed, ..." is a condition; the warning after it is the claim."""
    held = _held("Should the authorities proceed, they must clearly understand that Russia "
                 "will respond.", issuer="RUS")
    assert [h[2] for h in held] == ["warn"]


def test_a_visit_someone_is_expected_to_make_is_no_expectation() -> None:
    assert _held("The Minister is expected to meet his counterpart in Hanoi.", issuer="RUS") == []


def test_we_must_remember_that_only_stresses_a_point() -> None:
    held = _held("We must remember that in crisis comes an opportunity.", issuer="RUS")
    assert "warn" not in [h[2] for h in held]


def test_the_principle_of_non_interference_is_no_protest() -> None:
    assert _held("The sides reaffirmed non-interference in internal affairs.", issuer="RUS") == []


def test_a_speakers_judgement_of_others_is_the_speakers() -> None:
    """The holder is who states, not the grammatical subject (class 1)."""
    assert _held("Azerbaijan's escalatory response is irresponsible behavior.",
                 issuer="ARM") == [("ARM", "ARM", "oppose", False)]


def test_a_negated_demand_is_opposition() -> None:
    assert _held("All parties must not escalate.", issuer="FRA") == [
        ("FRA", "FRA", "oppose", False)]


def test_questions_announcements_and_greetings_are_no_positions() -> None:
    for text in ("Will you support the resolution?", "We will visit Beijing next week.",
                 "We will release information in due course.",
                 "Thank you very much.", "Welcome back to NATO Headquarters."):
        assert _held(text, issuer="USA") == [], text


def test_reported_speech_records_the_person_and_the_state() -> None:
    assert _held("Blinken said the United States welcomes the agreement.") == [
        ("person.antony-blinken", "USA", "welcome", False)]


def test_a_later_cue_inside_the_same_claim_is_not_another_position() -> None:
    held = _held("We urge all sides to refrain from retaliation.", issuer="USA")
    assert [h[2] for h in held] == ["call"]
    both = _held("We commend Armenia for its reforms and encourage it to continue.",
                 issuer="USA")
    assert [h[2] for h in both] == ["welcome", "call"]


def test_a_subject_that_lists_the_documents_state_is_that_state() -> None:
    assert _held("The UK, France and Germany remain deeply concerned by Iran's nuclear "
                 "escalation.", issuer="GBR") == [("GBR", "GBR", "concern", False)]
    assert _held("France, Germany and the United Kingdom welcome the agreement.",
                 issuer="GBR") == [("GBR", "GBR", "welcome", False)]
    # a list inside a prepositional phrase is no subject
    assert _held("In talks with the United Kingdom, Germany welcomed the plan.",
                 issuer="GBR") == [("DEU", "DEU", "welcome", False)]


def test_a_duty_is_a_demand_on_others_and_a_commitment_of_ones_own() -> None:
    assert [h[2] for h in _held("States have a responsibility to act.", issuer="USA")] \
        == ["call"]
    assert [h[2] for h in _held("We have an obligation to make defense articles available.",
                                issuer="USA")] == ["commit"]


def test_the_speakers_judgement_inside_a_claim_is_a_claim_of_its_own() -> None:
    held = _held("We call on Russia to end its illegal occupation.", issuer="USA")
    assert [(h[0], h[2]) for h in held] == [("USA", "call"), ("USA", "oppose")]


def test_for_our_part_is_the_speakers_own_claim_stated_once() -> None:
    held = _held("“For our part, we confirm our readiness to help our partners,” the Russian "
                 "Foreign Ministry's Spokesperson said.")
    assert held == [("RUS", "RUS", "commit", False)]


def test_a_collective_we_is_the_group() -> None:
    doc = tag("We, the G7 Foreign Ministers of Canada, France, Germany, Italy, Japan, the "
              "United Kingdom and the United States, condemn the attack. We call on Russia "
              "to withdraw.")
    assert doc.meta.issuer == "org.g7" and doc.meta.origin.issuer == "text"
    assert [(p.holder, p.stance) for p in doc.positions] == [("org.g7", "condemn"),
                                                             ("org.g7", "call")]


def test_a_text_that_names_itself_gives_its_issuer() -> None:
    doc = tag("The United States congratulates the people of Armenia on the elections. "
              "We urge all parties to respect the results.")
    assert doc.meta.issuer == "USA"
    assert [(p.holder, p.stance) for p in doc.positions] == [("USA", "welcome"),
                                                             ("USA", "call")]


def test_a_merely_mentioned_state_is_not_the_issuer() -> None:
    doc = tag("Our delegation met colleagues in Geneva. The talks with Russia were long. "
              "We call on all parties to exercise restraint.")
    assert doc.meta.issuer is None
    assert [(p.holder, p.stance) for p in doc.positions] == [(None, "call")]


def test_a_byline_names_the_speaker() -> None:
    doc = tag("Armenia's Parliamentary Elections\n\nNed Price, Department Spokesperson\n"
              "We welcome the overall positive assessment by the observers.\n")
    assert doc.meta.speakers == ("person.ned-price",)
    assert doc.meta.issuer == "USA"
    assert [(p.holder, p.stance) for p in doc.positions] == [("USA", "welcome")]


def test_a_weak_cue_speaks_only_where_no_other_cue_does(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefcli.rules import load_pack

    rules = tmp_path / "p.yaml"
    rules.write_text("kind: positions\nrules:\n"
                     "  - {id: s.mood, stance: concern, holder: speaker, weak: true,\n"
                     "     cues: [grim]}\n"
                     "  - {id: s.call, stance: call, cues: [we urge]}\n", encoding="utf-8")
    pack = load_pack([str(rules)], use_default=False)
    assert [p.rule for p in tag("The outlook is grim.", pack).positions] == ["s.mood"]
    # beside a stated stance, the mood word makes no second position
    assert [p.rule for p in tag("The outlook is grim, and we urge restraint.", pack).positions
            ] == ["s.call"]
    # the shipped lexicon: a bare evaluative word in the issuer's voice
    doc = tag("The Abraham Accords were a pivot of history.",
              context=Given.of("flag", issuer="ISR"))
    assert [(p.holder, p.stance, p.rule) for p in doc.positions] == [
        ("ISR", "welcome", "stance.welcome.positive-word")]


@pytest.mark.parametrize(("sentence", "stances"), [
    ("We continue to call on China to act in accordance with its obligations.", ["call"]),
    ("We continue to work to support Ukraine's defenses.", ["support"]),
    ("We will support the mission.", ["support"]),
    ("We will continue to provide assistance.", ["commit"]),  # no stance verb after it
    ("So we have to increase our efforts.", ["commit"]),  # a first-person obligation
    ("We will review the proposal, and we urge restraint.", ["commit", "call"]),
])
def test_an_auxiliary_cue_gives_way_to_the_stance_verb_after_it(sentence: str,
                                                                stances: list[str]) -> None:
    doc = tag(sentence, context=Given.of("flag", issuer="USA"))
    assert [(p.holder, p.stance) for p in doc.positions] == [("USA", s) for s in stances]


def test_a_yielding_rule_from_a_user_pack(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefcli.rules import load_pack

    rules = tmp_path / "p.yaml"
    rules.write_text("kind: positions\nrules:\n"
                     "  - {id: s.go-on, stance: commit, yields: true, cues: [we go on to]}\n"
                     "  - {id: s.back, stance: support, cues: [back]}\n", encoding="utf-8")
    pack = load_pack([str(rules)], use_default=False)
    assert [p.rule for p in tag("We go on to back the plan.", pack).positions] == ["s.back"]
    # a verb that does not follow it directly leaves the auxiliary's claim standing
    assert [p.rule for p in tag("We go on to talk, and back it.", pack).positions] == [
        "s.go-on", "s.back"]


def test_a_coordinated_reporting_verb_keeps_the_clause_subject() -> None:
    text = ("Acting Assistant Secretary Joey Hood met with Advisor to Prime Minister Hichem "
            "Mechichi, Elyes Ghariani, and underscored the United States' commitment to "
            "partnering with Tunisia.")
    holders = [(p.holder, p.holder_via) for p in tag(text).positions]
    assert holders == [("person.joey-hood", "attribution")]
    # a verb with a subject of its own is that subject's
    own = ("Secretary Blinken met Prime Minister Mechichi, and Mechichi underscored his "
           "commitment to the reforms.")
    assert [p.holder for p in tag(own).positions] == ["person.hichem-mechichi"]


def test_what_someone_says_is_no_reporting_frame() -> None:
    """"what it says" names words as a thing: the sentence stays the speaker's."""
    doc = tag("SECRETARY BLINKEN: It's very important to look at what Russia actually does, "
              "not what it says.\n", context=Given.of("flag", issuer="USA"))
    assert [(p.holder, p.stance, p.holder_via) for p in doc.positions] == [
        ("person.antony-blinken", "call", "turn")]
    reported = tag("Lavrov said that Russia rejects the plan.\n")
    assert [(p.holder, p.holder_via) for p in reported.positions] == [
        ("person.sergey-lavrov", "attribution")]


def test_effort_and_weight_are_stances_passive_threats_are_not() -> None:
    assert _held("We are also focusing on improving the quality of life.", issuer="ECU") == [
        ("ECU", "ECU", "commit", False)]
    assert _held("Turkmenistan attaches particular importance to the United Nations.",
                 issuer="TKM") == [("TKM", "TKM", "support", False)]
    assert _held("Many species are threatened today in Europe.", issuer="HRV") == []


@pytest.mark.parametrize(("sentence", "stances"), [
    ("We undertook this review with a great deal of care.", []),
    ("I would have to refer you to the Department of Defense.", []),
    ("We'll have more to say on this later today.", []),
    ("So Mr. Minister, welcome.", []),
    ("I am very glad to be back in Algeria.", []),
    ("We look forward to the conversation ahead.", []),
    ("With that, happy to turn to your questions.", []),
    ("Let's take a step back and consider the state of the war.", []),
    ("It's great to be with you.", []),
    ("Plastic is one of the greatest threats humankind faces.", ["warn"]),
    ("The summit was a great success.", ["welcome"]),
])
def test_an_amount_a_greeting_or_a_danger_is_no_praise(sentence: str,
                                                        stances: list[str]) -> None:
    assert [h[2] for h in _held(sentence, issuer="USA")] == stances


@pytest.mark.parametrize(("sentence", "holder", "stance"), [
    ("The United Kingdom is appalled by the sentencing of the journalist.", "GBR", "concern"),
    ("The European Union calls for an immediate release of all political prisoners.",
     "org.eu", "call"),
    ("The United States is deeply disturbed by the Iraqi Parliament's passage of the law.",
     "USA", "concern"),
])
def test_a_feeling_or_a_demand_is_its_subjects(sentence: str, holder: str, stance: str) -> None:
    """Even in another ministry's text; and a feeling's "by" names its cause, not its holder."""
    assert _held(sentence, issuer="RUS") == [(holder, holder, stance, False)]


def test_a_noun_demands_is_no_demand() -> None:
    """"Azerbaijan's maximalist demands undermine the talks" is Armenia's verdict, not a call
    by Azerbaijan."""
    assert _held("Azerbaijan's maximalist demands undermine the peace process.",
                 issuer="ARM") == [("ARM", "ARM", "oppose", False)]


def test_a_reporting_verbs_object_is_not_its_postposed_subject() -> None:
    """"said the Ministry" names who speaks; "reiterates its call on the Belarusian
    authorities" names whom the call is on."""
    assert _held("The EU reiterates its call on the Belarusian authorities to release all "
                 "political prisoners.", issuer="FRA") == [("org.eu", "org.eu", "call", False)]


def test_a_state_that_considers_something_holds_the_verdict() -> None:
    assert _held("The Islamic Republic of Iran considers the strikes a flagrant violation of "
                 "the UN Charter.", issuer="FRA") == [("IRN", "IRN", "condemn", False)]


def test_what_a_state_believes_is_its_own() -> None:
    assert _held("The United Kingdom firmly believes that the only way forward is dialogue.",
                 issuer="RUS") == [("GBR", "GBR", "support", False)]


def test_a_moderators_turn_and_handing_over_the_floor_are_no_positions() -> None:
    doc = tag("MODERATOR: Great, thanks very much. We'll go to the line of Matt Lee.\n"
              "QUESTION: Will the sanctions be lifted?\n"
              "MR PRICE: We'll take two more questions. We condemn the attack in the "
              "strongest terms.\n", context=Given.of("flag", issuer="USA"))
    assert [(p.stance, p.text) for p in doc.positions] == [("condemn", "condemn")]


def test_a_cue_that_says_i_is_the_speakers_whoever_is_addressed() -> None:
    assert _held("To Secretary-General Antonio Guterres, I would like to express our "
                 "appreciation for his tireless work.", issuer="NER") == [
        ("NER", "NER", "welcome", False)]


def test_i_as_the_nearest_subject_is_the_speaker_but_not_before_another_subject() -> None:
    assert _held("Curtailing landmines was a commitment that President Biden made, and I'm "
                 "extremely pleased to highlight the policy.", issuer="USA") == [
        ("USA", "USA", "welcome", False)]
    assert _held("President Biden spoke at the summit. And I know he looks forward to "
                 "returning.", issuer="USA") == [("person.joe-biden", "USA", "expect", False)]


def test_a_press_secretarys_turn_is_an_answer_not_a_journalists() -> None:
    doc = tag("Reporter: Will Japan protest?\n"
              "Press Secretary KOBAYASHI Maki: We strongly condemn the launch.\n",
              context=Given.of("flag", issuer="JPN"))
    assert [t.is_question for t in doc.turns] == [True, False]
    assert [(p.on_behalf_of, p.stance) for p in doc.positions] == [("JPN", "condemn")]


def test_the_spokesperson_of_a_body_speaks_for_the_organisation_it_serves() -> None:
    doc = tag("Question: And Georgia?\nAnitta Hipper: We are deeply concerned by the "
              "crackdown.\n")
    assert [(p.holder, p.on_behalf_of, p.stance) for p in doc.positions] == [
        ("org.eu", "org.eu", "concern")]
