"""The shipped English pipeline, its news sentence rules and the language stage, on
handwritten news sentences."""
from __future__ import annotations

import subprocess
import sys

import pytest

from eventwatch.document import ArticleText, Document
from eventwatch.language import load
from eventwatch.language.stage import LanguageStage, read_function_words, sentence_offsets


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


def test_the_ner_reads_its_own_tok2vec_and_the_distilled_word_vectors(nlp):
    assert nlp.get_pipe("tok2vec").listening_components == ["morphologizer", "parser"]
    assert nlp.vocab.vectors.mode == "floret"
    khartoum, wintour = nlp.vocab["Khartoum"].vector, nlp.vocab["Wintourson"].vector
    assert khartoum.shape == (32,) and khartoum.any() and wintour.any()  # unseen words too, from their letters
    assert not (khartoum == nlp.vocab["khartoum"].vector).all()


def test_the_default_pipeline_runs_without_torch():
    # thinc imports torch whenever it is installed; a None entry makes every import of it fail
    script = ("import sys; sys.modules['torch'] = None; from eventwatch.language import load; "
              "print([e.text for e in load()('Russian troops shelled Kharkiv on Monday.').ents])")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True).stdout.strip() == "['Russian', 'Kharkiv']"


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


def test_news_sentence_rules_refuse_a_parsed_doc(nlp):
    """Like spaCy's `Token.is_sent_start` setter, the rules do not rewrite the boundaries of a parse."""
    doc = nlp("Gen. Abdel Fattah al-Burhan rejected the offer.")
    with pytest.raises(ValueError):
        nlp.get_pipe("eventwatch_news_sentences")(doc)


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


def test_sentence_offsets_are_those_of_the_parsed_sentences(nlp):
    text = ("  Rebels seized the town on Sunday.  The army said: \"We will retake it. Soon.\"\n\n\n"
            "Fighting went on.\nResidents fled.  \n")
    parsed = nlp(text)
    expected = []
    for sent in parsed.sents:
        if sent.text.strip():
            start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
            expected.append((start, start + len(sent.text.strip())))
    assert sentence_offsets(parsed) == expected
    assert [text[s:e] for s, e in expected][-2:] == ["Fighting went on.", "Residents fled."]
    assert sentence_offsets(nlp("")) == []


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


# --- knowledge-informed entity corrections (entities.EntityKnowledge, names.NameKnowledge) ---

@pytest.fixture(scope="module")
def knowledge(nlp):
    return nlp.get_pipe("eventwatch_entity_knowledge")


def corrected(nlp, knowledge, text: str, ents: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The knowledge component's entities for `text` when the NER had found `ents` (text, label)."""
    with nlp.select_pipes(disable=["eventwatch_entity_knowledge"]):
        doc = nlp(text)
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label=label) for name, label in ents]
    return {(e.text, e.label_) for e in knowledge(doc).ents}


def test_knowledge_component_runs_last(nlp):
    assert nlp.pipe_names[-2:] == ["eventwatch_entity_spans", "eventwatch_entity_knowledge"]


def test_name_knowledge_readings(knowledge):
    names = knowledge.names
    assert names.readings("Amnesty International") == {"ORG"}
    assert names.readings("amnesty") == frozenset()
    assert names.readings("Indian Ocean") == {"LOC"}
    assert names.readings("Khartoum") == {"LOC"}
    assert names.readings("Iraqi") == {"NORP"}
    # a one-word place name that is a common English word, and a GeoNames alternate name
    assert "LOC" not in names.readings("Mission")
    assert names.place("Sam") is None


def test_name_after_honorific_is_a_person(nlp, knowledge):
    found = corrected(nlp, knowledge, "Mr Osborne signed up with a speakers agency.", [("Mr Osborne", "LOC")])
    assert found == {("Osborne", "PERSON")}
    found = corrected(nlp, knowledge, "Talks with President Yudhoyono ended on Friday.", [])
    assert ("Yudhoyono", "PERSON") in found


def test_titles_pronouns_and_adjectives_are_not_names(nlp, knowledge):
    assert corrected(nlp, knowledge, "We met the President on Tuesday.", [("We", "ORG"), ("President", "PERSON")]) \
        == set()
    assert corrected(nlp, knowledge, "Breathtaking views and fabulous rooms.", [("Breathtaking", "PERSON")]) == set()


def test_nationality_entities_become_norp_and_stay(nlp, knowledge):
    found = corrected(nlp, knowledge, "South Korean officials said the talks would resume.", [("South Korean", "LOC")])
    assert found == {("South Korean", "NORP")}
    found = corrected(nlp, knowledge, "Iraqi troops entered the town.", [("Iraqi", "NORP")])
    assert found == {("Iraqi", "NORP")}


def test_knowledge_types_names(nlp, knowledge):
    found = corrected(nlp, knowledge, "Amnesty International accused the government of torture.",
                      [("Amnesty International", "PERSON")])
    assert found == {("Amnesty International", "ORG")}
    found = corrected(nlp, knowledge, "Peru has issued an ultimatum to Ecuador.", [("Peru", "ORG"), ("Ecuador", "LOC")])
    assert found == {("Peru", "LOC"), ("Ecuador", "LOC")}
    found = corrected(nlp, knowledge, "Khartoum rejected the plan on Sunday.", [("Khartoum", "PERSON")])
    assert found == {("Khartoum", "LOC")}


def test_organisation_words_and_acting_unknown_names(nlp, knowledge):
    found = corrected(nlp, knowledge, "She studied at Roma Tre University in the nineties.",
                      [("Roma Tre University", "LOC")])
    assert found == {("Roma Tre University", "ORG")}
    # no place is called so, and it speaks: a person
    found = corrected(nlp, knowledge, "Quellbright says the market has always been political.", [("Quellbright", "LOC")])
    assert found == {("Quellbright", "PERSON")}
    # an acronym or a role noun that acts is no person
    found = corrected(nlp, knowledge, "The Cabinet met on Sunday.", [("Cabinet", "LOC")])
    assert ("Cabinet", "PERSON") not in found


def test_person_takes_regnal_number(nlp, knowledge):
    found = corrected(nlp, knowledge, "Ramesses II returned to Egypt.", [("Ramesses", "PERSON"), ("Egypt", "LOC")])
    assert ("Ramesses II", "PERSON") in found


def test_missed_names_the_knowledge_knows(nlp, knowledge):
    found = corrected(nlp, knowledge, "The tanker crossed the Indian Ocean before Hezbollah issued a statement.", [])
    assert {("Indian Ocean", "LOC"), ("Hezbollah", "ORG")} <= found
    # a place inside a longer unknown name, and an era, are not added
    found = corrected(nlp, knowledge, "He taught at the Prague Conservatory for years.", [])
    assert ("Prague", "LOC") not in found
    found = corrected(nlp, knowledge, "The wall was built in the fifth century BC by farmers.", [])
    assert not any(text == "BC" for text, _ in found)


def test_surname_of_a_person_in_the_text_is_that_person(nlp, knowledge):
    text = "Governor David Paterson declared an emergency. Paterson says the state needs help."
    found = corrected(nlp, knowledge, text, [("David Paterson", "PERSON")])
    assert ("Paterson", "PERSON") in found
    # without the full name, a town's name that speaks is not added as a place
    found = corrected(nlp, knowledge, "Later that day Paterson says the state needs help.", [])
    assert ("Paterson", "LOC") not in found


def test_entity_edges_and_inner_titles(nlp, knowledge):
    found = corrected(nlp, knowledge, "On the same day the terrorist group Hamas issued a statement.",
                      [("terrorist group Hamas", "ORG")])
    assert found == {("Hamas", "ORG")}
    found = corrected(nlp, knowledge, "U.S. President George W. Bush shook hands with him.",
                      [("U.S. President George W. Bush", "PERSON")])
    assert ("George W. Bush", "PERSON") in found
    # name particles stay, and lower-case web-text entities are left alone
    found = corrected(nlp, knowledge, "The talks with al-Qaeda members failed.", [("al-Qaeda members", "ORG")])
    assert ("al-Qaeda", "ORG") in found
    found = corrected(nlp, knowledge, "where can I get morcillas in tampa bay ?", [("tampa bay", "LOC")])
    assert found == {("tampa bay", "LOC")}


def test_coordinated_names_are_split_when_known(nlp, knowledge):
    found = corrected(nlp, knowledge, "He was honoured by the cities of Munich and Bremen.", [("Munich and Bremen", "LOC")])
    assert found == {("Munich", "LOC"), ("Bremen", "LOC")}
    # an unknown part keeps the name whole
    found = corrected(nlp, knowledge, "She joined Holland and Quellbright last year.", [("Holland and Quellbright", "ORG")])
    assert found == {("Holland and Quellbright", "ORG")}
