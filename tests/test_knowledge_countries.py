"""The country table: names, demonyms, metonyms, coverage and user extension."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch.knowledge import countries as countries_module
from eventwatch.knowledge.countries import normalise


@pytest.fixture(scope="module")
def countries():
    return countries_module.load()


def test_every_state_has_codes_names_demonyms_and_capital(countries):
    states = countries.all(states_only=True)
    complete = [c for c in states if len(c.iso3) == 3 and c.iso2 and c.name and c.demonyms and c.capital]
    assert len(complete) >= 195
    assert {"PSE", "XKX", "TWN", "VAT", "SSD"} <= {c.iso3 for c in complete}


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("the U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("America", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("the United Kingdom", "GBR"),
        ("DRC", "COD"),
        ("DR Congo", "COD"),
        ("Democratic Republic of Congo", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("UAE", "ARE"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Kosovo", "XKX"),
        ("Palestine", "PSE"),
        ("Burma", "MMR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("North Korea", "PRK"),
        ("South Korea", "KOR"),
        ("Russia's", "RUS"),
        ("Holland", "NLD"),
    ],
)
def test_names_and_short_names(countries, text, iso3):
    assert countries.by_name(text).iso3 == iso3


def test_acronyms_need_capitals(countries):
    # "us" and "uk" in running text are not countries; "U.S." and "US" are
    assert countries.by_name("us") is None
    assert countries.by_name("U.S.").iso3 == "USA"


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Ukrainian", "UKR"),
        ("Ukrainians", "UKR"),
        ("British", "GBR"),
        ("Britons", "GBR"),
        ("Dutch", "NLD"),
        ("Filipino", "PHL"),
        ("Filipinos", "PHL"),
        ("Emirati", "ARE"),
        ("Somali", "SOM"),
        ("Somalis", "SOM"),
        ("Israelis", "ISR"),
        ("Palestinians", "PSE"),
        ("Kosovar", "XKX"),
        ("Americans", "USA"),
        ("French", "FRA"),
        ("Indian", "IND"),
        ("Congolese", "COD"),
        ("South Sudanese", "SSD"),
        ("Sudanese", "SDN"),
        ("Iraqis", "IRQ"),
    ],
)
def test_demonyms(countries, word, iso3):
    assert countries.by_demonym(word).iso3 == iso3


def test_group_names_are_not_demonyms(countries):
    assert countries.by_demonym("Houthi") is None
    assert countries.by_demonym("Kurdish") is None


def test_shared_demonyms_list_every_reading(countries):
    assert [c.iso3 for c in countries.by_demonym_all("Congolese")] == ["COD", "COG"]


@pytest.mark.parametrize(
    ("text", "iso3", "sectors"),
    [
        ("Washington", "USA", ("GOV",)),
        ("the White House", "USA", ("GOV",)),
        ("the Pentagon", "USA", ("MIL",)),
        ("Moscow", "RUS", ("GOV",)),
        ("the Kremlin", "RUS", ("GOV",)),
        ("Downing Street", "GBR", ("GOV",)),
        ("Whitehall", "GBR", ("GOV",)),
        ("the Elysee", "FRA", ("GOV",)),
        ("the Élysée", "FRA", ("GOV",)),
        ("Beijing", "CHN", ("GOV",)),
        ("Zhongnanhai", "CHN", ("GOV",)),
        ("Tehran", "IRN", ("GOV",)),
        ("Kyiv", "UKR", ("GOV",)),
        ("Kiev", "UKR", ("GOV",)),
        ("Jerusalem", "ISR", ("GOV",)),
        ("Ramallah", "PSE", ("GOV",)),
        ("Belgrade", "SRB", ("GOV",)),
        ("Pristina", "XKX", ("GOV",)),
        ("Rawalpindi", "PAK", ("MIL",)),
    ],
)
def test_metonyms(countries, text, iso3, sectors):
    country, found = countries.metonym(text)
    assert (country.iso3, found) == (iso3, sectors)


def test_brussels_is_not_a_belgian_metonym(countries):
    # "Brussels" in the news is the EU: the actor KB has it, the country table does not
    assert countries.metonym("Brussels") is None


def test_matcher_feeds_give_surface_forms(countries):
    names = {name for name, _ in countries.names()}
    assert {"U.S.", "Ivory Coast", "DR Congo"} <= names
    assert ("Pentagon", "USA", ("MIL",)) in {(p, c.iso3, s) for p, c, s in countries.metonyms()}


def test_normalise_ignores_case_dots_article_and_possessive():
    assert normalise("the U.S.'s") == normalise("US") == "us"
    assert normalise("Al-Shabaab") == normalise("al Shabaab")
    assert normalise("Binali Yıldırım") == "binali yildirim"


def test_extra_files_add_and_extend(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "more.yaml"
    extra.write_text(
        "countries:\n"
        "- {iso3: SOM, metonyms: {Villa Somalia: [GOV], Halane: [IGO]}, demonyms: [Somalilander]}\n"
        "- {iso3: XSL, iso2: null, name: Somaliland, state: false, aliases: [Republic of Somaliland],"
        " demonyms: [Somalilanders], capital: Hargeisa, metonyms: {Hargeisa: [GOV]}}\n",
        encoding="utf-8",
    )
    countries = countries_module.load(extra_files=[extra])
    assert countries.by_name("Republic of Somaliland").iso3 == "XSL"
    assert countries.metonym("Hargeisa")[0].name == "Somaliland"
    assert countries.metonym("Halane")[1] == ("IGO",)
    assert countries.by_demonym("Somali").iso3 == "SOM"
    assert countries.by_iso3("som").capital == "Mogadishu"


def test_cached_copy_follows_edits(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "mine.yaml"
    extra.write_text("countries:\n- {iso3: SOM, metonyms: {Halane: [IGO]}}\n", encoding="utf-8")
    assert countries_module.load(extra_files=[extra]).metonym("Halane")[1] == ("IGO",)
    assert list((tmp_path / "cache").rglob("mine-*.json"))
    extra.write_text("countries:\n- {iso3: SOM, metonyms: {Halane: [MIL]}}\n", encoding="utf-8")
    assert countries_module.load(extra_files=[extra]).metonym("Halane")[1] == ("MIL",)
    assert len(list((tmp_path / "cache").rglob("mine-*.json"))) == 1


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_CACHE_DIR", "")
    assert countries_module.cache_dir() is None
    assert countries_module.load().by_iso3("NOR").iso2 == "NO"  # quoted: YAML would read NO as false


def test_match_case_keeps_common_words_out(countries):
    assert countries.by_name("turkey").iso3 == "TUR"  # normalised lookups ignore case
    assert countries.by_name("turkey", match_case=True) is None
    assert countries.by_name("Turkey", match_case=True).iso3 == "TUR"
    assert countries.by_name("the U.S.'s", match_case=True).iso3 == "USA"


def test_former_names_of_states_are_aliases_and_demonyms(countries):
    assert countries.by_name("Zaire").iso3 == "COD"
    assert countries.by_name("Kampuchea").iso3 == "KHM"
    assert countries.by_name("Ceylon").iso3 == "LKA"
    assert countries.by_demonym("Rhodesian").iso3 == "ZWE"


def test_a_seceded_state_is_coded_as_its_former_state_before_independence(countries):
    assert countries.state_on("SSD", dt.date(2005, 1, 9)) == "SDN"
    assert countries.state_on("SSD", dt.date(2011, 7, 9)) == "SSD"
    assert countries.state_on("ERI", dt.date(1990, 1, 1)) == "ETH"
    assert countries.state_on("MNE", dt.date(2000, 1, 1)) == "MNE"  # kept its own code (see countries.yaml)
    assert countries.state_on("SSD", None) == "SSD"


def test_normalise_lowers_a_plain_word_as_the_full_rules_do():
    assert normalise("Kyiv") == normalise("Kyiv.") == "kyiv"
    assert normalise("G7") == "g7"
    assert normalise("the") == "the"  # a leading "the" goes only before another word
