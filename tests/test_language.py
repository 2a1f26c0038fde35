"""The shipped English pipeline, its news sentence rules and the language stage, on
handwritten news sentences."""
from __future__ import annotations

import pytest

from eventwatch.document import ArticleText, Document
from eventwatch.language import load
from eventwatch.language.stage import LanguageStage, read_function_words


@pytest.fixture(scope="module")
def nlp():
    return load()


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_load_is_cached():
    assert load() is load()


def test_pipeline_components(nlp):
    assert nlp.pipe_names.index("eventwatch_news_sentences") < nlp.pipe_names.index("parser")
    assert {"PERSON", "ORG", "LOC", "NORP"} <= set(nlp.get_pipe("ner").labels)


@pytest.mark.parametrize("text, expected", [
    ("U.S. forces struck a convoy near the border. Two people were killed.",
     ["U.S. forces struck a convoy near the border.", "Two people were killed."]),
    ("The talks between U.S. and Iranian envoys ended on Friday without a deal.",
     ["The talks between U.S. and Iranian envoys ended on Friday without a deal."]),
    ("Gen. Abdel Fattah al-Burhan rejected the offer. His rival did not comment.",
     ["Gen. Abdel Fattah al-Burhan rejected the offer.", "His rival did not comment."]),
    ("Sen. Lindsey Graham said the aid package would pass. A vote is expected next week.",
     ["Sen. Lindsey Graham said the aid package would pass.", "A vote is expected next week."]),
    ("The ceasefire took effect on Jan. 19 after 15 months of war. Hostages were released.",
     ["The ceasefire took effect on Jan. 19 after 15 months of war.", "Hostages were released."]),
    ("The explosion hit the market at 7 a.m. local time, police said. Rescue teams arrived later.",
     ["The explosion hit the market at 7 a.m. local time, police said.", "Rescue teams arrived later."]),
    ("Former President George W. Bush met J. K. Rowling in London. They spoke for an hour.",
     ["Former President George W. Bush met J. K. Rowling in London.", "They spoke for an hour."]),
    ("Lt. Col. Ahmed Hassan told reporters the troops had left. The army confirmed it.",
     ["Lt. Col. Ahmed Hassan told reporters the troops had left.", "The army confirmed it."]),
])
def test_news_abbreviations_do_not_end_sentences(nlp, text, expected):
    assert sentences(nlp, text) == expected


def test_quotation_stays_one_sentence_with_its_attribution(nlp):
    text = ('"We will not retreat. We will fight until the end," the commander said on Sunday. '
            "Fighting continued in the north.")
    assert sentences(nlp, text) == [
        '"We will not retreat. We will fight until the end," the commander said on Sunday.',
        "Fighting continued in the north.",
    ]


def test_curly_quotation_stays_one_sentence(nlp):
    text = "“The city has fallen. Our men are leaving,” a rebel spokesman told reporters."
    assert sentences(nlp, text) == [text]


def test_blank_line_starts_a_sentence(nlp):
    text = "Protesters gathered in the capital\n\nPolice fired tear gas on Saturday."
    assert sentences(nlp, text) == ["Protesters gathered in the capital", "Police fired tear gas on Saturday."]


def test_military_titles_are_single_tokens(nlp):
    assert [t.text for t in nlp.make_doc("Lt. Col. Smith and Sgt. Jones")] == ["Lt.", "Col.", "Smith", "and", "Sgt.", "Jones"]


def entities(nlp, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_entities_in_clear_sentences(nlp):
    found = entities(nlp, "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.")
    assert {("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON"), ("Paris", "LOC")} <= found
    found = entities(nlp, "The United Nations said that Russia and Ukraine had agreed to exchange prisoners.")
    assert {("United Nations", "ORG"), ("Russia", "LOC"), ("Ukraine", "LOC")} <= found


def test_nationality_adjective_is_norp(nlp):
    found = entities(nlp, "Iraqi troops and Kurdish fighters entered the town on Tuesday.")
    assert ("Iraqi", "NORP") in found


def test_lemmas_and_parse(nlp):
    doc = nlp("Rebels seized the town and killed three soldiers.")
    assert [t.lemma_ for t in doc][:2] == ["rebel", "seize"]
    assert doc[1].dep_ == "ROOT" and doc[0].dep_ == "nsubj" and doc[0].head.i == 1


@pytest.fixture(scope="module")
def stage(nlp):
    return LanguageStage(nlp=nlp, function_words=read_function_words())


def test_stage_parses_english_and_sets_sentence_offsets(stage):
    text = "Rebels seized the town of Kyaukme on Sunday. The army said it would retake it.\n\nFighting went on."
    doc = stage.process(Document(article=ArticleText(text=text)))
    assert doc.language == "en" and doc.warnings == []
    assert doc.spacy is not None and doc.spacy.text == text
    assert [text[s:e] for s, e in doc.sentences] == [
        "Rebels seized the town of Kyaukme on Sunday.", "The army said it would retake it.", "Fighting went on."]


def test_stage_skips_non_english_text_with_a_warning(stage):
    text = ("Die Regierung hat am Montag angekündigt, dass die Truppen aus der Region abgezogen werden, "
            "nachdem es in der Nacht zu schweren Kämpfen gekommen war und mehrere Menschen getötet wurden.")
    doc = stage.process(Document(article=ArticleText(text=text)))
    assert doc.language == "und"
    assert doc.spacy is None and doc.sentences == [] and doc.events == []
    assert len(doc.warnings) == 1 and "English" in doc.warnings[0]


@pytest.mark.parametrize("text", [
    "De regering in Den Haag heeft maandag nieuwe sancties tegen Rusland aangekondigd, nadat de premier "
    "zei dat de maatregelen onmiddellijk in werking treden en zijn afgestemd met Europese partners.",
    "O governo anunciou na segunda-feira novas sanções contra a Rússia, e o presidente disse que as "
    "medidas entrariam em vigor imediatamente depois de coordenadas com parceiros europeus.",
])
def test_stage_skips_other_latin_script_languages(stage, text):
    assert stage.process(Document(article=ArticleText(text=text))).language == "und"


def test_stage_parses_english_dense_with_names(stage):
    text = ("Former Liberian President Charles Taylor, Sierra Leone's Revolutionary United Front leader "
            "Foday Sankoh, Guinean President Lansana Conte and Ivorian President Laurent Gbagbo met "
            "ECOWAS envoys in Abuja, Nigerian officials said.")
    doc = stage.process(Document(article=ArticleText(text=text)))
    assert doc.language == "en" and doc.spacy is not None


def test_stage_parses_short_text_without_judging_its_language(stage):
    doc = stage.process(Document(article=ArticleText(text="Kyiv under attack")))
    assert doc.language == "en" and doc.spacy is not None


def test_titles_and_determiners_stay_outside_entities(nlp):
    from spacy.tokens import Doc, Span

    clean_up = nlp.get_pipe("eventwatch_entity_spans")
    doc = Doc(nlp.vocab, words=["Mr", "Pugh", "and", "Lt.", "Col.", "Ahmed", "Hassan", "visited", "the", "Pentagon",
                                "and", "President", "Street"])
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 7, "PERSON"), Span(doc, 8, 10, "ORG"),
                Span(doc, 11, 13, "LOC")]
    assert [(e.text, e.label_) for e in clean_up(doc).ents] == [
        ("Pugh", "PERSON"), ("Ahmed Hassan", "PERSON"), ("Pentagon", "ORG"), ("President Street", "LOC")]
