"""Reported speech: "X said that ...", "..., X said.", "according to X", "X told reporters ...".

Read from the parse around each cue verb of the lexicon:
- a clausal complement of the verb is the content ("Vucic said that Serbia would never
  recognise ..." -> "Serbia would never recognise ..."; a leading "that" is dropped);
- a sentence-final attribution ("..., regional governor Serhiy Lysak said.") makes the rest
  of the sentence the content, whether the parser hangs the verb off the clause
  (UD parataxis) or the clause off the verb;
- "according to X" attributes the clause it sits in to X (the speaker is null when X names
  no actor, e.g. "according to ship-tracking data");
- the subject of a participle or conjunct cue ("..., adding that ...", "and added that")
  is the subject of the verb it hangs from.
Cue verbs inside direct quotes are skipped: what a speaker reports inside a quote is part of
their words. Content that is mostly a direct quote is returned too: the stage uses it to give
the partial quote inside it a speaker, then leaves the quote to the direct finder.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from eventwatch.knowledge.cues import SpeechCues
from eventwatch.language.surface import doc_text
from eventwatch.quotes.direct_speakers import QUOTE_MARKS, Attribution, phrase_span, speaker_tokens
from eventwatch.quotes.syntax import (
    MONTHS_AND_DAYS,
    cue_at,
    end_of,
    first_word_ids,
    sentence_start,
    subject_of,
    trim_span,
)

COMPLEMENT = {"ccomp"}
SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj", "expl"}
OBJECTS = {"obj", "dobj", "iobj", "dative", "obl:unmarked"}
INFINITIVE = {"xcomp"}
MIN_CONTENT_WORDS = 3
RELATIVE = {"who", "which", "that", "whom"}


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def covered(start: int, end: int, spans: list[tuple[int, int]]) -> float:
    """Share of [start, end) that lies inside the spans."""
    if end <= start:
        return 0.0
    common = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return common / (end - start)


def complement_of(verb: Token, last: Token, lemma: str, cues: SpeechCues) -> Token | None:
    for child in verb.children:
        if child.dep_ in COMPLEMENT and child.i > last.i:
            return child
    for child in verb.children:  # a clause misread as an object: "said the credibility ... was on the line"
        if child.dep_ in {"obj", "dobj"} and child.i > last.i and any(
                c.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"} and c.i < child.i for c in child.children):
            return child
    for child in verb.children:  # "said in a statement that ...": the clause may hang off the noun
        if child.lower_ in cues.reporting_nouns and child.i > last.i:
            for grandchild in child.children:
                if (grandchild.dep_ in COMPLEMENT | {"acl", "acl:relcl", "relcl"} and grandchild.i > child.i
                        and grandchild.pos_ in {"VERB", "AUX"}
                        and any(t.lower_ == "that" and t.dep_ == "mark" for t in grandchild.children)):
                    return grandchild
    if lemma in cues.infinitive:
        for child in verb.children:
            if child.dep_ in INFINITIVE and child.i > last.i and child.pos_ in {"VERB", "AUX"}:
                return child
    return None


def same_paragraph(text: str, cue: int, start: int, end: int) -> tuple[int, int]:
    """A reported clause stays in its cue's paragraph (a misparse or a missed sentence break can
    hang a neighbouring paragraph on it)."""
    first = text.rfind("\n", 0, cue) + 1
    stop = text.find("\n", cue)
    return max(start, first), (min(end, stop) if stop >= 0 else end)


def clause_start(verb: Token, last: Token, complement: Token, hearer: bool) -> Token:
    """The first token of the reported clause. A complement without a subject lost it to the verb:
    "told reporters | the brigade | would be ready" reads "the brigade" as a second object."""
    if any(c.dep_ in SUBJECTS for c in complement.children):
        return complement.left_edge
    objects = [c for c in verb.children if c.dep_ in OBJECTS and last.i < c.i < complement.i]
    objects += [g for c in objects for g in c.children if g.dep_ in OBJECTS and g.i < complement.i]
    objects.sort(key=lambda t: t.i)
    if hearer:
        objects = objects[1:]
    return objects[-1].left_edge if objects else complement.left_edge


def clause_end(verb: Token, complement: Token, speaker_acts: frozenset[str] = frozenset()) -> Token:
    """The last token of the reported clause: the complement's subtree, extended over later
    dependents of the verb that a parser split off the clause ("said she thinks | America is
    strongest"), but not over a coordinated second verb ("said ... and urged ...")."""
    last = complement.right_edge
    for child in verb.children:
        if child.i > complement.i and child.dep_ not in {"punct", "conj", "cc", "parataxis", "obl", "advmod"}:
            last = max(last, child.right_edge, key=lambda t: t.i)
    for child in complement.children:
        # "said it was concerned ... and urged the military to ...": a second speech act of the
        # speaker, coordinated without a subject of its own, is not part of what was said
        if (child.dep_ == "conj" and child.pos_ == "VERB" and child.i <= last.i and child.lower_ in speaker_acts
                and not any(c.dep_ in SUBJECTS for c in child.children)):
            left = min((c.i for c in child.children if c.dep_ in {"cc", "punct"} and c.i < child.i), default=child.i)
            last = child.doc[left - 1]
    return last


def speaker_of(doc: Doc, verb: Token) -> tuple[tuple[int, int] | None, int | None]:
    subject = subject_of(verb)
    if subject is None:
        return None, None
    words = speaker_tokens([t for t in subject.subtree if t.i < verb.i or subject.i > verb.i])
    if subject.i > verb.i:
        words = speaker_tokens([t for t in subject.subtree if t.i >= subject.left_edge.i])
    return phrase_span(words), subject.idx


def find_reported(doc: Doc, cues: SpeechCues, quoted: list[tuple[int, int]], *,
                  first_ids: frozenset[int] | None = None) -> list[Attribution]:
    """Reported speech in the document, outside the `quoted` spans. `first_ids`:
    `first_word_ids(cues)`, which a caller running over many documents computes once."""
    found: list[Attribution] = []
    text = doc_text(doc)
    # a token whose lower-cased form starts no cue verb gets None from cue_at: pick the others from
    # the LOWER column of the token array, without building every Token
    first_ids = first_word_ids(cues) if first_ids is None else first_ids
    lowers = doc.to_array(LOWER).tolist() if len(doc) else []
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            if lowers[i] not in first_ids:
                continue
            token = doc[i]
            hit = cue_at(token, cues)
            if hit is None or inside(token.idx, quoted):  # the cheap, mostly negative test first
                continue
            verb, last = hit
            span = None
            block: list[Token] = []
            complement = complement_of(token, last, verb.lemma, cues)
            if complement is not None:
                if complement.left_edge.i <= last.i:
                    continue  # a complement that reaches back over its verb is a misparse
                span = (clause_start(token, last, complement, verb.object_is_hearer).idx,
                        end_of(clause_end(token, complement, cues.speaker_acts)))
            elif verb.cls != "belief":
                span, block = final_content(doc, surface_sentence(sent), token, last, cues)
                if span is None:
                    span = surface_complement(doc, sent, last)
            if span is None:
                continue
            start, end = trim_span(text, *same_paragraph(text, token.idx, *span))
            if len(text[start:end].split()) < MIN_CONTENT_WORDS:
                continue
            speaker, head = speaker_of(doc, token)
            if block:  # "..., state television said.": the words between the comma and the verb
                speaker, head = phrase_span(block), block[-1].idx
            subject = subject_of(token)
            if subject is not None and subject.lower_ in RELATIVE:
                continue  # "who asked not to be named": a relative clause, not an attribution
            if text[start:end].lower().startswith(("to ", "not to ")):
                continue
            found.append(Attribution(start, end, False, cue=text[token.idx:end_of(last)], cue_start=token.idx,
                                     speaker=speaker, speaker_head=head))
        found += according_to(doc, sent, quoted)
    return found


SUBJECT_PRONOUNS = {"i", "we", "you", "he", "she", "it", "they", "there"}


def surface_complement(doc: Doc, sent: Span, last: Token) -> tuple[int, int] | None:
    """"Maersk said on Sunday it would keep ...": a clause right after the verb and its adjuncts
    that the parser did not hang on the verb. Adjuncts are a preposition with a short noun phrase
    or a bare day name; the clause opens with a subject and has a verb within a few words."""
    i, end = last.i + 1, sent.end
    while i < end:
        token = doc[i]
        if token.lower_ == "that" and token.pos_ == "SCONJ":
            i += 1
            continue
        if token.pos_ == "ADP":
            j = i + 1
            while j < end and j - i <= 4 and doc[j].pos_ in {"DET", "NOUN", "PROPN", "NUM", "ADJ"}:
                j += 1
            if j == i + 1:
                return None
            i = j
            continue
        if token.pos_ == "PROPN" and token.lower_ in MONTHS_AND_DAYS:
            i += 1
            continue
        break
    if i >= end or i == last.i + 1 and doc[i].lower_ not in SUBJECT_PRONOUNS:
        return None  # straight after the verb only a pronoun clearly opens a clause ("said it would")
    opener = doc[i]
    if not (opener.lower_ in SUBJECT_PRONOUNS or opener.pos_ in {"DET", "PROPN", "NOUN"}):
        return None
    for token in doc[i + 1:min(end, i + 7)]:
        if token.is_punct:
            return None
        if token.pos_ in {"VERB", "AUX"}:
            return opener.idx, end_of(doc[end - 1])
    return None


def surface_sentence(sent: Span) -> Span:
    """The sentence, extended back over segmenter breaks that no full stop, quotation mark or line
    break supports ("..., regional governor | Oleh Syniehubov said.")."""
    doc = sent.doc
    start = sent.start
    while start > 0:
        previous = doc[start - 1]
        if previous.text in {".", "!", "?", ";"} or previous.text in QUOTE_MARKS or "\n" in previous.text_with_ws:
            break
        start = previous.sent.start
    return doc[start:sent.end]


def final_content(doc: Doc, sent: Span, verb: Token, last: Token,
                  cues: SpeechCues) -> tuple[tuple[int, int] | None, list[Token]]:
    """Content of "<clause>, X said [on Tuesday / in a statement]." (the clause before the comma)
    and the speaker words between the comma and the verb, read from the surface: parsers often
    hang the clause's last noun on the speaker ("... Democracy, state media reported")."""
    comma = verb.i - 1
    while comma > sent.start and doc[comma].text not in {",", "\u2014", "--"} and verb.i - comma <= 12:
        comma -= 1
    if comma <= sent.start or doc[comma].text not in {",", "\u2014", "--"}:
        return None, []
    block = [t for t in doc[comma + 1:verb.i]]
    if any(t.pos_ in {"VERB", "AUX"} and not t.text[:1].isupper() for t in block):
        return None, []  # "..., which the ministry said": not a closing attribution
    for token in doc[last.i + 1:sent.end]:
        if token.pos_ == "VERB" and cue_at(token, cues) is None:
            return None, []  # a clause follows ("called on Germany to send"): not a closing attribution
    words = speaker_tokens(block)
    if not words:
        # "..., said X." : the subject must follow the verb, and nothing quoted after it
        after = speaker_tokens([t for t in doc[last.i + 1:sent.end]])
        subject = subject_of(verb)
        if not after or (subject is not None and subject.i < verb.i) or any(
                t.text in QUOTE_MARKS for t in doc[last.i + 1:sent.end]):
            return None, []
    start = sentence_start(sent)
    end = doc[comma].idx
    if any(t.text in QUOTE_MARKS for t in doc[sent.start:comma]):
        return None, []  # a quoted sentence belongs to the direct finder
    if end <= start or not any(t.pos_ in {"VERB", "AUX"} for t in doc[sent.start:comma] if t.idx >= start):
        return None, []  # "In a video address on Tuesday, X called ...": no clause, nothing reported
    return (start, end), words


def according_to(doc: Doc, sent: Span, quoted: list[tuple[int, int]]) -> list[Attribution]:
    found = []
    if "according" not in doc_text(doc)[sent.start_char:sent.end_char].lower():
        return found  # most sentences: no need to build their tokens
    tokens = list(sent)
    for i, token in enumerate(tokens[:-1]):
        if token.lower_ != "according" or tokens[i + 1].lower_ != "to" or inside(token.idx, quoted):
            continue
        source = speaker_tokens(tokens[i + 2:])
        if not source:
            continue
        first, after = token.idx, end_of(source[-1])
        start = sentence_start(sent)
        if i > 0 and tokens[i - 1].text == ",":
            content = (start, tokens[i - 1].idx)  # "..., according to X."
        elif first <= start + 1 or (i == 0):
            content = (after, sent.end_char)  # "According to X, ..."
        else:
            content = (start, first)
        text = doc_text(doc)
        begin, end = trim_span(text, *same_paragraph(text, token.idx, *content))
        if len(text[begin:end].split()) < MIN_CONTENT_WORDS:
            continue
        head = source[-1]
        found.append(Attribution(begin, end, False, cue="according to", cue_start=token.idx,
                                 speaker=phrase_span(source), speaker_head=head.idx))
    return found
