"""The ontology tables and the trigger lexicon as data (no parse involved)."""

from __future__ import annotations

import pytest

from eventwatch.knowledge import ontology, triggers


@pytest.fixture(scope="module")
def tables() -> ontology.Ontology:
    return ontology.load()


@pytest.fixture(scope="module")
def lexicon() -> triggers.TriggerLexicon:
    return triggers.load()


def test_quad_classes_follow_plover(tables: ontology.Ontology) -> None:
    assert {t: tables.quad(t) for t in ("AGREE", "AID", "REQUEST", "ASSAULT")} == {
        "AGREE": 1, "AID": 2, "REQUEST": 3, "ASSAULT": 4}


def test_intensity_is_the_mode_score_else_the_type_score(tables: ontology.Ontology) -> None:
    assert tables.intensity("ASSAULT", "drone") == -9.5
    assert tables.intensity("ASSAULT", None) == -9
    assert tables.intensity("CONSULT", "multilateral") == 4
    assert tables.intensity("PROTEST", "vandalize") == -5  # a mode without its own score


def test_cameo_codes_map_to_plover_types(tables: ontology.Ontology) -> None:
    assert tables.cameo_type("195") == "ASSAULT"
    assert tables.cameo_type("192") == "COERCE"
    assert tables.cameo_type("1723") == "COERCE"
    assert tables.cameo_type("0232") == "REQUEST"
    assert tables.cameo_type("087") == "RETREAT"
    assert tables.cameo_type("046") == "CONSULT"
    assert tables.cameo_type("01") is None


def test_unknown_finer_code_falls_back_to_its_parent(tables: ontology.Ontology) -> None:
    assert tables.cameo_type("1959") == "ASSAULT"


def test_acled_sub_event_types_belong_to_their_event_types(tables: ontology.Ontology) -> None:
    assert sum(len(subs) for subs in tables.acled.values()) == 25
    assert tables.acled_event_type("Air/drone strike") == "Explosions/Remote violence"
    assert tables.acled_event_type("Non-state actor overtakes territory") == "Battles"
    assert tables.acled_event_type("Arrests") == "Strategic developments"


def test_old_gold_types_map_to_plover_two(tables: ontology.Ontology) -> None:
    assert tables.modern_type("DISAPPROVE") == ("ACCUSE", "disapprove")
    assert tables.modern_type("FIGHT") == ("ASSAULT", None)
    assert tables.modern_type("AGREE") == ("AGREE", None)


def test_every_lexicon_entry_is_coded_consistently(tables: ontology.Ontology, lexicon: triggers.TriggerLexicon) -> None:
    for entry in lexicon.entries:
        assert entry.type in tables.types, entry
        assert tables.valid_mode(entry.type, entry.mode), entry
        if entry.acled:
            assert tables.acled_event_type(entry.acled) is not None, entry
        for context in entry.context:
            assert context in tables.contexts, entry


def test_weapon_cues_are_valid_assault_modes(tables: ontology.Ontology, lexicon: triggers.TriggerLexicon) -> None:
    for cue in lexicon.weapons:
        assert tables.valid_mode("ASSAULT", cue.mode)
        assert tables.cameo_type(cue.cameo) == "ASSAULT"


def test_regular_inflections_are_matched(lexicon: triggers.TriggerLexicon) -> None:
    forms = ["troops", "shelled", "the", "town"]
    matches = lexicon.match_at(forms, forms, 1)
    assert matches and matches[0].entry.type == "ASSAULT"


def test_phrases_win_over_single_words(lexicon: triggers.TriggerLexicon) -> None:
    forms = ["jets", "shot", "down", "drones"]
    lemmas = ["jet", "shoot", "down", "drone"]
    best = lexicon.match_at(forms, lemmas, 1)[0]
    assert best.length == 2
    assert best.entry.type == "ASSAULT"


def test_content_modes_pick_the_request_code(lexicon: triggers.TriggerLexicon) -> None:
    assert lexicon.content_mode("REQUEST", "AID", family="appeal", military=True) == ("assist", "0232")
    assert lexicon.content_mode("REQUEST", "CONSULT", family="appeal") == ("meet", "026")
    assert lexicon.content_mode("THREATEN", "SANCTION") == ("restrict", "1312")
    assert lexicon.content_mode("REJECT", None) == (None, "120")
