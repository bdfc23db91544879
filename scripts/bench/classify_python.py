#!/usr/bin/env python3
"""The peer of scripts/bench/classify: fb-classify's lexicon backend written in plain Python (the
way the old pandas notebook would apply a scoring function per row): the same data files
(tools/fb-classify/data), the same folding, tokens, phrases, negation, boosters, contrast words,
categories, cues and rating bands, reading NDJSON on stdin and writing it on stdout with the three
fields added. Standard library only.

Usage: classify_python.py DATA_DIR < in.ndjson > out.ndjson
"""
import json
import math
import re
import sys
import unicodedata

CATEGORIES = ["Aplicativo", "Atendimento", "Agência e Caixas", "Cartão", "Pix e Transferências", "Tarifas e Cobranças",
              "Empréstimos e Financiamentos", "Conta", "Segurança e Fraude", "Investimentos", "Outros"]
BANDS = [1.0, -0.5, -1.0, -6.0]
TOKEN = re.compile(r"[a-z0-9\x80-\U0010ffff]+|[.!?;\n]")


def fold(text):
    d = unicodedata.normalize("NFD", text)
    return "".join(c for c in d if unicodedata.category(c) != "Mn").lower()


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.lstrip().startswith("#"):
                yield [x.strip() for x in line.split("\t")]


class Table:
    def __init__(self):
        self.words, self.stems, self.phrases = {}, {}, {}

    def add(self, term, payload):
        """Adds a term; returns the payload it already had, or the new one."""
        if term.endswith("*"):
            return self.stems.setdefault(term[:-1], payload)
        parts = term.split()
        if len(parts) == 1:
            return self.words.setdefault(parts[0], payload)
        lst = self.phrases.setdefault(parts[0], [])
        for rest, p in lst:
            if rest == parts[1:]:
                return p
        lst.append((parts[1:], payload))
        return payload

    def finish(self):
        for lst in self.phrases.values():
            lst.sort(key=lambda p: -len(p[0]))
        self.longest = max((len(s) for s in self.stems), default=0)

    def word(self, w):
        if w in self.words:
            return self.words[w]
        for n in range(min(self.longest, len(w)), 2, -1):
            if w[:n] in self.stems:
                return self.stems[w[:n]]
        return None

    def match(self, tokens):
        out, i = [], 0
        while i < len(tokens):
            w, clause = tokens[i]
            found = False
            for rest, payload in self.phrases.get(w, ()):
                n = len(rest)
                if i + n < len(tokens) and all(tokens[i + 1 + k] == (rest[k], clause) for k in range(n)):
                    out.append((i, n + 1, payload))
                    i += n + 1
                    found = True
                    break
            if found:
                continue
            p = self.word(w)
            if p is not None:
                out.append((i, 1, p))
            i += 1
        return out


def load(d):
    lex = Table()
    for term, w in rows(f"{d}/lexicon.txt"):
        lex.add(term, float(w))
    neg = {r[0] for r in rows(f"{d}/negators.txt")}
    con = {r[0] for r in rows(f"{d}/contrast.txt")}
    boo = {r[0]: float(r[1]) for r in rows(f"{d}/boosters.txt")}
    shapers = neg | con | set(boo)
    lex.words = {w: v for w, v in lex.words.items() if w not in shapers}
    topics, groups = Table(), []

    def add_topic(term, t):
        g = topics.add(term, len(groups))
        if g == len(groups):
            groups.append([])
        groups[g].append(t)
    for cat, term, w in rows(f"{d}/topics.txt"):
        add_topic(term, (CATEGORIES.index(cat), float(w)))
    for term, level in rows(f"{d}/criticality.txt"):
        add_topic(term, (-1, float(level)))
    lex.finish()
    topics.finish()
    return lex, neg, con, boo, topics, groups


def classify(text, lex, neg, con, boo, topics, groups):
    tokens, clause = [], 0
    for m in TOKEN.finditer(fold(text)):
        t = m.group()
        if t in ".!?;\n":
            if tokens and tokens[-1][1] == clause:
                clause += 1
        else:
            tokens.append((t, clause))
    matches = lex.match(tokens)
    in_phrase = [False] * len(tokens)
    for first, count, _ in matches:
        if count > 1:
            for k in range(first, first + count):
                in_phrase[k] = True
    score = 0.0
    for first, count, w in matches:
        c = tokens[first][1]
        if first and tokens[first - 1][1] == c and not in_phrase[first - 1] and tokens[first - 1][0] in boo:
            w *= boo[tokens[first - 1][0]]
        if not (count > 1 and tokens[first][0] in neg):
            for back in range(1, 4):
                if back > first or tokens[first - back][1] != c:
                    break
                if tokens[first - back][0] in neg and not in_phrase[first - back]:
                    w *= -0.75
                    break
        if any(tokens[k][0] in con for k in range(first) if tokens[k][1] == c):
            w *= 1.5
        if any(tokens[k][0] in con for k in range(first + count, len(tokens)) if tokens[k][1] == c):
            w *= 0.5
        score += w
    scores, critical = [0.0] * len(CATEGORIES), 0
    for _, _, g in topics.match(tokens):
        for cat, w in groups[g]:
            if cat >= 0:
                scores[cat] += w
            else:
                critical = max(critical, int(w))
    best = max(range(len(CATEGORIES)), key=lambda i: (scores[i], -i))
    category = CATEGORIES[best] if scores[best] > 0 else "Outros"
    rating = 1 + sum(1 for b in BANDS if score <= b) if score <= BANDS[0] else 1
    if critical:
        rating = max(rating, min(critical - 2, 3)) if score > 0 else max(rating, critical)
    return rating, category, "Positivo" if score > 0 else "Negativo", 0.5 + 0.5 * math.tanh(abs(score) / 2)


def main():
    model = load(sys.argv[1])
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.loads(line)
        text = rec.get("Description")
        if isinstance(text, str) and text.strip():
            r, c, s, conf = classify(text, *model)
            rec.update(SentimentRating=r, Agrupador=c, Sentimento=s)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
