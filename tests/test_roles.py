"""Source and target from the parse: active and passive voice, by-agents, possessives and
nationality adjectives, noun complements, coordination, actorless events, speakers.

Every sentence was written for these tests. Countries are ISO 3166-1 alpha-3 codes.
"""

from __future__ import annotations

import pytest

import eventwatch

PUBLISHED = "2024-05-15"


def event_with(text: str, word: str) -> dict:
    record = eventwatch.extract(text, published=PUBLISHED).to_dict()
    found = [e for e in record["events"] if word.lower() in e["trigger"]["text"].lower()
             or word.lower() in e["reasons"].get("merged", "").lower()]
    assert found, f"no event with trigger {word!r} in {[e['trigger']['text'] for e in record['events']]}"
    return found[0]


def countries(actors: list[dict]) -> set[str | None]:
    return {a["country"] for a in actors}


ROLE_CASES = [
    # (sentence, trigger word, source countries, target countries)
    ("Russia attacked Georgia in August.", "attacked", {"RUS"}, {"GEO"}),
    ("Georgia was attacked by Russia in August.", "attacked", {"RUS"}, {"GEO"}),
    ("Ethiopia accused Eritrea of arming the rebels.", "accused", {"ETH"}, {"ERI"}),
    ("Kenya praised Tanzania for its help.", "praised", {"KEN"}, {"TZA"}),
    ("India expelled two Pakistani diplomats on Friday.", "expelled", {"IND"}, {"PAK"}),
    ("Japan and South Korea signed a trade agreement.", "signed", {"JPN", "KOR"}, set()),
    ("France criticised Italy over the migrant boat.", "criticised", {"FRA"}, {"ITA"}),
    ("Brazil urged Argentina to lift the tariffs.", "urged", {"BRA"}, {"ARG"}),
    ("Egypt rejected the proposal from Ethiopia.", "rejected", {"EGY"}, set()),
    ("Poland called on Germany and France to send more tanks.", "called on", {"POL"}, {"DEU", "FRA"}),
    ("Canada imposed sanctions on Iran.", "sanctions", {"CAN"}, {"IRN"}),
    ("A Russian strike on Odesa killed three people.", "strike", {"RUS"}, set()),
    ("Turkish forces shelled Kurdish positions near the border.", "shelled", {"TUR"}, set()),
    ("Chinese warships blockaded the island of Taiwan.", "blockaded", {"CHN"}, set()),
    ("Israel's bombardment of Gaza continued overnight.", "bombardment", {"ISR"}, set()),
    ("Uganda threatened Kenya with a trade embargo.", "threatened", {"UGA"}, {"KEN"}),
    ("Ghana met Nigeria in Accra for talks on border security.", "met", {"GHA"}, {"NGA"}),
    ("Sudanese soldiers arrested six Chadian traders.", "arrested", {"SDN"}, {"TCD"}),
    ("Mexico condemned the attack on its consulate.", "condemned", {"MEX"}, set()),
    ("Vietnam sent rice to Cuba after the hurricane.", "sent", {"VNM"}, {"CUB"}),
]


@pytest.mark.parametrize(("text", "word", "source", "target"), ROLE_CASES)
def test_source_and_target_countries(text: str, word: str, source: set, target: set) -> None:
    event = event_with(text, word)
    assert source <= countries(event["source"])
    assert target <= countries(event["target"])


def test_passive_without_agent_has_no_source() -> None:
    event = event_with("A journalist was shot dead in Kharkiv on Sunday.", "shot")
    assert event["source"] == []
    assert event["reasons"]["source"]


def test_passive_arrest_without_agent_keeps_the_arrested_as_target() -> None:
    event = event_with("Twenty protesters were arrested in Minsk.", "arrested")
    assert event["source"] == []
    assert event["target"] and "protesters" in event["target"][0]["text"]


def test_unidentified_attackers_are_not_given_a_country() -> None:
    event = event_with("Masked attackers stormed the village at dawn.", "stormed")
    assert all(actor["country"] is None for actor in event["source"])


def test_unnamed_gunmen_are_not_guessed() -> None:
    event = event_with("Unknown gunmen killed a village chief near the border.", "killed")
    assert all(actor["country"] is None for actor in event["source"])


def test_future_passive_without_agent() -> None:
    event = event_with("The suspects will be charged with treason.", "charged")
    assert event["source"] == []
    assert event["factuality"] == "future"


def test_coordinated_targets_are_a_list() -> None:
    event = event_with("The minister accused Serbia and Hungary of blocking the plan.", "accused")
    assert {"SRB", "HUN"} <= countries(event["target"])


def test_coordinated_nationalities_are_two_sources() -> None:
    event = event_with("Greek and Turkish officials agreed to reopen the crossing.", "agreed")
    assert {"GRC", "TUR"} <= countries(event["source"])


def test_noun_event_takes_the_source_of_its_light_verb() -> None:
    event = event_with("Nigerian troops carried out raids on militant camps.", "raids")
    assert "NGA" in countries(event["source"])


def test_by_agent_of_a_noun_event() -> None:
    event = event_with("The attack by Pakistani soldiers lasted two hours.", "attack")
    assert "PAK" in countries(event["source"])


def test_speech_verb_source_is_the_speaker_and_said_by_is_empty() -> None:
    event = event_with("Norway blamed Russia for the cyberattack.", "blamed")
    assert "NOR" in countries(event["source"])
    assert event["said_by"] is None


def test_reported_event_keeps_the_speaker_as_said_by() -> None:
    event = event_with("The governor said that Ukrainian drones hit a fuel depot in Belgorod.", "hit")
    assert event["said_by"] is not None
    assert "governor" in event["said_by"]["text"]
    assert "UKR" in countries(event["source"])


def test_event_inside_a_direct_quote_is_said_by_its_speaker() -> None:
    text = "“The army shelled our village for three days,” the mayor told reporters."
    event = event_with(text, "shelled")
    assert event["said_by"] is not None
    assert "mayor" in event["said_by"]["text"]


def test_according_to_gives_the_source_of_the_claim() -> None:
    event = event_with("Rebels attacked a police post in Kidal, according to the army.", "attacked")
    assert event["said_by"] is not None
    assert "army" in event["said_by"]["text"]


def test_place_is_not_the_dateline() -> None:
    text = "NAIROBI — Somali troops attacked a militant base in Kismayo on Monday, officials said."
    event = event_with(text, "attacked")
    assert event["where"] is not None
    assert event["where"]["country"] == "SOM"


def test_two_accusations_with_their_own_subjects_are_two_events() -> None:
    record = eventwatch.extract("Estonia accused Russia of jamming. Latvia accused Belarus of provocation.",
                                published=PUBLISHED).to_dict()
    accusations = [e for e in record["events"] if e["type"] == "ACCUSE"]
    assert len(accusations) == 2


# -- roles by word order, where the parse gives none (events.positional) ----------------------

POSITIONAL_CASES = [
    # (sentence, trigger word, source countries, target countries)
    ("Chilean President Gabriel Boric on Monday hosted Peruvian Foreign Minister Javier Gonzalez-Olaechea "
     "in Santiago.", "hosted", {"CHL"}, {"PER"}),
    ("Palestinian officials demanded on Friday that Israel halt the demolitions.", "demanded", {"PSE"}, {"ISR"}),
    ("Norway and Sweden renewed negotiations today on fishing quotas.", "negotiations", {"NOR", "SWE"}, set()),
    ("The Algerian government threatened to impose a curfew in Oran.", "threatened", {"DZA"}, {"DZA"}),
]


@pytest.mark.parametrize(("text", "word", "source", "target"), POSITIONAL_CASES)
def test_roles_by_word_order_when_the_parse_gives_none(text: str, word: str, source: set, target: set) -> None:
    event = event_with(text, word)
    assert countries(event["source"]) == source
    assert countries(event["target"]) == target


@pytest.mark.parametrize(("text", "word"), [
    ("Kyiv said the attack killed five people at the market.", "attack"),
    ("A journalist was shot dead in Kharkiv, Ukrainian police said.", "shot"),
    ("Officials in Kenya said the convoy was ambushed near the border.", "ambushed"),
])
def test_word_order_never_names_a_perpetrator_the_text_does_not(text: str, word: str) -> None:
    event = event_with(text, word)
    assert event["source"] == []
    assert event["reasons"]["source"]


@pytest.mark.parametrize("text", [
    "Serbia refused to attend the meeting on Monday, the EU's envoy told reporters.",
    "Serbia refused to attend the meeting on Monday, an EU spokesman said.",
])
def test_a_reporting_tail_is_not_the_target(text: str) -> None:
    event = event_with(text, "refused")
    assert countries(event["source"]) == {"SRB"}
    assert event["target"] == []


def test_the_place_of_a_strike_is_not_its_target() -> None:
    event = event_with("A missile hit the main railway station in Dnipro on Sunday.", "hit")
    assert event["target"] == []
    assert event["source"] == []


def test_a_role_read_from_word_order_says_so() -> None:
    event = event_with("Palestinian officials demanded on Friday that Israel halt the demolitions.", "demanded")
    assert "target" not in event["reasons"] or "after the trigger" in event["reasons"]["target"]


def test_fighting_in_an_adjunct_is_fought_by_the_clause_agent() -> None:
    event = event_with("Burmese troops captured a rebel stronghold near the Thai border after five days of fighting.",
                       "fighting")
    assert countries(event["source"]) == {"MMR"}


def test_a_death_names_no_perpetrator_of_what_caused_it() -> None:
    event = event_with("A Palestinian prisoner died as a result of torture in custody.", "torture")
    assert event["source"] == []


def test_a_stance_in_participle_form_is_held_by_its_subject() -> None:
    event = event_with("Hungary is opposed to Austrian plans for a border fence.", "opposed")
    assert countries(event["source"]) == {"HUN"}


def test_it_before_willing_is_the_speaker_not_an_expletive() -> None:
    event = event_with("Morocco says it is willing to withdraw its troops from the border zone.", "withdraw")
    assert countries(event["source"]) == {"MAR"}
    assert event["source"][0]["text"] == "it"


def test_a_purpose_clause_shares_the_main_subject() -> None:
    event = event_with("Thousands of Kenyans gathered in Nairobi on Sunday to protest the new tax law.", "protest")
    assert countries(event["source"]) == {"KEN"}


def test_a_title_of_a_state_organ_takes_its_country() -> None:
    event = event_with("Gunmen killed the deputy chief of Kenya's border police on Sunday.", "killed")
    assert countries(event["target"]) == {"KEN"}


@pytest.mark.parametrize(("text", "word"), [
    ("Five civilian passengers from Pakistan were among those killed in the initial attack.", "attack"),
    ("The convoy from Pakistan came under attack near the border.", "attack"),
    ("While Iraq and Syria are central to its ideology, there has been a growing consensus among experts.",
     "consensus"),
])
def test_word_order_never_makes_a_victim_or_a_bystander_the_source(text: str, word: str) -> None:
    event = event_with(text, word)
    assert event["source"] == []
