"""The quotes stage on handwritten news sentences: direct quotes in both kinds of marks, split
and multi-paragraph quotes, reported speech in its usual shapes, speakers resolved to actors
(pronoun speakers included), cue verbs and the `direct` flag."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwatch.document import ArticleText, Document
from eventwatch.knowledge import cues as cue_lexicon
from eventwatch.pipeline import Pipeline, load_config
from eventwatch.quotes.direct import find_quotes
from eventwatch.record import Quote


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    config = load_config()
    config["stages"] = [s for s in config["stages"] if s["name"] in {"language", "places", "actors", "quotes"}]
    return Pipeline.from_config(config=config)


def run(pipeline: Pipeline, text: str) -> Document:
    return pipeline.process(Document(article=ArticleText(text=text, published=dt.date(2024, 5, 2))))


def quote(doc: Document, words: str) -> Quote:
    found = [q for q in doc.quotes if q.text == words]
    assert found, f"no quote {words!r} in {[q.text for q in doc.quotes]}"
    return found[0]


# ---------------------------------------------------------------- finding quoted text
def test_curly_and_straight_marks_are_paired():
    text = 'He said: "We will not retreat." Later, \u201cNo deal,\u201d she said.'
    spans = [text[q.start:q.end] for q in find_quotes(text)]
    assert spans == ["We will not retreat.", "No deal"]


def test_a_quote_running_over_paragraphs_keeps_one_group():
    text = ("The minister wrote: \u201cWe have done what we could. The rest is up to them.\n\n"
            "\u201cWe will not wait forever,\u201d she added.")
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == [
        "We have done what we could. The rest is up to them.", "We will not wait forever"]
    assert quotes[0].group == quotes[1].group
    assert quotes[0].close_mark is None


def test_doubled_apostrophes_work_as_quotation_marks():
    text = "''We are ready,'' the general said."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["We are ready"]


def test_cue_lexicon_generates_regular_forms():
    cues = cue_lexicon.load()
    assert cues.verb("warned").lemma == "warn"
    assert cues.verb("denies").lemma == "deny"
    assert cues.verb("told").object_is_hearer
    assert cues.verb("pointed out").lemma == "point out"
    assert cues.verb("walked") is None
    assert cues.pronoun("She").gender == "female"


# ---------------------------------------------------------------- direct quotes
def test_direct_quote_with_trailing_attribution(pipeline):
    doc = run(pipeline, "\u201cEvery village we lose is a village we will retake,\u201d Foreign Minister "
                        "Sergei Lavrov said on Tuesday.")
    q = quote(doc, "Every village we lose is a village we will retake")
    assert q.direct is True
    assert q.cue == "said"
    assert q.speaker.text == "Sergei Lavrov"
    assert q.speaker.country == "RUS"


def test_direct_quote_with_inverted_attribution_in_straight_marks(pipeline):
    doc = run(pipeline, '"The border will stay closed until further notice," said Interior Minister '
                        'Nuno Ferreira.')
    q = quote(doc, "The border will stay closed until further notice")
    assert q.direct and q.cue == "said"
    assert q.speaker.text == "Nuno Ferreira"


def test_attribution_before_the_quote(pipeline):
    doc = run(pipeline, "Army spokesman Nabil Khoury told reporters: \u201cThe operation is over.\u201d")
    q = quote(doc, "The operation is over.")
    assert q.cue == "told"
    assert q.speaker.text == "Nabil Khoury"


def test_split_quote_shares_one_speaker(pipeline):
    doc = run(pipeline, "\u201cWe are not afraid,\u201d the opposition leader Mara Ilic said, \u201cand we will "
                        "march again on Sunday.\u201d")
    first = quote(doc, "We are not afraid")
    second = quote(doc, "and we will march again on Sunday.")
    assert first.speaker.text == second.speaker.text == "Mara Ilic"
    assert first.direct and second.direct


def test_multi_sentence_quote_is_one_quote(pipeline):
    doc = run(pipeline, "\u201cThe dam is holding. Nobody has been hurt. We will know more tomorrow,\u201d "
                        "the mayor said.")
    q = quote(doc, "The dam is holding. Nobody has been hurt. We will know more tomorrow")
    assert q.cue == "said"
    assert q.speaker.text == "mayor"


def test_pronoun_speaker_points_at_the_pronoun_and_names_the_referent(pipeline):
    text = ("President Volodymyr Zelensky spoke after the strike. \u201cEvery system that stays in storage "
            "means more funerals,\u201d he said.")
    doc = run(pipeline, text)
    q = quote(doc, "Every system that stays in storage means more funerals")
    assert q.speaker.text == "he"
    assert text[q.speaker.start:q.speaker.end] == "he"
    assert q.speaker.name == "Volodymyr Zelensky"
    assert q.speaker.country == "UKR"
    assert any(a.text == "he" and a.start == q.speaker.start for a in doc.actors)


def test_bare_quote_paragraph_continues_the_previous_speaker(pipeline):
    text = ("\u201cWe were not consulted,\u201d said Kenyan Foreign Minister Musalia Mudavadi.\n\n"
            "\u201cThis decision was taken behind our backs and we reject it completely.\u201d")
    doc = run(pipeline, text)
    q = quote(doc, "This decision was taken behind our backs and we reject it completely.")
    assert q.speaker.text == "Musalia Mudavadi"


def test_short_scare_quote_without_speaker_is_not_a_quote(pipeline):
    doc = run(pipeline, "The so-called \u201cpeace plan\u201d was published on Friday.")
    assert doc.quotes == []


# ---------------------------------------------------------------- reported speech
def test_said_that_drops_the_complementiser(pipeline):
    doc = run(pipeline, "Serbian President Aleksandar Vucic said that Serbia would never recognise the "
                        "new border.")
    q = quote(doc, "Serbia would never recognise the new border")
    assert q.direct is False
    assert q.cue == "said"
    assert q.speaker.text == "Aleksandar Vucic"


def test_sentence_final_attribution_makes_the_rest_a_quote(pipeline):
    text = "KYIV \u2014 A drone attack on Kharkiv killed three people overnight, regional governor Oleh Syniehubov said."
    doc = run(pipeline, text)
    q = quote(doc, "A drone attack on Kharkiv killed three people overnight")
    assert q.direct is False and q.cue == "said"
    assert q.speaker.text == "Oleh Syniehubov"


def test_said_in_a_statement(pipeline):
    doc = run(pipeline, "The army said in a statement that two soldiers were wounded in the clash.")
    q = quote(doc, "two soldiers were wounded in the clash")
    assert q.cue == "said"
    assert q.speaker.text == "army"


def test_told_reporters(pipeline):
    doc = run(pipeline, "Defence Minister Pal Jonson told reporters the brigade would be ready by June.")
    q = quote(doc, "the brigade would be ready by June")
    assert q.cue == "told"
    assert q.speaker.text == "Pal Jonson"


def test_according_to_a_named_source(pipeline):
    doc = run(pipeline, "At least 40 people were killed in the fighting, according to the Sudan Doctors Network.")
    q = quote(doc, "At least 40 people were killed in the fighting")
    assert q.cue == "according to"
    assert q.direct is False
    assert "Sudan Doctors Network" in q.speaker.text


def test_according_to_an_unnamed_source_has_no_speaker(pipeline):
    doc = run(pipeline, "The tanker was heading for the Suez Canal, according to ship-tracking data.")
    q = quote(doc, "The tanker was heading for the Suez Canal")
    assert q.speaker is None


def test_pronoun_speaker_of_reported_speech(pipeline):
    text = "Prime Minister Albin Kurti blamed Belgrade for the deadlock. He added that Kosovo was ready to talk."
    doc = run(pipeline, text)
    q = quote(doc, "Kosovo was ready to talk")
    assert q.cue == "added"
    assert q.speaker.text == "He"
    assert q.speaker.name == "Albin Kurti"
    assert q.speaker.country == "XKX"


def test_it_as_speaker_is_the_organisation(pipeline):
    text = ("A British maritime security agency said a ship was hit near Aden. The crew was safe, it added.")
    doc = run(pipeline, text)
    q = quote(doc, "The crew was safe")
    assert q.speaker.text == "it"
    assert q.speaker.country == "GBR"


def test_verb_without_a_clause_is_no_quote(pipeline):
    doc = run(pipeline, "President Volodymyr Zelensky called on Germany to send more air defence systems.")
    assert all(q.cue != "called" or "send" in q.text for q in doc.quotes)
    assert not [q for q in doc.quotes if q.direct]
