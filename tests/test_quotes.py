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
from eventwatch.quotes.syntax import first_words
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


def test_first_words_are_what_a_token_starting_a_cue_reads():
    words = first_words(cue_lexicon.load())
    assert {"said", "warned", "pointed", "pointed out"} <= words
    assert "out" not in words and "walked" not in words


def test_reported_speech_is_found_from_the_word_ids_alone(pipeline):
    # a two-word cue ("pointed out") is found from its first word; no word of the second sentence starts a cue
    doc = run(pipeline, "The minister pointed out that the border would stay closed. Talks resume in June.")
    assert [q.text for q in doc.quotes] == ["the border would stay closed"]
    assert doc.quotes[0].cue == "pointed out"


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


def test_speaker_named_by_a_label_line(pipeline):
    text = ("Commentators were divided.\n"
            "Maria Lopez, The Daily Ledger: \u201cThe debate changed nothing for undecided voters.\u201d")
    doc = run(pipeline, text)
    q = quote(doc, "The debate changed nothing for undecided voters.")
    assert q.speaker.text == "Maria Lopez"
    assert q.cue is None


def test_indefinite_speaker(pipeline):
    doc = run(pipeline, "Voters outside the hall were split. \u201cI will vote for him anyway,\u201d one said.")
    q = quote(doc, "I will vote for him anyway")
    assert q.speaker.text == "one"


def test_a_second_speech_act_is_not_part_of_the_reported_clause(pipeline):
    text = ("The Association of Southeast Asian Nations said on Sunday it was gravely concerned by the "
            "violence and urged the military to begin a dialogue.")
    doc = run(pipeline, text)
    q = quote(doc, "it was gravely concerned by the violence")
    assert q.speaker.text == "Association of Southeast Asian Nations"


def test_reported_clause_stays_in_its_paragraph(pipeline):
    text = ("The governor asked residents to stay at home.\n"
            "Schools will remain closed until Friday, the education ministry said.")
    doc = run(pipeline, text)
    for q in doc.quotes:
        assert "\n" not in q.text
    q = quote(doc, "Schools will remain closed until Friday")
    assert q.speaker.text == "education ministry"


# ---------------------------------------------------------------- the PolNeAR metric
def test_polnear_scoring_matches_by_half_the_shorter_span():
    from eventwatch.evaluate.quotes import Gold, GoldArticle, is_direct, score_article
    from eventwatch.record import Actor

    text = 'Smith said the plan "will fail," adding that costs would rise.'
    assert is_direct(text, [(21, 30)])
    assert not is_direct(text, [(44, 62)])
    golds = [Gold(source=[(0, 5)], cue=[(6, 10)], content=[(11, 31)], direct=True),
             Gold(source=[], cue=[(33, 39)], content=[(45, 62)], direct=False)]
    article = GoldArticle(id="t", text=text, published=dt.date(2016, 6, 1), golds=golds)
    smith = Actor(text="Smith", start=0, end=5, name="John Smith", kind="person")
    quotes = [Quote(speaker=smith, text="will fail", start=21, end=30, cue="said", direct=True),
              Quote(speaker=smith, text="costs would rise", start=45, end=61, cue="adding", direct=False),
              Quote(speaker=None, text="Smith said", start=0, end=10, cue=None, direct=False)]
    rows, hits, _ = score_article(article, quotes)
    assert [r.matched for r in rows] == [True, True]
    assert [r.speaker for r in rows] == [True, False]  # no gold source: only a null speaker is right
    assert hits == [True, True, False]


def test_plover_actor_codes():
    from eventwatch.evaluate.actors import gold_code, has_code, locate
    from eventwatch.record import Actor

    assert gold_code("JAP") == "JPN" and gold_code("ISM") is None and gold_code("REBkur") is None
    assert locate("Talks with U.S. ... negotiators failed", "U.S. ... negotiators") == (11, 15)
    eu = Actor(text="EU", start=0, end=2, kind="organization", sector=["IGO"])
    assert has_code(eu, "IGO") and not has_code(eu, "FRA")
    assert has_code(Actor(text="Paris", start=0, end=5, kind="state", country="FRA"), "FRA")


def test_attribution_ending_the_paragraph_before_the_quote(pipeline):
    text = ("The defence minister Pal Jonson continued:\n\n"
            "\u201cThe brigade will be ready by June, and it will be sent wherever it is needed.\u201d")
    doc = run(pipeline, text)
    q = quote(doc, "The brigade will be ready by June, and it will be sent wherever it is needed.")
    assert q.speaker.text == "Pal Jonson"
    assert q.cue == "continued"
