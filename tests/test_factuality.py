"""Factuality of events: asserted, negated, future, conditional, possible; threats and refusals.

Every sentence here was written for these tests. Each names one event by a trigger word; the
test finds the event whose trigger holds that word and checks its factuality (and, where
the reading changes the type, its type).
"""

from __future__ import annotations

import pytest

import eventwatch

PUBLISHED = "2024-05-15"


def event_with(text: str, word: str) -> dict:
    record = eventwatch.extract(text, published=PUBLISHED).to_dict()
    found = [e for e in record["events"] if word.lower() in e["trigger"]["text"].lower()]
    assert found, f"no event with trigger {word!r} in {[e['trigger']['text'] for e in record['events']]}"
    return found[0]


def events_of(text: str) -> list[dict]:
    return eventwatch.extract(text, published=PUBLISHED).to_dict()["events"]


ASSERTED = [
    ("Government troops shelled the village of Marwa on Monday.", "shelled"),
    ("Police arrested twelve students in the capital.", "arrested"),
    ("The rebels seized the town of Ogaden last week.", "seized"),
    ("Thousands of teachers marched through the city centre.", "marched"),
    ("The army deployed tanks along the northern border.", "deployed"),
    ("Ministers from both countries met in Geneva on Tuesday.", "met"),
    ("The president condemned the bombing of the hospital.", "condemned"),
    ("The government expelled two foreign diplomats.", "expelled"),
    ("Gunmen killed four farmers near the market.", "killed"),
    ("The militia released the kidnapped engineers on Sunday.", "released"),
]

NEGATED = [
    ("The army has not attacked the rebel positions.", "attacked"),
    ("Police did not arrest any of the protesters.", "arrest"),
    ("The two leaders never met during the summit season.", "met"),
    ("The government denied that its troops shelled the village.", "shelled"),
    ("No agreement was reached after the talks in Oslo.", "agreement"),
    ("The ministry denied that soldiers had attacked the convoy.", "attacked"),
    ("The militia didn't release the hostages.", "release"),
    ("Troops failed to capture the hilltop town.", "capture"),
]

FUTURE = [
    ("The ministry will deploy more troops to the border next week.", "deploy"),
    ("The government plans to arrest the organisers of the strike.", "arrest"),
    ("The foreign minister will visit Nairobi in June.", "visit"),
    ("The army is expected to withdraw from the valley.", "withdraw"),
    ("The detainees will be charged with sedition.", "charged"),
    ("The two presidents are scheduled to meet in Cairo.", "meet"),
    ("Officials said the talks would resume in Vienna.", "talks"),
    ("The coalition intends to impose sanctions on the regime.", "sanctions"),
]

CONDITIONAL = [
    ("The army will attack the town if the rebels refuse to leave.", "attack"),
    ("The government would withdraw its troops if the ceasefire holds.", "withdraw"),
    ("Police will arrest the leaders unless the crowd disperses.", "arrest"),
    ("If the talks fail, the militia will resume attacks on the highway.", "attacks"),
    ("The rebels would release the prisoners if the government paid a ransom.", "release"),
]

POSSIBLE = [
    ("The rebels may attack the airport.", "attack"),
    ("Troops could shell the port within days.", "shell"),
    ("Officials fear the militia might seize the dam.", "seize"),
    ("Residents feared reprisals after the army arrested the chief.", "reprisals"),
    ("The army may deploy more soldiers to the region.", "deploy"),
    ("The two sides could meet next month in Doha.", "meet"),
]


@pytest.mark.parametrize(("text", "word"), ASSERTED)
def test_asserted(text: str, word: str) -> None:
    assert event_with(text, word)["factuality"] == "asserted"


@pytest.mark.parametrize(("text", "word"), NEGATED)
def test_negated(text: str, word: str) -> None:
    assert event_with(text, word)["factuality"] == "negated"


@pytest.mark.parametrize(("text", "word"), FUTURE)
def test_future(text: str, word: str) -> None:
    assert event_with(text, word)["factuality"] == "future"


@pytest.mark.parametrize(("text", "word"), CONDITIONAL)
def test_conditional(text: str, word: str) -> None:
    assert event_with(text, word)["factuality"] == "conditional"


@pytest.mark.parametrize(("text", "word"), POSSIBLE)
def test_possible(text: str, word: str) -> None:
    assert event_with(text, word)["factuality"] == "possible"


def test_negation_word_is_not_in_the_trigger_of_a_negated_event() -> None:
    event = event_with("No agreement was reached after the talks in Oslo.", "agreement")
    assert event["trigger"]["text"] == "agreement"
    assert event["type"] == "AGREE"


def test_threat_is_a_threaten_event_and_the_threatened_act_is_not_asserted() -> None:
    events = events_of("The president threatened to bomb the rebel camps.")
    assert [e["type"] for e in events] == ["THREATEN"]
    assert events[0]["factuality"] == "asserted"
    assert events[0]["mode"] == "violence"


def test_warning_of_sanctions_codes_the_threat_not_the_sanctions() -> None:
    events = events_of("The minister warned that Washington would impose sanctions on the port authority.")
    types = [e["type"] for e in events]
    assert "THREATEN" in types
    assert "SANCTION" not in types


def test_own_future_violence_in_a_quote_is_a_threat() -> None:
    text = "“Our fighters will keep attacking every convoy on the highway,” the rebel commander said."
    events = events_of(text)
    assert [e["type"] for e in events] == ["THREATEN"]
    assert events[0]["factuality"] == "asserted"


def test_never_recognise_in_reported_speech_is_a_refusal() -> None:
    event = event_with("The prime minister said that Armenia would never recognise the breakaway republic.", "recognise")
    assert event["type"] == "REJECT"
    assert event["factuality"] == "asserted"
    assert event["trigger"]["text"] == "never recognise"


def test_a_request_does_not_assert_the_requested_act() -> None:
    events = events_of("The governor urged the army to withdraw its tanks from the city.")
    assert [e["type"] for e in events] == ["REQUEST"]
    assert events[0]["mode"] == "yield"


def test_a_refusal_codes_what_was_refused_as_its_content() -> None:
    events = events_of("The rebels refused to release the hostages.")
    assert [e["type"] for e in events] == ["REJECT"]
    assert events[0]["mode"] == "yield"


def test_generic_mention_is_not_an_event() -> None:
    events = events_of("Many residents stayed indoors for fear of arrest.")
    assert events == []


def test_reasons_name_the_factuality_cue() -> None:
    event = event_with("The army will attack the town if the rebels refuse to leave.", "attack")
    assert "if" in event["reasons"]["factuality"]


def test_announcing_own_release_is_a_commitment() -> None:
    events = events_of("The rebel commander said his fighters will release the captured soldiers.")
    assert [e["type"] for e in events] == ["AGREE"]
    assert events[0]["factuality"] == "asserted"


@pytest.mark.parametrize(("text", "type_"), [
    ("The spokesman said their fighters will attack the base.", "THREATEN"),
    ("The minister said their troops would withdraw from the border.", "AGREE"),
])
def test_own_forces_are_own_whether_the_possessive_is_in_the_actor_or_before_it(text: str, type_: str) -> None:
    # the actors stage may keep "their" in the actor's text ("their fighters") or leave it before
    # it ("his fighters" -> "fighters"): both are the speaker's own side, read as one event
    events = events_of(text)
    assert [(e["type"], e["factuality"]) for e in events] == [(type_, "asserted")]
    assert "own announced" in events[0]["reasons"]["type"]


def test_narrated_future_act_stays_future() -> None:
    event = event_with("The government will release the prisoners next week.", "release")
    assert (event["type"], event["factuality"]) == ("RETREAT", "future")


@pytest.mark.parametrize(("text", "act", "cameo"), [
    ("The government will release the prisoners next week.", "RETREAT", "035"),
    ("Finland will give Tanzania a grant to finance water projects.", "AID", "033"),
    ("Portugal will support Turkey's bid to join the bloc, its president said.", "SUPPORT", "032"),
])
def test_a_future_act_of_cooperation_is_also_an_asserted_intent(text: str, act: str, cameo: str) -> None:
    events = events_of(text)
    future = [e for e in events if e["type"] == act]
    intent = [e for e in events if e["type"] == "AGREE"]
    assert future and future[0]["factuality"] == "future"
    assert intent and intent[0]["factuality"] == "asserted" and intent[0]["cameo"] == cameo
    assert {a["country"] for a in intent[0]["source"]} == {a["country"] for a in future[0]["source"]}


@pytest.mark.parametrize("text", [
    "The army will attack the town at dawn.",  # a future attack is no intent to cooperate
    "Aid will be delivered to the camps next week.",  # no one named who intends it
    "Norway agreed to send medical teams to the region.",  # the agreement is its own AGREE event
])
def test_no_intent_event_without_a_cooperative_act_by_a_named_source(text: str) -> None:
    events = events_of(text)
    assert sum(e["type"] == "AGREE" for e in events) <= (1 if "agreed" in text else 0)


def test_unless_makes_an_own_announcement_an_ultimatum() -> None:
    events = events_of("The party said it will boycott the elections unless the president resigns.")
    assert events[0]["type"] == "THREATEN"
    assert events[0]["factuality"] == "asserted"


def test_what_someone_else_must_do_is_a_demand() -> None:
    events = events_of("Egypt said on Monday that Ethiopia must stop filling the dam.")
    demands = [e for e in events if e["type"] == "REQUEST"]
    assert demands and demands[0]["trigger"]["text"] == "must"
    assert demands[0]["source"][0]["country"] == "EGY"
    assert demands[0]["target"][0]["country"] == "ETH"


def test_must_outside_reported_speech_is_no_demand() -> None:
    assert [e for e in events_of("Ethiopia must stop filling the dam.") if e["type"] == "REQUEST"] == []


def test_events_inside_the_condition_are_not_threats() -> None:
    events = events_of("The party said it will boycott the elections unless the president resigns.")
    assert all(e["type"] != "THREATEN" for e in events if "resign" in e["trigger"]["text"])


@pytest.mark.parametrize(("text", "act"), [
    ("Greece plans to impose restrictions on imports from its northern neighbour.", "SANCTION"),
    ("The junta will arrest the opposition leaders, state television announced.", "COERCE"),
])
def test_an_announced_hostile_act_is_also_a_threat(text: str, act: str) -> None:
    events = events_of(text)
    future = [e for e in events if e["type"] == act]
    threat = [e for e in events if e["type"] == "THREATEN"]
    assert future and future[0]["factuality"] == "future"
    assert threat and threat[0]["factuality"] == "asserted"
