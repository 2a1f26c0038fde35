"""Who said a direct quote: the attribution next to the quotation marks.

News writes attributions in a few fixed places, read here from the surface (the marks and the
cue verb) with the parse only as a helper, because the surface is the more reliable signal:

- after the closing mark: `"...," he said.`, `"...," said Clinton.`, `"...," the EU's envoy,
  Miroslav Lajcak, told reporters.` (a relative clause "who asked not to be named" is skipped);
- before the opening mark: `Lavrov said: "..."`, `he told CNN, "..."`, `, writing: "..."`;
- around a partial quote inside a clause: `Clinton called the plan "a disaster"` (the subject
  of the verb governing the quote);
- no attribution at all: a quote paragraph right after an attributed one continues it, and
  the pieces of one quote (split or multi-paragraph) share their speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwatch.knowledge.cues import SpeechCues
from eventwatch.language.surface import count_ending_by, doc_text, first_starting_from
from eventwatch.quotes.direct import QuotedSpan
from eventwatch.quotes.syntax import SUBJECT, cue_at, end_of, subject_of

QUOTE_MARKS = {'"', "\u201c", "\u201d", "''", "``"}
SPEAKING_PRONOUNS = {"he", "she", "they", "we", "i"}
INDEFINITE = {"one", "another", "others", "some", "many", "few", "several", "both"}
PASSIVE_SUBJECT = {"nsubj:pass", "nsubjpass", "csubj:pass"}
PARAGRAPH_BREAK = re.compile(r"\n\s*")
RELATIVE = {"who", "which", "whose", "whom"}
RELATIVE_CLAUSE = {"acl:relcl", "relcl", "acl"}
# how far (in tokens) an attribution may sit from the quotation mark
REACH_AFTER = 32
REACH_BEFORE = 8
SPEAKER_STOP = {"in", "on", "at", "after", "during", "before", "to", "from", "by", "via", "when", "while",
                "as", "of", "last", "this", "earlier", "later", "yesterday", "today", "tonight", "told",
                "adding", "saying", "according"}


@dataclass
class Attribution:
    """What one quote finder found: content, cue and where the speaker is mentioned."""

    start: int
    end: int
    direct: bool
    cue: str | None = None
    cue_start: int | None = None
    speaker: tuple[int, int] | None = None  # the span holding the speaker mention
    speaker_head: int | None = None  # character offset of the speaker's head word, when known
    group: int | None = None
    inherited: bool = False  # speaker taken from the previous quote


def following_tokens(doc: Doc, offset: int, reach: int) -> list[Token]:
    """Up to `reach` tokens from `offset` to the end of the sentence, read from the surface (a
    full stop, a quotation mark or a line break ends it): segmenters often split after `,"`."""
    window: list[Token] = []
    for i in range(first_starting_from(doc, offset), len(doc)):
        token = doc[i]
        if token.text in QUOTE_MARKS or "\n" in token.text or len(window) >= reach:
            break
        window.append(token)
        if token.text in {".", "!", "?"}:
            break
    return window


def preceding_tokens(doc: Doc, offset: int) -> list[Token]:
    """The tokens before `offset` back to the previous full stop, quotation mark or line break."""
    window: list[Token] = []
    for i in range(count_ending_by(doc, offset) - 1, -1, -1):
        token = doc[i]
        if token.text in QUOTE_MARKS or "\n" in token.text or token.text in {".", "!", "?"}:
            break
        window.append(token)
    window.reverse()
    return window


def last_word_before(doc: Doc, offset: int) -> Token | None:
    """The last token that is not whitespace and ends at or before `offset`."""
    for i in range(count_ending_by(doc, offset) - 1, -1, -1):
        if not doc[i].is_space:
            return doc[i]
    return None


def skip_relative(tokens: list[Token]) -> list[Token]:
    """Tokens without ", who asked not to be named," style relative clauses."""
    kept, skipping = [], False
    for i, token in enumerate(tokens):
        if not skipping and token.lower_ in RELATIVE and i > 0 and tokens[i - 1].text == ",":
            skipping = True
        if skipping:
            if token.text == ",":
                skipping = False
            continue
        kept.append(token)
    return kept


def speaker_tokens(tokens: list[Token]) -> list[Token]:
    """The words of a speaker phrase: leading/trailing punctuation stripped, stopped at a
    preposition or time word after the name ("said Clinton on Tuesday")."""
    words: list[Token] = []
    for token in tokens:
        if token.text in QUOTE_MARKS:
            break
        if words and (token.lower_ in SPEAKER_STOP or token.text in {".", ";", "(", ")"}):
            break
        words.append(token)
    while words and (words[-1].is_punct or words[-1].is_space):
        words.pop()
    while words and (words[0].is_punct or words[0].is_space or words[0].pos_ in {"CCONJ", "ADP", "SCONJ"}):
        words.pop(0)
    if not any(t.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "X"} or t.text[:1].isupper() or t.lower_ in INDEFINITE
               for t in words):
        return []  # a speaker names someone: "the daily" (tagged as an adjective), "one", yes; "was" no
    return words


def phrase_span(words: list[Token]) -> tuple[int, int] | None:
    return (words[0].idx, end_of(words[-1])) if words else None


def head_of(words: list[Token]) -> Token | None:
    """The word of a phrase whose head lies outside it (the phrase's own head)."""
    inside = {t.i for t in words}
    for token in words:
        if token.head.i not in inside or token.head is token:
            return token
    return words[-1] if words else None


def after_close(doc: Doc, quote: QuotedSpan, cues: SpeechCues) -> Attribution | None:
    """`"...," he said` / `"...," said the minister` / `"...," X, who ..., told reporters`."""
    if quote.close_mark is None or doc_text(doc)[quote.end - 1] == ".":
        return None  # a quote closed by a full stop ends the sentence: what follows is new
    window = following_tokens(doc, quote.close_mark + 1, REACH_AFTER)
    window = skip_relative(window)
    for i, token in enumerate(window):
        if token.text in {".", "!", "?", ";"}:
            break
        following = window[i + 1] if i + 1 < len(window) else None
        closing = following is None or following.is_punct or following.pos_ in {"ADP", "ADV"}
        found = cue_at(token, cues, any_tag=closing and not token.text[:1].isupper())
        if not found or found[0].cls == "belief":
            continue
        verb, last = found
        before = speaker_tokens(window[:i])
        if before:
            words = before
        elif any(not t.is_punct for t in window[:i]):
            return None  # "... was published on Friday": what stands before the verb is no speaker
        else:
            rest = [t for t in window[i + 1:] if t.i > last.i]
            words = speaker_tokens(rest)
        if not words:
            return None
        head = head_of(words)
        return Attribution(quote.start, quote.end, True, cue=doc_text(doc)[token.idx:end_of(last)],
                           cue_start=token.idx, speaker=phrase_span(words),
                           speaker_head=head.idx if head is not None else None, group=quote.group)
    return None


def before_open(doc: Doc, quote: QuotedSpan, cues: SpeechCues) -> Attribution | None:
    """`Lavrov said: "..."`, `he told CNN, "..."`, `adding, "..."`."""
    preceding = preceding_tokens(doc, quote.open_mark)
    if not [t for t in preceding if not t.is_space]:
        # "Caddell continued:\n\n"..."" / "The New York Times reports:\n\n"..."": the attribution
        # closes the paragraph before
        before = last_word_before(doc, quote.open_mark)
        if before is not None and before.text == ":" and "\n" in doc_text(doc)[end_of(before):quote.open_mark]:
            preceding = preceding_tokens(doc, end_of(before))
    window = preceding[-REACH_BEFORE:]
    if window and window[-1].lower_ in {"but", "and"}:  # "'X,' he said, but 'Y'"
        window = window[:-1]
    if not window or (window[-1].text not in {":", ","} and window[-1].pos_ != "VERB"):
        return None
    if window[-1].text == ":" and not any(cue_at(t, cues) for t in window):
        return labelled(doc, quote, preceding, cues)
    for token in reversed(window):
        if token.text in QUOTE_MARKS:
            return None
        found = cue_at(token, cues)
        if not found or found[0].cls == "belief":
            continue
        verb, last = found
        subject = subject_of(token)
        lead = [t for t in preceding if t.i < token.i]
        if subject is not None and subject.idx < token.idx:
            words = speaker_tokens(list(subject.subtree))
            head = subject
        else:
            words = clause_subject(lead)
            if not words:  # "Said Ellis: "..."": the subject follows the verb
                words = speaker_tokens([t for t in window if t.i > last.i])
            head = head_of(words)
        if not words:
            return None
        return Attribution(quote.start, quote.end, True, cue=doc_text(doc)[token.idx:end_of(last)],
                           cue_start=token.idx, speaker=phrase_span(words),
                           speaker_head=head.idx if head is not None else None, group=quote.group)
    return None


def labelled(doc: Doc, quote: QuotedSpan, preceding: list[Token], cues: SpeechCues) -> Attribution | None:
    """A quote labelled with its speaker, as in round-ups and transcripts: "Gerald F. Seib, The Wall
    Street Journal: "..."", "SECRETARY CLINTON: "..."". The label opens its line and has no verb."""
    label = [t for t in preceding[:-1] if not t.is_space]
    cue = None
    if label and cues.verb(label[-1].text) is not None:  # "The New York Times reports:" (a mistagged verb)
        cue = label.pop()
    if not label or len(label) > 14 or not label[0].text[:1].isupper():
        return None
    if "\n" not in doc_text(doc)[max(0, label[0].idx - 2):label[0].idx] and label[0].idx != 0:
        return None
    if any(t.pos_ in {"VERB", "AUX"} and not t.text[:1].isupper() for t in label):
        return None
    name: list[Token] = []
    for token in label:
        if token.text == ",":
            break
        name.append(token)
    words = speaker_tokens(name)
    if not words:
        return None
    head = head_of(words)
    return Attribution(quote.start, quote.end, True, cue=cue.text if cue is not None else None,
                       cue_start=cue.idx if cue is not None else None, speaker=phrase_span(words),
                       speaker_head=head.idx if head is not None else None, group=quote.group)


def clause_subject(lead: list[Token]) -> list[Token]:
    """The subject at the head of a clause read from the surface: the first comma-separated piece
    that does not open with a preposition or adverb, up to its verb ("Democratic nominee Hillary
    Clinton, at a later press gaggle, said" / "During a speech, Trump attacked Clinton, saying")."""
    pieces: list[list[Token]] = [[]]
    for token in lead:
        if token.text in {",", ";", "--", "\u2014"}:
            pieces.append([])
        else:
            pieces[-1].append(token)
    for piece in pieces:
        if not piece or piece[0].pos_ in {"ADP", "SCONJ", "ADV", "CCONJ", "VERB"}:
            continue
        words = []
        for token in piece:
            if token.pos_ in {"VERB", "AUX"} and words:
                break
            words.append(token)
        found = speaker_tokens(words)
        if found:
            return found
    return []


def governing(doc: Doc, quote: QuotedSpan, cues: SpeechCues, others: list[QuotedSpan] = ()) -> Attribution | None:
    """A partial quote inside a clause: the nearest speech verb above the quoted words (else the
    nearest verb) and its subject ("She said it shows Trump is "unfit"" -> She)."""
    inside = [doc[i] for i in range(first_starting_from(doc, quote.start), count_ending_by(doc, quote.end))]
    roots = [t for t in inside if not (quote.start <= t.head.idx < quote.end) or t.head is t]
    chain: list[Token] = []
    for root in roots[:1]:
        verb = root.head
        while verb is not root and not (quote.start <= verb.idx < quote.end) and len(chain) < 6:
            if any(o.open_mark <= verb.idx <= (o.close_mark or o.end) for o in others):
                break  # the parse ran into another quote: its verbs are someone's words
            chain.append(verb)
            if verb.head is verb:
                break
            verb = verb.head
    verbs = [v for v in chain if v.pos_ in {"VERB", "AUX"}]
    spoken = [v for v in verbs if cue_at(v, cues) is not None]
    for verb in spoken + verbs[:1]:
        subject = subject_of(verb)
        if subject is not None and subject.lower_ in RELATIVE | {"that"} and verb.dep_ in RELATIVE_CLAUSE:
            subject = verb.head  # "Smith, who called it "a disgrace"" -> Smith
        if subject is None or quote.start <= subject.idx < quote.end or subject.dep_ in PASSIVE_SUBJECT:
            continue
        if verb not in spoken and not (subject.pos_ == "PROPN" or subject.lower_ in SPEAKING_PRONOUNS):
            continue  # a plain verb's subject speaks only when it names someone
        words = speaker_tokens(list(subject.subtree)) if subject.dep_ in SUBJECT else [subject]
        found = cue_at(verb, cues)
        cue = doc_text(doc)[verb.idx:end_of(found[1])] if found else None
        return Attribution(quote.start, quote.end, True, cue=cue, cue_start=verb.idx if cue else None,
                           speaker=phrase_span(words), speaker_head=subject.idx, group=quote.group)
    return None


def attribute_direct(doc: Doc, quotes: list[QuotedSpan], cues: SpeechCues) -> list[Attribution]:
    """One attribution per quoted span; pieces of a group and bare continuation paragraphs share
    the speaker of their neighbour."""
    found: list[Attribution] = []
    text = doc_text(doc)
    for index, quote in enumerate(quotes):
        if index and follows_attribution(text, quotes[index - 1], quote) and text[quote.end - 1] in "!?":
            # '"X," said A. "Y!" Members ... said': a quote right after its neighbour's attribution
            # continues that speaker; a new sentence after it is not its attribution
            attribution = (before_open(doc, quote, cues) or Attribution(quote.start, quote.end, True, group=quote.group))
            found.append(attribution)
            continue
        attribution = (after_close(doc, quote, cues) or before_open(doc, quote, cues)
                       or governing(doc, quote, cues, [q for q in quotes if q is not quote])
                       or Attribution(quote.start, quote.end, True, group=quote.group))
        found.append(attribution)
    by_group: dict[int, Attribution] = {}
    for attribution in found:
        if attribution.speaker is not None and attribution.group is not None:
            by_group.setdefault(attribution.group, attribution)
    previous: Attribution | None = None
    for attribution in found:
        source = by_group.get(attribution.group) if attribution.group is not None else None
        if attribution.speaker is None and source is not None:
            attribution.speaker, attribution.speaker_head = source.speaker, source.speaker_head
            attribution.cue, attribution.cue_start = source.cue, source.cue_start
            attribution.inherited = True
        elif attribution.speaker is None and previous is not None and continues(text, previous, attribution):
            attribution.speaker, attribution.speaker_head = previous.speaker, previous.speaker_head
            attribution.cue, attribution.cue_start = previous.cue, previous.cue_start
            attribution.inherited = True
        if attribution.speaker is not None:
            previous = attribution
    return found


def follows_attribution(text: str, previous: QuotedSpan, current: QuotedSpan) -> bool:
    """`"X," said A. "Y..."`: the quote opens right after the sentence that attributed the previous
    one, in the same paragraph."""
    if previous.close_mark is None:
        return False
    between = text[previous.close_mark + 1:current.open_mark]
    return "\n" not in between and between.rstrip().endswith(".") and len(between) < 200


def continues(text: str, previous: Attribution, current: Attribution) -> bool:
    """A bare quote continues the previous speaker when nothing but at most one paragraph break
    and no other attribution lie between them."""
    gap = text[previous.end:current.start]
    return len(PARAGRAPH_BREAK.findall(gap)) <= 1 and len(gap) < 400
