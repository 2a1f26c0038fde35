"""Small readers of the dependency parse that the events stage shares.

eventwatch's own model is trained on Universal Dependencies (nsubj, nsubj:pass, obj, obl with
a `case` child, nmod, nmod:poss, xcomp, ccomp, advcl, acl:relcl ...). spaCy's stock English
models use ClearNLP labels (dobj, nsubjpass, prep/pobj, poss, neg, agent, relcl); `rel()`
maps those onto the UD names so that every rule is written once.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from eventwatch.language.surface import TokenColumns, sentence_start_of, token_heads

CLEAR_TO_UD = {
    "dobj": "obj", "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass", "poss": "nmod:poss",
    "relcl": "acl:relcl", "neg": "advmod", "auxpass": "aux:pass", "agent": "obl:agent", "acomp": "xcomp",
    "pobj": "pobj", "dative": "iobj", "attr": "obj", "oprd": "xcomp", "npadvmod": "obl:npmod",
}
SUBJECTS = {"nsubj", "csubj", "nsubj:pass"}
# pronouns a participle modifies as a reduced relative clause, never as its misparsed subject
REDUCED_RELATIVE_HEADS = {"those", "anyone", "others", "many", "some", "all", "none", "few", "several"}
# predicates that only take a personal subject: an "it" the parse reads as expletive before them
# is referential ("Syria says it is willing to withdraw")
PERSONAL_PREDICATES = {"willing", "ready", "prepared", "determined", "eager", "keen", "able", "unable",
                       "committed", "poised", "reluctant", "unwilling"}
PASSIVE_SUBJECTS = {"nsubj:pass", "csubj:pass"}
OBJECTS = {"obj", "iobj"}
BE_WORDS = {"be", "get", "was", "were", "is", "are", "been", "being", "got", "gets", "'s", "am"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}


# keys of the per-document caches in `Doc.user_data` (the events stage removes them when done)
LOWERED_KEY = "eventwatch_lowered"
TREE_KEY = "eventwatch_tree"


def lowered(doc: Doc) -> tuple[list[str], list[str]]:
    """Lower-cased forms and lemmas of every token, computed once per document."""
    cached = doc.user_data.get(LOWERED_KEY)
    if cached is None:
        columns = TokenColumns(doc)
        cached = doc.user_data[LOWERED_KEY] = (
            columns.lower,
            [(lemma or word).lower() for lemma, word in zip(columns.lemmas, columns.words, strict=True)])
    return cached


def tree(doc: Doc) -> tuple[list[int], list[list[int]]]:
    """The head of every token and its children in order, as indices, computed once per document
    (walking the tree through Token objects builds one for every step)."""
    cached = doc.user_data.get(TREE_KEY)
    if cached is None:
        heads = token_heads(doc)
        kids: list[list[int]] = [[] for _ in heads]
        for i, head in enumerate(heads):
            if head != i:
                kids[head].append(i)
        cached = doc.user_data[TREE_KEY] = (heads, kids)
    return cached


def sentence_start(token: Token) -> int:
    """`token.sent.start` (`Token.sent` rebuilds the sentence on every call)."""
    return sentence_start_of(token.doc, token.i)


def relation(label: str) -> str:
    """The UD name of a dependency label (ClearNLP or UD, any case)."""
    label = label.lower()
    return CLEAR_TO_UD.get(label, label)


# the UD name of every label the two label sets use, as the parser may spell it: `rel` is called
# for nearly every token the stage reads, and a table look-up spares it the lower-casing
UD_LABELS = ("acl", "acl:relcl", "advcl", "advcl:relcl", "advmod", "amod", "appos", "aux", "aux:pass", "case", "cc",
             "cc:preconj", "ccomp", "clf", "compound", "compound:prt", "conj", "cop", "csubj", "csubj:pass", "dep",
             "det", "det:predet", "discourse", "dislocated", "expl", "fixed", "flat", "goeswith", "iobj", "list",
             "mark", "nmod", "nmod:desc", "nmod:poss", "nmod:unmarked", "nsubj", "nsubj:outer", "nsubj:pass",
             "nummod", "obj", "obl", "obl:agent", "obl:npmod", "obl:tmod", "obl:unmarked", "orphan", "parataxis",
             "punct", "reparandum", "root", "ROOT", "vocative", "xcomp")
CLEAR_LABELS = ("prep", "pobj", "prt", "npadvmod", "nn", "pcomp", "intj", "meta", "predet", "preconj", "quantmod",
                "nummod", "dative", "attr", "oprd", "agent", "relcl", "neg", "poss", "auxpass", "nsubjpass",
                "csubjpass", "dobj", "acomp", "case", "ROOT")
RELATIONS = {label: relation(label) for label in (*UD_LABELS, *CLEAR_LABELS, *CLEAR_TO_UD)}


# the same table by the label's id in spaCy's string store (`Token.dep`): reading the id spares
# decoding the label's text on every call
RELATIONS_BY_ID = {get_string_id(label): ud for label, ud in RELATIONS.items()}


def rel(token: Token) -> str:
    found = RELATIONS_BY_ID.get(token.dep)
    return found if found is not None else relation(token.dep_)


def children(token: Token, *labels: str) -> list[Token]:
    wanted = set(labels)
    return [c for c in token.children if rel(c) in wanted]


def preposition(token: Token) -> str | None:
    """The preposition a nominal hangs from: UD `case` child, or the ClearNLP `prep` head."""
    cases = [c for c in token.children if c.i < token.i and rel(c) in ("case", "mark")]
    if cases:
        return " ".join(c.lower_ for c in cases)
    if rel(token) == "pobj" and rel(token.head) == "prep":
        return token.head.lower_
    return None


def is_participle(token: Token) -> bool:
    """A past participle ("shelled", "taken"), from the morphology or the tag."""
    return token.tag_ == "VBN" or ("Part" in token.morph.get("VerbForm") and "Past" in token.morph.get("Tense"))


def is_gerund(token: Token) -> bool:
    return token.tag_ == "VBG" or "Ger" in token.morph.get("VerbForm") or (
        "Part" in token.morph.get("VerbForm") and "Pres" in token.morph.get("Tense"))


def is_plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or "Plur" in token.morph.get("Number")


def is_passive(verb: Token) -> bool:
    """Passive voice: a passive label, or a participle after a form of be/get with no object
    (a weak parser reads "was shot dead" as a copula and an adjective)."""
    labelled = [(c, rel(c)) for c in verb.children]  # each child's relation read once
    labels = {label for _c, label in labelled}
    be = any(label in ("aux", "cop", "aux:pass") and (c.lemma_ or c.text).lower() in BE_WORDS
             for c, label in labelled)
    if "aux:pass" in labels:
        return True
    if "nsubj:pass" in labels or "csubj:pass" in labels:
        # a weak parse labels "X have agreed" passive: trust the label only with a form of be/get
        return be
    if rel(verb) == "acl" and is_participle(verb) and not misparsed_predicate(verb):
        return True
    if is_participle(verb) and any(label in ("obl", "obl:agent") and preposition(c) == "by"
                                   for c, label in labelled) and "obj" not in labels:
        # (an "obl:agent" without "by" is a misparse: "forced out ... 1,000 refugees")
        # "..., hosted by the European Union": a participle with a by-agent
        return True
    participle = is_participle(verb) or (verb.lower_.endswith(("ed", "en")) and verb.pos_ in ("ADJ", "VERB"))
    return be and participle and "obj" not in labels


def misparsed_predicate(verb: Token) -> bool:
    """A verb hung as a modifier ("acl") of a noun that a weak parse made the sentence's root, or
    with an object of its own: really the main verb, and the noun its subject
    ("Poland called on Germany ...", "Turkish forces shelled Kurdish positions")."""
    if rel(verb) not in ("acl", "amod") or verb.head.pos_ not in NOMINAL or verb.head.i > verb.i:
        return False
    if verb.head.lower_ in REDUCED_RELATIVE_HEADS:
        # "among those killed in the attack": a true reduced relative, passive
        return False
    root_noun = verb.head.head.i == verb.head.i
    finite = "Fin" in verb.morph.get("VerbForm") and not any(c.lower_ in RELATIVE_PRONOUNS for c in verb.children)
    return root_noun or finite or any(rel(c) == "obj" for c in verb.children)


def nominal_top(token: Token) -> Token:
    """The top of a chain of nominals ("Washington along with its allies" -> Washington)."""
    current = token
    for _ in range(5):
        if rel(current) in ("nmod", "conj", "appos") and current.head.pos_ in NOMINAL and current.head.i < current.i:
            current = current.head
        else:
            break
    return current


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("the US and Germany")."""
    found = [token]
    for child in token.children:
        if rel(child) == "conj" and child.pos_ in NOMINAL | {"ADJ"}:
            found += conjuncts(child)
    return found


def clause_head(token: Token) -> Token:
    """The verb whose clause holds a nominal trigger (walking up nominal relations), or the token."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or rel(current) in ("root", "ccomp", "xcomp", "advcl", "acl:relcl"):
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current


def subject_of(verb: Token) -> list[Token]:
    """The subject of a verb, inherited through coordination, control and participles."""
    current = verb
    for _ in range(5):
        subjects = children(current, *SUBJECTS) or [
            s for a in current.children if rel(a) in ("aux", "aux:pass", "cop") for s in children(a, *SUBJECTS)] or [
            s for s in children(current, "expl") if current.lower_ in PERSONAL_PREDICATES]
        if subjects:
            if subjects[0].lower_ in RELATIVE_PRONOUNS and rel(current) == "acl:relcl":
                return [current.head]
            return subjects
        label = rel(current)
        if label == "conj" and current.head.i != current.i:
            current = current.head
            continue
        if label in ("xcomp",) and current.head.i != current.i:
            # control: "X plans to attack" -> X; "urged X to attack" -> X (the object controls)
            objects = children(current.head, "obj")
            if objects:
                return objects
            current = current.head
            continue
        if label == "advcl" and (is_gerund(current) or is_participle(current)) and not children(current, "mark"):
            current = current.head
            continue
        if label == "advcl" and any(m.lower_ == "to" for m in children(current, "mark")) and current.head.i != current.i:
            # a purpose clause shares the main clause's subject ("thousands gathered to protest")
            current = current.head
            continue
        if label == "acl" and (is_gerund(current) or is_participle(current)) and rel(current.head) == "obj" and (
                not misparsed_predicate(current)):
            # "issued a declaration demanding that ...": the one who issued it
            current = current.head.head
            continue
        if label == "acl:relcl":
            return [current.head]
        if misparsed_predicate(current):
            return [nominal_top(current.head)]
        return []
    return []


def sentence_words(sent: Span) -> list[str]:
    """Lower-cased words and adjacent bigrams of a sentence, for cue look-ups."""
    words = lowered(sent.doc)[0][sent.start:sent.end]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + [
        f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]


def subtree_words(token: Token, *, stop: set[int] | None = None) -> list[str]:
    """Lower-cased words and bigrams of a token's subtree, not descending into `stop` tokens."""
    stop = stop or set()
    kids = tree(token.doc)[1]
    indices: list[int] = []
    todo = [token.i]
    while todo:
        current = todo.pop()
        indices.append(current)
        todo.extend(c for c in kids[current] if c not in stop)
    indices.sort()
    forms = lowered(token.doc)[0]
    words = [forms[i] for i in indices]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def ancestors_upto(token: Token, limit: int = 8) -> Iterator[Token]:
    current = token
    for _ in range(limit):
        if current.head.i == current.i:
            return
        yield current.head
        current = current.head


def distance(a: Token, b: Token) -> int | None:
    """Tree distance between two tokens (None when above 8 steps)."""
    up_a = [a, *ancestors_upto(a)]
    up_b = [b, *ancestors_upto(b)]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return None


def span_head(sent: Span, start: int, end: int) -> Token | None:
    """The token of the character span [start, end) whose head lies outside it (or the root)."""
    inside = [t for t in sent if start <= t.idx < end]
    return next((t for t in inside if not start <= t.head.idx < end or t.head.i == t.i), None)
