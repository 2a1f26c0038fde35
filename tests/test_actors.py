"""The actors stage on handwritten news sentences: kinds, spans, countries, sectors, roles,
affiliations, office holders by date, coordination, metonyms and coreference."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch.document import ArticleText, Document
from eventwatch.pipeline import Pipeline, load_config
from eventwatch.record import Actor


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    """language -> places -> actors: the stages the actors stage reads from."""
    config = load_config()
    config["stages"] = [s for s in config["stages"] if s["name"] in {"language", "places", "actors"}]
    return Pipeline.from_config(config=config)


def run(pipeline: Pipeline, text: str, published: str = "2024-05-02") -> Document:
    article = ArticleText(text=text, published=dt.date.fromisoformat(published))
    return pipeline.process(Document(article=article))


def actor(doc: Document, surface: str) -> Actor:
    found = [a for a in doc.actors if a.text == surface]
    assert found, f"no actor {surface!r} in {[a.text for a in doc.actors]}"
    return found[0]


def texts(doc: Document) -> list[str]:
    return [a.text for a in doc.actors]


def test_title_and_name_give_a_person_of_the_office(pipeline):
    doc = run(pipeline, "Foreign Minister Sergei Lavrov said on Tuesday that the talks had failed.")
    lavrov = actor(doc, "Sergei Lavrov")
    assert lavrov.kind == "person"
    assert lavrov.country == "RUS"
    assert "GOV" in lavrov.sector
    assert lavrov.role == "foreign minister"
    assert "Foreign Minister Sergei Lavrov" not in texts(doc)


def test_seat_of_government_is_a_state_actor(pipeline):
    doc = run(pipeline, "The Pentagon rejected the report, and the Kremlin declined to comment.")
    pentagon = actor(doc, "Pentagon")
    assert (pentagon.kind, pentagon.country, pentagon.sector) == ("state", "USA", ["MIL"])
    kremlin = actor(doc, "Kremlin")
    assert (kremlin.name, kremlin.country, kremlin.sector) == ("Russia", "RUS", ["GOV"])


def test_spokesman_of_an_armed_group_carries_its_affiliation(pipeline):
    doc = run(pipeline, "Al-Shabaab spokesman Ali Dhere claimed the attack on the base near Mogadishu.")
    dhere = actor(doc, "Ali Dhere")
    assert dhere.kind == "person"
    assert dhere.affiliation == "al-Shabaab"
    assert dhere.country == "SOM"
    assert dhere.role == "spokesman"


def test_commander_of_a_named_force_takes_its_country_and_affiliation(pipeline):
    doc = run(pipeline, "A senior commander of Sudan's Rapid Support Forces was killed in El Fasher.")
    commander = actor(doc, "senior commander")
    assert commander.kind == "person"
    assert commander.country == "SDN"
    assert commander.affiliation == "Rapid Support Forces"
    rsf = actor(doc, "Sudan's Rapid Support Forces")
    assert (rsf.kind, rsf.name, rsf.country) == ("organization", "Rapid Support Forces", "SDN")


def test_demonym_before_troops_gives_the_group_its_country(pipeline):
    doc = run(pipeline, "Somali troops pushed the militants out of two villages on Friday.")
    troops = actor(doc, "Somali troops")
    assert (troops.kind, troops.country, troops.sector) == ("group", "SOM", ["MIL"])


def test_demonym_before_a_place_noun_is_no_actor(pipeline):
    doc = run(pipeline, "Fighting resumed on the outskirts of the Somali capital on Sunday.")
    assert "Somali" not in texts(doc)


def test_demonym_before_an_attack_is_the_attacking_state(pipeline):
    doc = run(pipeline, "A Russian strike destroyed a power station overnight.")
    russian = actor(doc, "Russian")
    assert (russian.kind, russian.name, russian.country) == ("state", "Russia", "RUS")


def test_office_holder_is_found_by_the_article_date(pipeline):
    doc = run(pipeline, "The US president warned that new tariffs would follow.", published="2019-06-01")
    president = actor(doc, "US president")
    assert president.kind == "person"
    assert president.name == "Donald Trump"
    assert president.country == "USA"
    later = run(pipeline, "The US president warned that new tariffs would follow.", published="2022-06-01")
    assert actor(later, "US president").name == "Joe Biden"


def test_coordinated_demonyms_share_the_head_sector(pipeline):
    doc = run(pipeline, "US and British warplanes struck radar sites near the port on Saturday.")
    us, british = actor(doc, "US"), actor(doc, "British")
    assert (us.country, us.sector) == ("USA", ["MIL"])
    assert (british.country, british.sector) == ("GBR", ["MIL"])


def test_capital_acts_as_government_but_not_as_a_place(pipeline):
    doc = run(pipeline, "Kyiv accused Moscow of shelling the plant. Talks were later held in Moscow.")
    moscow = [a for a in doc.actors if a.text == "Moscow"]
    assert len(moscow) == 1
    assert (moscow[0].country, moscow[0].sector) == ("RUS", ["GOV"])
    kyiv = actor(doc, "Kyiv")
    assert (kyiv.kind, kyiv.country) == ("state", "UKR")


def test_envoy_of_an_igo_has_no_country(pipeline):
    doc = run(pipeline, "The EU's envoy for the talks, Miroslav Lajcak, met both leaders in Brussels.")
    lajcak = actor(doc, "Miroslav Lajcak")
    assert lajcak.country is None
    assert lajcak.sector == ["IGO"]
    assert lajcak.affiliation == "European Union"
    assert "EU's envoy" not in texts(doc)


def test_role_in_apposition_resolves_the_group_possessive(pipeline):
    text = ("Houthi forces fired two missiles at a tanker. The group's military spokesman, Yahya Saree, "
            "claimed the attack.")
    doc = run(pipeline, text)
    saree = actor(doc, "Yahya Saree")
    assert saree.affiliation == "Houthis"
    assert saree.country == "YEM"
    assert "REB" in saree.sector
    houthis = actor(doc, "Houthi forces")
    assert (houthis.name, houthis.kind, houthis.country) == ("Houthis", "organization", "YEM")


def test_plural_demonym_is_a_group(pipeline):
    doc = run(pipeline, "Palestinians gathered outside the mosque after the raid.")
    palestinians = actor(doc, "Palestinians")
    assert (palestinians.kind, palestinians.country) == ("group", "PSE")


def test_ethnic_demonym_takes_the_country_of_the_story(pipeline):
    doc = run(pipeline, "Ethnic Albanians protested in Serbia on Tuesday against the arrests.")
    albanians = actor(doc, "Albanians")
    assert albanians.country == "SRB"


def test_short_name_and_definite_description_corefer(pipeline):
    text = ("Foreign Minister Sergei Lavrov arrived in Ankara on Monday. Lavrov met his Turkish counterpart. "
            "The minister later left for Tehran.")
    doc = run(pipeline, text)
    short = actor(doc, "Lavrov")
    assert (short.name, short.country, short.kind) == ("Sergey Lavrov", "RUS", "person")
    minister = actor(doc, "minister")
    assert minister.name == "Sergey Lavrov"
    chains = doc.extras["actors"]["coref"]
    assert any(len(chain["mentions"]) >= 3 and chain["name"] == "Sergey Lavrov" for chain in chains)


def test_pronouns_resolve_to_the_last_compatible_actor_but_are_not_listed(pipeline):
    text = ("Regional governor Serhiy Lysak visited the site in Dnipro. He added that rescuers were still "
            "searching. Ukraine's air force said it had shot down 40 drones.")
    doc = run(pipeline, text)
    assert "He" not in texts(doc) and "it" not in texts(doc)
    pronouns = {a.text: a for a in doc.extras["actors"]["pronouns"]}
    assert pronouns["He"].name == "Serhiy Lysak"
    assert pronouns["He"].country == "UKR"
    assert pronouns["it"].text == "it"
    assert pronouns["it"].sector == ["MIL"]
    assert pronouns["it"].country == "UKR"


def test_nominal_official_takes_the_country_of_the_story(pipeline):
    doc = run(pipeline, "Regional governor Serhiy Lysak said the strike on Dnipro killed three civilians.")
    lysak = actor(doc, "Serhiy Lysak")
    assert (lysak.kind, lysak.country, lysak.role) == ("person", "UKR", "regional governor")
    civilians = actor(doc, "civilians")
    assert (civilians.kind, civilians.country, civilians.sector) == ("group", "UKR", ["CVL"])


def test_unidentified_gunmen_take_no_country(pipeline):
    doc = run(pipeline, "Unidentified gunmen attacked a checkpoint in northern Mali, the army said.")
    gunmen = actor(doc, "Unidentified gunmen")
    assert gunmen.country is None


def test_organisation_name_joined_across_of(pipeline):
    doc = run(pipeline, "The Association of Southeast Asian Nations urged both sides to show restraint.")
    asean = actor(doc, "Association of Southeast Asian Nations")
    assert (asean.kind, asean.country, asean.sector) == ("organization", None, ["IGO"])


def test_possessive_determiner_stays_in_the_span_and_points_back(pipeline):
    doc = run(pipeline, "Houthi forces fired two missiles at a tanker. Their fighters later seized the port.")
    fighters = actor(doc, "Their fighters")
    assert (fighters.name, fighters.country) == ("Houthis", "YEM")


def test_state_body_named_by_a_common_noun_takes_its_kb_entry(pipeline):
    doc = run(pipeline, "Ukraine's air force said it had shot down 41 drones over Dnipro.")
    air_force = actor(doc, "Ukraine's air force")
    assert (air_force.name, air_force.country, air_force.sector) == ("Ukrainian Air Force", "UKR", ["MIL"])


def test_leader_named_before_a_government_noun_gives_its_country(pipeline):
    doc = run(pipeline, "The Putin government told Finland that it would close the border crossings.")
    government = actor(doc, "Putin government")
    assert (government.country, government.sector) == ("RUS", ["GOV"])


def test_european_community_is_the_igo_not_a_state_named_nearby(pipeline):
    doc = run(pipeline, "European Community foreign ministers offered Hungary a trade accord.", published="1990-03-01")
    ministers = actor(doc, "European Community foreign ministers")
    assert (ministers.country, ministers.sector) == (None, ["IGO"])


def test_demonym_outranks_a_namesake_body_of_another_country(pipeline):
    doc = run(pipeline, "Serbian Labour Minister Dragan Milovanovic promised higher pensions.")
    minister = actor(doc, "Dragan Milovanovic")
    assert minister.country == "SRB"
    assert minister.affiliation is None
