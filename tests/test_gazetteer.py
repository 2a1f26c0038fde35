"""The gazetteer reader: GeoNames places, curated regions, spellings, abbreviations and cues."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from eventwatch.knowledge.gazetteer import (
    DATA_DIR,
    INDEX_FILE,
    NAMES_FILE,
    Gazetteer,
    load,
    normalise,
    read_index,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load()


def names(entries) -> set[tuple[str, str, str | None]]:
    return {(e.name, e.feature, e.country) for e in entries}


def test_normalise_ignores_case_accents_dots_hyphens_and_a_leading_the():
    assert normalise("Khān Yūnis") == normalise("KHAN-YUNIS") == "khan yunis"
    assert normalise("U.S.") == "us"
    assert normalise("the Gaza Strip") == "gaza strip"
    assert normalise("Sana’a") == normalise("Sana'a") == "sanaa"


def test_cities_carry_geonames_id_country_admin1_point_and_population(gazetteer):
    dnipro = [e for e in gazetteer.lookup("Dnipro") if e.feature == "city"][0]
    assert (dnipro.geonames_id, dnipro.country) == (709930, "UKR")
    assert dnipro.admin1 and "Dnipropetrovsk" in dnipro.admin1
    assert (round(dnipro.lat, 2), round(dnipro.lon, 2)) == (48.47, 35.04)
    assert dnipro.population > 500_000


def test_countries_have_geonames_ids_and_points(gazetteer):
    yemen = gazetteer.country("YEM")
    assert yemen is not None and yemen.geonames_id == 69543 and yemen.feature == "country"
    assert 12 < yemen.lat < 19 and 42 < yemen.lon < 54


def test_country_names_and_abbreviations_come_from_the_country_table(gazetteer):
    for name, iso3 in [("U.S.", "USA"), ("UK", "GBR"), ("DRC", "COD"), ("UAE", "ARE"), ("Burma", "MMR")]:
        assert ("country", iso3) in {(e.feature, e.country) for e in gazetteer.lookup(name)}, name


def test_transliterations_and_old_spellings_are_aliases(gazetteer):
    assert ("Kyiv", "city", "UKR") in names(gazetteer.lookup("Kiev"))
    assert ("Khān Yūnis", "city", "PSE") in names(gazetteer.lookup("Khan Younis"))
    assert ("Khān Yūnis", "city", "PSE") in names(gazetteer.lookup("Khan Yunis"))
    kiev = next(e for e in gazetteer.lookup("Kiev") if e.name == "Kyiv")
    assert gazetteer.is_main_name("kiev", kiev)  # curated: ranked like the entry's own name


def test_geonames_alternate_names_are_found_but_not_main_names(gazetteer):
    nineveh = gazetteer.lookup("Nineveh")
    assert any(e.name == "Ninawa" and e.feature == "admin1" for e in nineveh)
    town = [e for e in nineveh if e.feature == "city"]
    assert town and not gazetteer.is_main_name("nineveh", town[0])


def test_curated_regions_seas_and_territories(gazetteer):
    red_sea = [e for e in gazetteer.lookup("Red Sea") if e.feature == "other"][0]
    assert (red_sea.lat, red_sea.lon, red_sea.geonames_id, red_sea.kind) == (22.0, 38.0, None, "sea")
    assert ("Sahel", "region", None) in names(gazetteer.lookup("Sahel"))
    assert ("Darfur", "region", "SDN") in names(gazetteer.lookup("Darfur"))
    assert ("Donbas", "region", "UKR") in names(gazetteer.lookup("Donbass"))
    assert ("Kurdistan Region", "region", "IRQ") in names(gazetteer.lookup("Kurdistan Region"))
    assert ("Horn of Africa", "region", None) in names(gazetteer.lookup("Horn of Africa"))
    assert ("Balkans", "region", None) in names(gazetteer.lookup("the Balkans"))
    assert ("Bab el-Mandeb", "other", None) in names(gazetteer.lookup("Bab al-Mandab"))
    assert ("Middle East", "region", None) in names(gazetteer.lookup("Middle East"))


def test_divisions_from_geonames(gazetteer):
    assert ("West Bank", "admin1", "PSE") in names(gazetteer.lookup("West Bank"))
    assert ("Gaza Strip", "admin1", "PSE") in names(gazetteer.lookup("Gaza Strip"))
    assert ("Rapides Parish", "admin2", "USA") in names(gazetteer.lookup("Rapides Parish"))
    illinois = [e for e in gazetteer.lookup("Illinois") if e.feature == "admin1"][0]
    assert illinois.geonames_id == 4896861


def test_ambiguous_names_list_every_reading(gazetteer):
    springfields = {(e.country, e.admin1) for e in gazetteer.lookup("Springfield") if e.name == "Springfield"}
    assert {("USA", "Illinois"), ("USA", "Missouri"), ("USA", "Ohio")} <= springfields
    rafah = {e.country for e in gazetteer.lookup("Rafah") if e.feature == "city"}
    assert rafah == {"PSE", "EGY"}
    georgia = {(e.feature, e.country) for e in gazetteer.lookup("Georgia")}
    assert {("country", "GEO"), ("admin1", "USA")} <= georgia


def test_state_abbreviations_are_qualifiers_only(gazetteer):
    assert [e.name for e in gazetteer.qualifier("Ill.")] == ["Illinois"]
    assert [e.name for e in gazetteer.qualifier("TX")] == ["Texas"]
    assert not any(e.name == "Illinois" for e in gazetteer.lookup("Ill."))
    assert "Oklahoma" not in {e.name for e in gazetteer.lookup("OK")}


def test_common_words_and_cues(gazetteer):
    assert {"mission", "hope", "orange"} <= gazetteer.common_words
    assert "paris" not in gazetteer.common_words and "mosul" not in gazetteer.common_words
    assert gazetteer.cues["designators"]["province"] == "admin1"
    assert "said" in gazetteer.cues["actor_verbs"]


def test_extra_files_add_places_and_aliases(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "regions:\n"
        "- {name: Zaporizhzhia Nuclear Power Plant, feature: other, country: UKR, lat: 47.51, lon: 34.59,\n"
        "   aliases: [ZNPP]}\n"
        "aliases:\n"
        "- {name: Mosul, country: IRQ, feature: city, aliases: [Al-Mawsil]}\n", encoding="utf-8")
    gazetteer = load(extra_files=[extra])
    assert ("Zaporizhzhia Nuclear Power Plant", "other", "UKR") in names(gazetteer.lookup("ZNPP"))
    assert ("Mosul", "city", "IRQ") in names(gazetteer.lookup("Al Mawsil"))


def test_an_alias_to_an_unknown_place_is_an_error(tmp_path: Path):
    extra = tmp_path / "bad.yaml"
    extra.write_text("aliases:\n- {name: Atlantis, country: GRC, aliases: [Atlantida]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Atlantis"):
        load(extra_files=[extra])


def test_an_unquoted_yaml_boolean_alias_is_an_error(tmp_path: Path):
    extra = tmp_path / "bool.yaml"
    extra.write_text("aliases:\n- {name: Ontario, country: CAN, feature: admin1, aliases: [ON]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote it"):
        load(extra_files=[extra])


def test_the_shipped_index_is_small():
    size = sum((DATA_DIR / name).stat().st_size for name in (INDEX_FILE, NAMES_FILE))
    assert size < 60_000_000


def test_large_divisions_take_their_curated_point(gazetteer):
    ontario = [e for e in gazetteer.lookup("Ontario") if e.feature == "admin1"][0]
    assert (ontario.lat, ontario.lon) == (50.0, -85.0)  # its towns lie in the south


def write_index(folder: Path, places: str, names: str) -> None:
    (folder / INDEX_FILE).write_bytes(gzip.compress(places.encode("utf-8")))
    (folder / NAMES_FILE).write_bytes(gzip.compress(names.encode("utf-8")))


HEADER = "geonames_id\tname\tfeature\tcountry\tadmin1\tlat\tlon\tpopulation\n"


def test_a_hand_made_index_is_read_row_for_row_and_finds_its_countries(tmp_path: Path):
    write_index(tmp_path, HEADER
                + "1\tTownsville\tcity\tAAA\tNorth\t1.5\t2.5\t5000\n"
                + "2\tAaland\tcountry\tAAA\t\t1.0\t2.0\t90000\n"
                + "\n"  # a blank line is no row
                + "3\tBeeland\tcountry\tBBB\t\t3.0\t4.0\t80000\r\n",  # nor does a Windows line end count
                "# key -> row indices; max_words=2\ntownsville\t0\naaland\t1\nbee town\t0,2\n")
    gazetteer = Gazetteer()
    read_index(gazetteer, tmp_path)
    assert len(gazetteer) == 3 and gazetteer.max_words == 2
    assert [e.name for e in gazetteer.lookup("Bee-Town")] == ["Townsville", "Beeland"]
    assert gazetteer.country("AAA").name == "Aaland" and gazetteer.country("BBB").population == 80000
    assert gazetteer.country("AAA").index == 1 and gazetteer.country("BBB").index == 2


def test_a_names_line_without_row_indices_is_an_error(tmp_path: Path):
    write_index(tmp_path, HEADER + "1\tTownsville\tcity\tAAA\tNorth\t1.5\t2.5\t5000\n",
                "# key -> row indices; max_words=1\ntownsville\t0\nnowhere\n")
    with pytest.raises(ValueError, match="row indices"):
        read_index(Gazetteer(), tmp_path)
