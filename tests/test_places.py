"""The places stage on handwritten news sentences: recognition, metonymy, precision, disambiguation."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from eventwatch.document import ArticleText, Document
from eventwatch.knowledge import countries as country_table
from eventwatch.knowledge import gazetteer as gazetteer_reader
from eventwatch.mentions.places import PlaceStage, create
from eventwatch.pipeline import Resources


@pytest.fixture(scope="module")
def stage() -> PlaceStage:
    return PlaceStage(gazetteer=gazetteer_reader.load(), countries=country_table.load())


def run(stage: PlaceStage, text: str, *, entities: list[tuple[str, str]] = ()) -> Document:
    doc = Document(article=ArticleText(text=text))
    if entities:
        doc.spacy = with_entities(text, entities)
    doc = stage.process(doc)
    for place in doc.places:
        assert text[place.start:place.end] == place.text
    return doc


def with_entities(text: str, entities: list[tuple[str, str]]):
    """A real spaCy Doc whose entities are the given (surface, label) pairs: a recogniser's output."""
    doc = spacy.blank("en")(text)
    spans, used = [], []
    for surface, label in entities:
        start = text.index(surface)
        while any(s < start + len(surface) and start < e for s, e in used):  # the next free occurrence
            start = text.index(surface, start + 1)
        used.append((start, start + len(surface)))
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = [s for s in spans if isinstance(s, Span)]
    return doc


def places(doc: Document) -> list[tuple[str, str, str | None]]:
    return [(p.text, p.feature, p.country) for p in doc.places]


def place(doc: Document, text: str):
    return next(p for p in doc.places if p.text == text)


# --- recognition ------------------------------------------------------------------------------

def test_every_resolved_place_has_the_record_fields(stage):
    doc = run(stage, "Fighting spread from Khartoum to El Fasher in North Darfur.")
    khartoum = place(doc, "Khartoum")
    assert (khartoum.name, khartoum.feature, khartoum.country, khartoum.geonames_id) == (
        "Khartoum", "city", "SDN", 379252)
    assert khartoum.admin1 and khartoum.lat == pytest.approx(15.55, abs=0.1)
    assert khartoum.lon == pytest.approx(32.53, abs=0.1)
    assert "El Fasher" in [p.text for p in doc.places]


def test_the_dateline_is_a_place(stage):
    doc = run(stage, "KYIV — Russian drones hit the city of Dnipro overnight, officials said.")
    assert places(doc)[:2] == [("KYIV", "city", "UKR"), ("Dnipro", "city", "UKR")]
    doc = run(stage, "BEIRUT, Lebanon (AP) — Israeli jets struck the south overnight.")
    assert ("BEIRUT", "city", "LBN") in places(doc)


def test_seas_straits_regions_and_territories(stage):
    doc = run(stage, "Ships avoid the Red Sea and the Bab el-Mandeb strait, while drought grips the Sahel "
                     "and the Horn of Africa; settlers moved into the West Bank.")
    found = {p.text: (p.feature, p.country, p.geonames_id) for p in doc.places}
    assert found["Red Sea"] == ("other", None, None)
    assert found["Bab el-Mandeb"] == ("other", None, None)
    assert found["Sahel"][0] == "region" and found["Horn of Africa"][0] == "region"
    assert found["West Bank"][:2] == ("admin1", "PSE")


def test_countries_as_places_have_feature_country(stage):
    doc = run(stage, "Aid trucks crossed into Sudan and Chad on Tuesday.")
    assert places(doc) == [("Sudan", "country", "SDN"), ("Chad", "country", "TCD")]


def test_abbreviations_and_other_spellings(stage):
    doc = run(stage, "Refugees from the DRC reached camps in the UAE, and flights to Kiev resumed via the U.S.")
    assert [(p.name, p.country) for p in doc.places] == [
        ("Democratic Republic of the Congo", "COD"), ("United Arab Emirates", "ARE"), ("Kyiv", "UKR"),
        ("United States", "USA")]
    doc = run(stage, "Strikes hit Khan Younis and Khan Yunis again.")
    assert {p.name for p in doc.places} == {"Khān Yūnis"}


def test_demonyms_are_country_signals_not_places(stage):
    doc = run(stage, "Ukrainian troops and Sudanese refugees met Somali pirates.")
    assert doc.places == []
    signals = doc.extras["places"]["country_signals"]
    assert [(s["text"], s["country"]) for s in signals] == [
        ("Ukrainian", "UKR"), ("Sudanese", "SDN"), ("Somali", "SOM")]


def test_common_words_need_a_preposition(stage):
    assert run(stage, "Officials said there was little Hope left.").places == []
    doc = run(stage, "A tornado struck a trailer park in Hope, Arkansas.")
    assert ("Hope", "city", "USA") in places(doc)


def test_person_and_organisation_names_are_not_places(stage):
    text = "George Washington Carver spoke to the Washington Post about Jordan Peterson."
    doc = run(stage, text, entities=[("George Washington Carver", "PERSON"), ("Washington Post", "ORG"),
                                     ("Jordan Peterson", "PERSON")])
    assert doc.places == []
    # without a recogniser, a run of capitalised words is a longer name all the same
    assert run(stage, "The Washington Post reported it.").places == []


def test_a_weak_recogniser_does_not_hide_a_country(stage):
    doc = run(stage, "Cases are appearing in Sudan.", entities=[("Sudan", "PERSON")])
    assert places(doc) == [("Sudan", "country", "SDN")]


def test_a_place_inside_the_name_of_something_there_is_a_place(stage):
    doc = run(stage, "He was held at the Rapides Parish Jail.", entities=[("Rapides Parish Jail", "ORG")])
    assert places(doc) == [("Rapides Parish", "admin2", "USA")]


# --- metonymy ---------------------------------------------------------------------------------

def test_capitals_that_act_are_metonyms(stage):
    doc = run(stage, "Washington said it was concerned. Moscow denied the report, and the Kremlin did not "
                     "comment. Kurti blamed Belgrade for the deadlock.")
    assert doc.places == []
    metonyms = {(m["text"], m["country"], tuple(m["sectors"])) for m in doc.extras["places"]["metonyms"]}
    assert {("Washington", "USA", ("GOV",)), ("Moscow", "RUS", ("GOV",)), ("Kremlin", "RUS", ("GOV",)),
            ("Belgrade", "SRB", ("GOV",))} <= metonyms


def test_the_same_capital_used_literally_is_a_place(stage):
    doc = run(stage, "Protesters gathered in Moscow, and a drone fell near Washington.")
    assert places(doc) == [("Moscow", "city", "RUS"), ("Washington", "city", "USA")]


def test_countries_used_as_actors_are_not_places(stage):
    doc = run(stage, "Russia launched 48 drones, and Ukraine's air force said it shot down 41. "
                     "Zelensky called on the United States and Germany to send more. Houthi forces in Yemen "
                     "fired missiles.")
    assert places(doc) == [("Yemen", "country", "YEM")]
    assert {m["text"] for m in doc.extras["places"]["metonyms"]} == {"Russia", "Ukraine", "United States",
                                                                      "Germany"}


# --- precision --------------------------------------------------------------------------------

def test_reduced_precision_is_noted(stage):
    doc = run(stage, "Gunmen attacked a village 30 km south of Mosul. Shelling hit a suburb of Khartoum, "
                     "and refugees camped near the border with Chad.")
    notes = {p.text: p.note for p in doc.places}
    assert notes["Mosul"] == "30 km south of"
    assert notes["Khartoum"] == "a suburb of"
    assert notes["Chad"] == "near the border with"


def test_a_designator_prefers_the_division(stage):
    doc = run(stage, "The army retook villages in Nineveh province and in Kabul Province.")
    assert places(doc) == [("Nineveh", "admin1", "IRQ"), ("Kabul Province", "admin1", "AFG")]
    assert place(doc, "Nineveh").name == "Ninawa"


# --- disambiguation ---------------------------------------------------------------------------

def test_a_qualifier_picks_the_place(stage):
    doc = run(stage, "Tornadoes hit Springfield, Illinois and Springfield, Mo. on Sunday.")
    springfields = [(p.admin1, p.country) for p in doc.places if p.text == "Springfield"]
    assert springfields == [("Illinois", "USA"), ("Missouri", "USA")]
    assert [(p.text, p.name, p.feature) for p in doc.places if p.feature == "admin1"] == [
        ("Illinois", "Illinois", "admin1"), ("Mo.", "Missouri", "admin1")]


def test_paris_is_french_unless_qualified(stage):
    assert place(run(stage, "The summit opened in Paris."), "Paris").country == "FRA"
    assert place(run(stage, "A storm flooded Paris, Texas."), "Paris").admin1 == "Texas"


def test_rafah_follows_the_story(stage):
    gaza = run(stage, "Israeli strikes hit Rafah and Khan Younis in the Gaza Strip.")
    assert place(gaza, "Rafah").country == "PSE"
    egypt = run(stage, "Trucks waited at Rafah near El Arish in North Sinai, Egyptian officials said.")
    assert place(egypt, "Rafah").country == "EGY"


def test_a_state_named_after_the_story_country(stage):
    assert place(run(stage, "Flooding hit Atlanta and Savannah in Georgia."), "Georgia").country == "USA"
    assert place(run(stage, "Protests spread from Tbilisi across Georgia."), "Georgia").country == "GEO"


def test_one_sense_per_article(stage):
    doc = run(stage, "Floods hit Alexandria in Rapides Parish. Alexandria's mayor asked for help.")
    assert {(p.country, p.admin1) for p in doc.places if p.text == "Alexandria"} == {("USA", "Louisiana")}


def test_create_reads_the_gazetteer_and_country_resources():
    resources = Resources({"gazetteer": {"loader": "eventwatch.knowledge.gazetteer:load"},
                           "countries": {"loader": "eventwatch.knowledge.countries:load"}})
    built = create(resources=resources, options={})
    assert built.name == "places"
    assert places(built.process(Document(article=ArticleText(text="Clashes in Mosul.")))) == [
        ("Mosul", "city", "IRQ")]


def test_agency_datelines_and_parenthesised_qualifiers(stage):
    doc = run(stage, "BEIRUT (AP) - A militia spokesman said the town fell.")
    assert ("BEIRUT", "city", "LBN") in places(doc)
    doc = run(stage, "The Walker County (Ga.) Sheriff's Office is asking for help.")
    assert [(p.text, p.name, p.admin1) for p in doc.places] == [
        ("Walker County", "Walker County", "Georgia"), ("Ga.", "Georgia", "Georgia")]


def test_a_clause_boundary_ends_the_search_for_an_actor_verb(stage):
    doc = run(stage, "Growth was led by Indonesia (306 MW) and Turkey (243 MW), said the report.")
    assert places(doc) == [("Indonesia", "country", "IDN"), ("Turkey", "country", "TUR")]


def test_the_dateline_sets_the_scene(stage):
    assert place(run(stage, "Militias clashed in Tripoli overnight."), "Tripoli").country == "LBY"
    doc = run(stage, "BEIRUT — Militias clashed in Tripoli overnight.")
    assert place(doc, "Tripoli").country == "LBN"


def test_a_sentence_opener_does_not_make_a_longer_name(stage):
    doc = run(stage, "One Edmonton resident called the hotline.")
    assert places(doc) == [("Edmonton", "city", "CAN")]


def test_a_locative_preposition_outweighs_a_weak_recogniser(stage):
    doc = run(stage, "A new program for businesses in Torrington starts Monday.", entities=[("Torrington", "ORG")])
    assert [p.text for p in doc.places] == ["Torrington"]


def test_a_place_name_inside_a_longer_location_name_is_not_that_place(stage):
    text = "The parade turned into Frenchmen Street near the Mississippi River, in Northeast Georgia."
    doc = run(stage, text, entities=[("Frenchmen Street", "LOC"), ("Mississippi River", "LOC"),
                                     ("Northeast Georgia", "LOC")])
    assert [p.text for p in doc.places] == ["Georgia"]


def test_hyphenated_country_pairs_are_places(stage):
    doc = run(stage, "The killing aimed to damage Russia-Turkey ties.", entities=[("Russia-Turkey", "ORG")])
    assert places(doc) == [("Russia", "country", "RUS"), ("Turkey", "country", "TUR")]


def test_curated_usual_referents(stage):
    assert place(run(stage, "The author is traveling to Gaza."), "Gaza").country == "PSE"
    doc = run(stage, "A slide closed the road in East Bank.", entities=[("East Bank", "LOC")])
    assert doc.places == []  # a town GeoNames' list lacks, not India's Bank


def test_a_title_after_the_name_tells_state_from_city(stage):
    governor = run(stage, "New York Governor Andrew Cuomo declared an emergency.", entities=[("New York", "LOC")])
    assert place(governor, "New York").feature == "admin1"
    mayor = run(stage, "New York Mayor Eric Adams spoke.", entities=[("New York", "LOC")])
    assert place(mayor, "New York").feature == "city"
    # without a recogniser's word for it, a name in a title is part of the title, not a place
    assert run(stage, "Kosovo Prime Minister Albin Kurti met him.").places == []


def test_a_partial_organisation_inside_a_longer_place_name_does_not_hide_it(stage):
    doc = run(stage, "Cases rose in Angola and the Democratic Republic of the Congo.",
              entities=[("Democratic Republic", "ORG")])
    assert places(doc) == [("Angola", "country", "AGO"), ("Democratic Republic of the Congo", "country", "COD")]


def test_names_listed_after_a_preposition_share_it(stage):
    doc = run(stage, "Health officials in both the United States and Norway have confirmed cases.")
    assert places(doc) == [("United States", "country", "USA"), ("Norway", "country", "NOR")]


def test_a_lawmakers_state(stage):
    doc = run(stage, "House Majority Whip James Clyburn, D-S.C., inserted the language.")
    assert [(p.text, p.name, p.feature) for p in doc.places] == [("S.C.", "South Carolina", "admin1")]


def test_a_lone_person_tag_on_a_town_nobody_is_named_after(stage):
    text = "Last month, alliance fighters seized Lashio. Albin Kurti met reporters, and Kurti left."
    doc = run(stage, text, entities=[("Lashio", "PERSON"), ("Albin Kurti", "PERSON"), ("Kurti", "PERSON")])
    assert [p.text for p in doc.places] == ["Lashio"]


def test_a_country_before_an_agent_noun_acts(stage):
    doc = run(stage, "US and British warplanes struck radar sites near Hodeidah. A U.S. military base was hit.")
    assert [p.text for p in doc.places] == ["Hodeidah", "U.S."]


def test_ambiguous_names_side_by_side_settle_together(stage):
    doc = run(stage, "Walker County deputies arrested a man in Huntsville.")
    assert [(p.text, p.admin1) for p in doc.places] == [("Walker County", "Texas"), ("Huntsville", "Texas")]
    doc = run(stage, "Officials in Huntsville said the Walker County jail was full.")
    assert {p.admin1 for p in doc.places} == {"Texas"}


def test_a_possessive_inside_a_name_and_islands(stage):
    doc = run(stage, "Bird flu reached the People's Republic of China and the island of Java.")
    assert [(p.name, p.country) for p in doc.places] == [("China", "CHN"), ("Java", "IDN")]
    doc = run(stage, "Rebels shelled Syria's Aleppo.")
    assert [p.text for p in doc.places] == ["Syria", "Aleppo"]
