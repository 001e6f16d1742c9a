"""Shared code for the scripts/annotate-* tools (Python 3.11, standard library only).

Not a command: the annotate-* scripts load it with importlib.

Sources and sentence ids
  a<N>  N-th sentence (1-based) of UD_Dutch-Alpino dev       -> data/annotations/ud-alpino-dev.conll
  l<N>  N-th sentence (1-based) of UD_Dutch-LassySmall dev   -> data/annotations/ud-lassysmall-dev.conll
  s<N>  N-th sentence (1-based) of the SGD letter sample     -> data/annotations/sgd-letters.conll

Entity spans are (start, end, type) with token indices 0-based, end exclusive.

Files under data/annotations/
  proposals/<source>.tsv       sid <TAB> spans        machine proposals (scripts/annotate-propose)
  corrections/<source>-NN.txt  hand corrections, applied in file-name order (format below)
  agreement/pass2-*.txt        second pass over the agreement sample by the same annotator (same format)
  agreement/independent-*.txt  second pass by an independent annotator, without pass 1 (same format)

Corrections format (one directive per line, '#' starts a comment line):
  @checked a1-a150           sentences read and judged in this pass (ranges or single ids;
                              a sentence listed here with no edit line is correct as proposed)
  a12 | Mark Rutte=PER | Den Haag=LOC | Kamer=O
      Each edit is TOKENS=TYPE: TOKENS is a run of tokens of the sentence, separated by
      single spaces (a space inside a token is written '_'); append #k to pick the k-th
      occurrence (default: the first).  TYPE is PER, ORG, LOC or MISC: the run becomes one
      entity and any entity overlapping it is removed.  TYPE O removes every entity that
      overlaps the run.  '*=O' removes all entities of the sentence.  Edits apply left to
      right, after the proposal and after earlier files.
"""

import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
ANN = os.path.join(ROOT, "data", "annotations")
TYPES = ("PER", "ORG", "LOC", "MISC")

UD_FILES = {
    "a": ("alpino", "ud-dutch/nl_alpino-ud-dev.conllu", "ud-alpino-dev.conll"),
    "l": ("lassysmall", "ud-dutch/nl_lassysmall-ud-dev.conllu", "ud-lassysmall-dev.conll"),
}
SGD_FILE = "texts/sgd-ministerial-letters.jsonl"
SGD_OUT = "sgd-letters.conll"
SOURCES = {"a": "alpino", "l": "lassysmall", "s": "sgd"}
OUTPUTS = {"a": "ud-alpino-dev.conll", "l": "ud-lassysmall-dev.conll", "s": "sgd-letters.conll"}

# SGD sample: letters in order of sha1(id), letters of at most SGD_MAX_WORDS words,
# until SGD_TARGET_TOKENS tokens are reached.
SGD_TARGET_TOKENS = 20000
SGD_MAX_WORDS = 900


class Sentence:
    __slots__ = ("sid", "doc", "tokens", "upos", "xpos", "deprel", "head", "text")

    def __init__(self, sid, doc, tokens, upos=None, xpos=None, deprel=None, head=None, text=""):
        self.sid = sid
        self.doc = doc
        self.tokens = tokens
        self.upos = upos or ["_"] * len(tokens)
        self.xpos = xpos or ["_"] * len(tokens)
        self.deprel = deprel or ["_"] * len(tokens)
        self.head = head or [0] * len(tokens)
        self.text = text


def read_ud(prefix, shared_dir=None):
    """Sentences of a UD dev file: syntactic words only (no ranges, no empty nodes)."""
    _, rel, _ = UD_FILES[prefix]
    path = os.path.join(shared_dir or SHARED, "data", rel)
    sents = []
    cur = None
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur is not None:
                    sents.append(cur)
                cur, meta = None, {}
                continue
            if line.startswith("#"):
                m = re.match(r"#\s*(\S+)\s*=\s*(.*)", line)
                if m:
                    meta[m.group(1)] = m.group(2)
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            if cur is None:
                sid = meta.get("sent_id", "")
                if prefix == "a":
                    doc = sid.split("\\")[0]
                else:
                    doc = re.sub(r"\.p\.\d+\.s\.[\d.]+$", "", sid)
                if "newdoc id" in meta:
                    doc = meta["newdoc id"]
                cur = Sentence(prefix + str(len(sents) + 1), doc, [], [], [], [], [], meta.get("text", ""))
            cur.tokens.append(cols[1].replace(" ", "_"))
            cur.upos.append(cols[3])
            cur.xpos.append(cols[4])
            cur.deprel.append(cols[7])
            cur.head.append(int(cols[6]) if cols[6].isdigit() else 0)
    if cur is not None:
        sents.append(cur)
    return sents


# ---------------------------------------------------------------- SGD letters

_ABBREV = {
    "nr", "nrs", "blz", "bijv", "bv", "o.a", "enz", "etc", "dr", "drs", "ir", "mr", "prof",
    "mw", "mevr", "dhr", "jhr", "st", "art", "artt", "jl", "jl", "z.g", "e.d", "c.s", "d.d",
    "t.a.v", "i.v.m", "m.b.t", "o.m", "resp", "vgl", "zgn", "zg", "ca", "incl", "excl", "min",
    "max", "pag", "par", "hfdst", "hoofdst", "lid", "sub", "jr", "sr", "kol", "afd", "ds",
    "ing", "bijl", "pct", "pet", "nl", "mln", "mld", "mrd", "fl", "hfl", "f", "no", "vs", "ib", "cf",
    "d.w.z", "t.w", "a.s", "j.l", "z.i", "m.i", "i.h.b", "o.i", "ca", "evt", "ong", "kol",
    "dd", "ir", "tel", "vz", "secr", "stb", "stcrt", "kamerstuk", "wijz", "e.v", "t/m",
}
_LEAD = "([{«„\"“‘'¡¿*"
_TRAIL = ".,;:!?)]}»\"”’'*"


def _split_token(tok):
    """Split one whitespace-delimited chunk into tokens."""
    out_lead, out_trail = [], []
    # leading punctuation; keep 's- and 't as in 's-Gravenhage, 't
    while tok and tok[0] in _LEAD and not re.match(r"^'[st]\b", tok) and len(tok) > 1:
        out_lead.append(tok[0])
        tok = tok[1:]
    while len(tok) > 1 and tok[-1] in _TRAIL:
        ch = tok[-1]
        if ch == ".":
            core = tok[:-1]
            low = core.lower()
            # keep the dot of initials (J.), abbreviations (nr.), dotted forms (c.s.)
            if (re.fullmatch(r"[A-Za-zÀ-ÿ]", core) or low in _ABBREV
                    or re.fullmatch(r"(?:[A-Za-zÀ-ÿ]{1,3}\.)+[A-Za-zÀ-ÿ]{1,3}", core)):
                break
        out_trail.insert(0, ch)
        tok = tok[:-1]
    return out_lead + ([tok] if tok else []) + out_trail


def tokenize_sgd_text(text):
    """Sentences (lists of tokens) of one letter: each line is split at ., ?, ! followed by
    a token that starts with an upper-case letter, a digit or an opening quote."""
    sents = []
    for line in text.split("\n"):
        toks = []
        for chunk in line.split():
            toks.extend(_split_token(chunk))
        cur = []
        for i, t in enumerate(toks):
            cur.append(t)
            if t in (".", "?", "!") and i + 1 < len(toks):
                nxt = toks[i + 1]
                prev = toks[i - 1] if i > 0 else ""
                if (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "«„\"“'") and not (
                        len(prev) == 1 and prev.isupper()):
                    sents.append(cur)
                    cur = []
        if cur:
            sents.append(cur)
    return sents


def read_sgd(shared_dir=None):
    path = os.path.join(shared_dir or SHARED, SGD_FILE)
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    rows.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
    sents = []
    total = 0
    letters = []
    for r in rows:
        if len(r["text"].split()) > SGD_MAX_WORDS:
            continue
        ss = tokenize_sgd_text(r["text"])
        letters.append(r["id"])
        for toks in ss:
            sents.append(Sentence("s" + str(len(sents) + 1), r["id"], toks, text=" ".join(toks)))
            total += len(toks)
        if total >= SGD_TARGET_TOKENS:
            break
    return sents, letters


def read_source(prefix, shared_dir=None):
    if prefix == "s":
        return read_sgd(shared_dir)[0]
    return read_ud(prefix, shared_dir)


# ---------------------------------------------------------------- spans and tags

def spans_to_tags(n, spans):
    tags = ["O"] * n
    for s, e, t in sorted(spans):
        for i in range(s, e):
            tags[i] = ("B-" if i == s else "I-") + t
    return tags


def tags_to_spans(tags):
    spans = []
    start = None
    typ = None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag.startswith("I-") and start is not None and tag[2:] == typ:
            continue
        if start is not None:
            spans.append((start, i, typ))
            start = None
        if tag != "O":
            start, typ = i, tag[2:]
    return spans


def fmt_spans(spans):
    return " ".join(f"{s + 1}-{e}:{t}" if e - s > 1 else f"{s + 1}:{t}" for s, e, t in sorted(spans))


def parse_spans(text):
    spans = []
    for item in text.split():
        rng, t = item.split(":")
        if "-" in rng:
            a, b = rng.split("-")
            spans.append((int(a) - 1, int(b), t))
        else:
            spans.append((int(rng) - 1, int(rng), t))
    return spans


def render(tokens, spans):
    """Tokens with [TYPE tokens] brackets."""
    starts = {s: (e, t) for s, e, t in spans}
    out = []
    i = 0
    while i < len(tokens):
        if i in starts:
            e, t = starts[i]
            out.append("[" + t + " " + " ".join(tokens[i:e]) + "]")
            i = e
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


# ---------------------------------------------------------------- proposals and corrections

def load_proposals(prefix):
    path = os.path.join(ANN, "proposals", SOURCES[prefix] + ".tsv")
    props = {}
    if not os.path.exists(path):
        return props
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            sid, _, sp = line.rstrip("\n").partition("\t")
            props[sid] = parse_spans(sp)
    return props


def expand_ids(spec):
    out = []
    for part in spec.replace(",", " ").split():
        m = re.fullmatch(r"([als])(\d+)(?:-(?:[als])?(\d+))?", part)
        if not m:
            raise ValueError(f"bad id range {part!r}")
        a = int(m.group(2))
        b = int(m.group(3) or a)
        out.extend(m.group(1) + str(k) for k in range(a, b + 1))
    return out


def parse_corrections(path):
    """Returns (checked ids in order, {sid: [edit strings]})."""
    checked, edits = [], {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("@checked"):
                checked.extend(expand_ids(line[len("@checked"):]))
                continue
            parts = [p.strip() for p in line.split(" | ")]
            sid = parts[0]
            if not re.fullmatch(r"[als]\d+", sid):
                raise ValueError(f"{path}:{lineno}: bad line {line!r}")
            edits.setdefault(sid, []).extend((p, f"{path}:{lineno}") for p in parts[1:] if p)
    return checked, edits


def find_run(tokens, words, occ):
    n = len(words)
    k = 0
    for i in range(len(tokens) - n + 1):
        if tokens[i:i + n] == words:
            k += 1
            if k == occ:
                return i, i + n
    return None


def apply_edit(tokens, spans, edit, where=""):
    text, _, typ = edit.rpartition("=")
    typ = typ.strip()
    if typ not in TYPES + ("O",):
        raise ValueError(f"{where}: bad type in edit {edit!r}")
    text = text.strip()
    if text == "*":
        if typ != "O":
            raise ValueError(f"{where}: '*' only with O")
        return []
    occ = 1
    m = re.fullmatch(r"(.*)#(\d+)", text)
    if m:
        text, occ = m.group(1), int(m.group(2))
    words = text.split(" ")
    run = find_run(tokens, words, occ)
    if run is None:
        raise ValueError(f"{where}: {text!r} (occurrence {occ}) not in sentence: {' '.join(tokens)}")
    s, e = run
    spans = [sp for sp in spans if sp[1] <= s or sp[0] >= e]
    if typ != "O":
        spans.append((s, e, typ))
    return sorted(spans)


def correction_files(prefix, directory=None):
    d = directory or os.path.join(ANN, "corrections")
    name = SOURCES[prefix]
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.startswith(name + "-") and f.endswith(".txt"))


def annotate(prefix, sents, files=None, use_proposals=True):
    """Final spans per sentence id, and the set of checked sentence ids."""
    props = load_proposals(prefix) if use_proposals else {}
    byid = {s.sid: s for s in sents}
    spans = {s.sid: list(props.get(s.sid, [])) for s in sents}
    checked = set()
    for path in (correction_files(prefix) if files is None else files):
        ck, edits = parse_corrections(path)
        for sid in ck:
            if sid[0] == prefix:
                if sid not in byid:
                    raise ValueError(f"{path}: unknown sentence {sid}")
                checked.add(sid)
        for sid, eds in edits.items():
            if sid[0] != prefix:
                continue
            if sid not in byid:
                raise ValueError(f"{path}: unknown sentence {sid}")
            for ed, where in eds:
                spans[sid] = apply_edit(byid[sid].tokens, spans[sid], ed, where)
    return spans, checked


def is_candidate(sent, spans):
    """A sentence that must be read: a proposed entity, a PROPN, or a capitalised word
    that is not the first word (ignoring leading punctuation)."""
    if spans:
        return True
    if "PROPN" in sent.upos:
        return True
    first = True
    for t in sent.tokens:
        if not any(ch.isalnum() for ch in t):
            continue
        if first:
            first = False
            continue
        if t[:1].isupper() or (len(t) > 1 and t[0] in "'" and t[1:2].isupper()):
            return True
        if any(ch.isupper() for ch in t[1:]) and any(ch.isalpha() for ch in t):
            return True
    return False


def load_module(name):
    import importlib.util
    path = os.path.join(ROOT, "scripts", name)
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod
