"""The per-document readers of the parse that the events stage keeps in `Doc.user_data`
(lower-cased forms and lemmas, the tree as indices, sentence starts, actor look-ups by span,
trigger start positions): each must give what reading the spaCy tokens one by one gives.

Every sentence was written for these tests.
"""

from __future__ import annotations

import pytest

from eventwatch.events.anchoring import path_indices, path_tokens
from eventwatch.events.roles import ActorIndex
from eventwatch.events.syntax import lowered, sentence_start, subtree_words, tree
from eventwatch.knowledge.triggers import load as load_triggers
from eventwatch.language import load
from eventwatch.record import Actor

TEXT = ("Turkish forces shelled Kurdish positions near the border on Sunday, the defence ministry said. "
        "Ankara and Damascus later agreed to hold talks in Moscow.\n\n"
        "Protesters in Istanbul marched against the offensive, which they called reckless.")


@pytest.fixture(scope="module")
def doc():
    return load()(TEXT)


def test_lowered_matches_the_tokens(doc):
    forms, lemmas = lowered(doc)
    assert forms == [t.lower_ for t in doc]
    assert lemmas == [(t.lemma_ or t.text).lower() for t in doc]
    assert forms[0] == "turkish"


def test_tree_matches_heads_and_children(doc):
    heads, kids = tree(doc)
    assert heads == [t.head.i for t in doc]
    assert kids == [[c.i for c in t.children] for t in doc]


def test_subtree_words_are_in_text_order(doc):
    shelled = next(t for t in doc if t.text == "shelled")
    words = subtree_words(shelled)
    in_order = [t.lower_ for t in sorted(shelled.subtree, key=lambda t: t.i)]
    assert words[:len(in_order)] == in_order
    assert "kurdish positions" in words[len(in_order):]
    # a stopped token takes its whole subtree out, the token itself stays in
    positions = next(t for t in doc if t.text == "positions")
    assert "kurdish" not in subtree_words(shelled, stop={positions.i})


def test_path_between_two_tokens(doc):
    shelled = next(t for t in doc if t.text == "shelled")
    border = next(t for t in doc if t.text == "border")
    path = path_indices(tree(doc)[0], border.i, shelled.i)
    assert path is not None and path[0] == border.i and path[-1] == shelled.i
    assert [t.i for t in path_tokens(border, shelled)] == path
    # tokens of different sentences meet nowhere
    moscow = next(t for t in doc if t.text == "Moscow")
    assert path_indices(tree(doc)[0], moscow.i, shelled.i) is None


def test_sentence_start_is_the_parsers(doc):
    assert all(sentence_start(t) == t.sent.start for t in doc)


def test_actor_index_look_ups_keep_the_actors_order():
    actors = [Actor(text="the defence ministry", start=68, end=88, kind="organization"),
              Actor(text="Turkish forces", start=0, end=14, kind="group", country="TUR"),
              Actor(text="Turkish", start=0, end=7, kind="state", country="TUR"),
              Actor(text="ministry", start=80, end=88, kind="unknown")]
    index = ActorIndex(actors=actors)
    assert index.within(0, 14) == [actors[1], actors[2]]
    assert index.within(60, 90) == [actors[0], actors[3]]
    assert index.covering(0, 7) == [actors[1], actors[2]]
    assert index.covering(82, 86) == [actors[0], actors[3]]
    assert index.covering(20, 30) == []


def test_trigger_starts_are_where_match_at_finds_something(doc):
    lexicon = load_triggers()
    forms, lemmas = lowered(doc)
    starts = lexicon.starts(forms, lemmas, 0, len(doc))
    found = [i for i in range(len(doc)) if lexicon.match_at(forms, lemmas, i)]
    assert set(found) <= set(starts)
    assert forms.index("shelled") in found and forms.index("talks") in found
