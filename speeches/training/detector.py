"""Train and evaluate the sentence detector of ``speeches.extraction.detector``.

A developer step (scikit-learn from requirements-dev.txt); the shipped weights are read by the
pure-Python module at run time. Training units are the sentences of ``structure.outline`` on
the importer's cleaned text, the same units the pipeline sees; a sentence is positive when it
overlaps a gold quote. Everything is deterministic: fixed solver, stable sorts, no sampling.
"""

import itertools
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from speeches.extraction import detector, extract
from speeches.extraction.structure import outline
from speeches.extraction.tokenizer import tokenizer
from speeches.importers import read_document

# The baseline any detector must beat: a sentence with an obligation or plan keyword.
KEYWORD_BASELINE = re.compile(r"要|必须|务必|确保|力争|争取|应当|须|不得|严禁|请|负责|牵头|将")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CALIBRATION_BINS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0)
DOCUMENT_FOLDS = 5
_MIN_PIECE_CHARS = 4


@dataclass(frozen=True)
class Config:
    """What the vectoriser and the model are fitted with (the README's measured hint)."""

    min_n: int = 1
    max_n: int = 3
    sublinear_tf: bool = True  # 1 + log(tf): a repeated character says little more
    min_df: int = 2  # an n-gram seen in one sentence only says nothing about the next document
    C: float = 4.0
    max_features: int = 20_000  # kept by |coefficient|, then the model is refitted on them


@dataclass
class Document:
    name: str
    genre: str  # "dev" for the dev set's speeches
    text: str
    reference_date: date
    spans: list[tuple[int, int]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        return [self.text[s:e] for s, e in self.spans]


def _quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Where the gold quotes stand in the cleaned text, in order; a quote the cleaner changed
    (a page header dropped inside it) is found by its lines."""
    out, cursor = [], 0
    for quote in quotes:
        at = text.find(quote, cursor)
        if at < 0:
            at = text.find(quote)
        if at >= 0:
            out.append((at, at + len(quote)))
            cursor = at
            continue
        for piece in quote.split("\n"):
            piece = piece.strip()
            at = text.find(piece) if len(piece) >= _MIN_PIECE_CHARS else -1
            if at >= 0:
                out.append((at, at + len(piece)))
    return out


def _label(doc: Document, quotes: Sequence[str]) -> None:
    golds = _quote_spans(doc.text, quotes)
    for sentence in outline(doc.text):
        doc.spans.append((sentence.start, sentence.end))
        doc.labels.append(int(any(s < sentence.end and sentence.start < e for s, e in golds)))


def _read_gold(paths: Iterable[Path]) -> dict[str, list[str]]:
    quotes: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                quotes[item["doc"]].append(item["quote"])
    return quotes


def load_corpus(eval_dir: Path, speeches_dir: Path) -> list[Document]:
    """The dev speeches (from ``speeches_dir``) and the genres set, labelled by sentence."""
    docs = []
    sets = (
        (eval_dir / "dev", speeches_dir, None),
        (eval_dir / "genres", eval_dir / "genres" / "texts", eval_dir / "genres" / "genres.json"),
    )
    for folder, texts, genres_file in sets:
        genres = json.loads(genres_file.read_text(encoding="utf-8")) if genres_file else {}
        dates = json.loads((folder / "dates.json").read_text(encoding="utf-8"))
        quotes = _read_gold(sorted(folder.glob("*.jsonl")))
        for name in sorted(quotes):
            raw = (texts / name).read_bytes()
            text = read_document(raw, name, max_bytes=1 << 62).cleaned_text
            doc = Document(name, genres.get(name, "dev"), text, date.fromisoformat(dates[name]))
            _label(doc, quotes[name])
            docs.append(doc)
    return docs


@dataclass
class Model:
    vectorizer: TfidfVectorizer
    classifier: LogisticRegression

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.classifier.predict_proba(self.vectorizer.transform(texts))[:, 1]


def _vectorizer(config: Config, vocabulary=None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char",
        ngram_range=(config.min_n, config.max_n),
        lowercase=True,
        sublinear_tf=config.sublinear_tf,
        min_df=1 if vocabulary is not None else config.min_df,
        vocabulary=vocabulary,
        dtype=np.float64,
    )


def _classifier(config: Config) -> LogisticRegression:
    return LogisticRegression(
        C=config.C, class_weight="balanced", solver="lbfgs", max_iter=10_000, random_state=0
    )


def fit(texts: Sequence[str], labels: Sequence[int], config: Config) -> Model:
    """Fit on all n-grams, keep the ``max_features`` strongest, refit on those only.

    Refitting (rather than dropping coefficients) keeps the l2 norm of the shipped vocabulary
    the norm the model was trained with, so pure inference equals scikit-learn's.
    """
    y = np.asarray(labels)
    vectorizer = _vectorizer(config)
    classifier = _classifier(config).fit(vectorizer.fit_transform(texts), y)
    names = vectorizer.get_feature_names_out()
    if config.max_features and len(names) > config.max_features:
        strongest = np.argsort(-np.abs(classifier.coef_[0]), kind="stable")[: config.max_features]
        vectorizer = _vectorizer(config, vocabulary=sorted(names[strongest].tolist()))
        classifier = _classifier(config).fit(vectorizer.fit_transform(texts), y)
    return Model(vectorizer, classifier)


def export(model: Model, config: Config) -> dict:
    """The JSON object ``detector.weights_from_dict`` reads."""
    idf = model.vectorizer.idf_
    coef = model.classifier.coef_[0]
    names = model.vectorizer.get_feature_names_out()
    features = {
        str(name): [float(idf[i]), float(coef[i])]
        for i, name in sorted(enumerate(names), key=lambda item: item[1])
    }
    return {
        "format": detector.FORMAT,
        "about": (
            "Sentence detector of Luoshi's extraction library: char n-gram TF-IDF + logistic "
            "regression trained on Luoshi's own annotated evaluation sets by "
            "`python manage.py train_detector`; no pre-trained model or third-party data set. "
            "Features map an n-gram to [idf, coefficient]."
        ),
        "ngram_range": [config.min_n, config.max_n],
        "lowercase": True,
        "sublinear_tf": config.sublinear_tf,
        "norm": "l2",
        "C": config.C,
        "intercept": float(model.classifier.intercept_[0]),
        "features": features,
    }


def write_weights(weights: dict, path: Path) -> int:
    """Write the weights (sorted, one line per n-gram so that diffs stay readable); its size."""
    lines = [
        "{"
        + ", ".join(
            f"{json.dumps(k)}: {json.dumps(v)}" for k, v in weights.items() if k != "features"
        ),
        ', "features": {',
    ]
    items = list(weights["features"].items())
    for n, (gram, value) in enumerate(items):
        comma = "," if n + 1 < len(items) else ""
        lines.append(f"{json.dumps(gram, ensure_ascii=False)}: {json.dumps(value)}{comma}")
    lines.append("}}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


# ---- evaluation -------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: Iterable[bool], gold: Iterable[int]) -> "Counts":
        for p, g in zip(predicted, gold, strict=True):
            self.tp += bool(p and g)
            self.fp += bool(p and not g)
            self.fn += bool(g and not p)
        return self

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def __str__(self) -> str:
        return "P {:.3f} R {:.3f} F1 {:.3f}".format(*self.prf())


def keyword_flags(doc: Document) -> list[bool]:
    return [bool(KEYWORD_BASELINE.search(s)) for s in doc.sentences]


def pipeline_flags(doc: Document) -> list[bool]:
    """Sentences the rule pipeline of today turns (at least partly) into a directive."""
    found = [(d.start, d.end) for d in extract(doc.text, reference_date=doc.reference_date)]
    return [any(s < se and ss < e for s, e in found) for ss, se in doc.spans]


def out_of_fold(
    docs: Sequence[Document], held_out: Callable[[Document], str], config: Config
) -> dict[str, np.ndarray]:
    """Probabilities for every document, from a model that never saw its group."""
    groups = sorted({held_out(d) for d in docs} - {""})
    probs: dict[str, np.ndarray] = {}
    for group in groups:
        train = [d for d in docs if held_out(d) != group]
        model = fit(
            [s for d in train for s in d.sentences], [y for d in train for y in d.labels], config
        )
        for d in docs:
            if held_out(d) == group:
                probs[d.name] = model.predict(d.sentences)
    return probs


def _row(label: str, docs: Sequence[Document], columns: dict[str, Callable[[Document], list]]):
    sentences = sum(len(d.spans) for d in docs)
    positive = sum(sum(d.labels) for d in docs)
    cells = []
    for fn in columns.values():
        counts = Counts()
        for d in docs:
            counts.add(fn(d), d.labels)
        cells.append(str(counts))
    return f"{label:<20} {len(docs):>4} {sentences:>6} {positive:>5} | " + " | ".join(cells)


def _table(title, rows_of, columns, out):
    out(title)
    out(
        f"{'':<20} {'docs':>4} {'sents':>6} {'pos':>5} | " + " | ".join(f"{c:<23}" for c in columns)
    )
    for label, docs in rows_of:
        out(_row(label, docs, columns))


def evaluate(docs: Sequence[Document], config: Config, out: Callable[[str], None]) -> None:
    """Print leave-one-genre-out, documents-held-out and dev-vs-genres figures."""
    keyword = {d.name: keyword_flags(d) for d in docs}
    pipeline = {d.name: pipeline_flags(d) for d in docs}
    genres = sorted({d.genre for d in docs} - {"dev"})

    logo = out_of_fold(docs, lambda d: "" if d.genre == "dev" else d.genre, config)
    # every fifth document (in name order) held out at a time: documents unseen, genres seen
    fold = {
        d.name: f"fold {n % DOCUMENT_FOLDS}"
        for n, d in enumerate(sorted(docs, key=lambda d: d.name))
    }
    by_document = out_of_fold(docs, lambda d: fold[d.name], config)
    split = out_of_fold(docs, lambda d: "dev" if d.genre == "dev" else "genres", config)

    def at(probs, t=0.5):
        return lambda d: list(probs[d.name] >= t)

    columns = {
        "detector (p >= 0.5)": at(logo),
        "keyword regex": lambda d: keyword[d.name],
        "pipeline today": lambda d: pipeline[d.name],
    }
    genre_docs = [d for d in docs if d.genre != "dev"]
    rows = [(g, [d for d in docs if d.genre == g]) for g in genres]
    rows.append(("all genres (pooled)", genre_docs))
    _table(
        "Leave one genre out (train: the other genres + dev), sentence level:", rows, columns, out
    )
    out("")
    columns["detector (p >= 0.5)"] = at(by_document)
    dev_docs = [d for d in docs if d.genre == "dev"]
    _table(
        f"{DOCUMENT_FOLDS}-fold by document (train: the other folds' documents):",
        [("dev", dev_docs), ("genres", genre_docs), ("all", list(docs))],
        columns,
        out,
    )
    out("")
    columns["detector (p >= 0.5)"] = at(split)
    _table(
        "Dev vs genres (train on one set, test on the other):",
        [("dev (trained genres)", dev_docs), ("genres (trained dev)", genre_docs)],
        columns,
        out,
    )
    out("")
    out("Thresholds on the leave-one-genre-out probabilities (genres set), and gates with the")
    out("pipeline (a sentence the pipeline turns into a directive AND/OR p >= t):")
    out(f"{'t':>4} | {'detector':<23} | {'pipeline AND p>=t':<23} | {'pipeline OR p>=t':<23}")
    for t in THRESHOLDS:
        alone, both, either = Counts(), Counts(), Counts()
        for d in genre_docs:
            flags = logo[d.name] >= t
            alone.add(flags, d.labels)
            both.add([f and p for f, p in zip(flags, pipeline[d.name], strict=True)], d.labels)
            either.add([f or p for f, p in zip(flags, pipeline[d.name], strict=True)], d.labels)
        out(f"{t:>4.1f} | {alone} | {both} | {either}")
    out("")
    _calibration(genre_docs, logo, pipeline, out)


def _calibration(docs, probs, pipeline, out) -> None:
    """Share of sentences holding a directive per probability bin: all, and the pipeline's."""
    out("Calibration of the leave-one-genre-out probabilities (genres set): share of sentences")
    out(
        "that hold a gold directive, per bin; all sentences, and those the pipeline turns into one:"
    )
    out(f"{'p in':<11} | {'all n':>6} {'share':>6} | {'pipeline n':>10} {'share':>6}")
    edges = CALIBRATION_BINS
    for low, high in itertools.pairwise(edges):
        last = high == edges[-1]
        counts = [[0, 0], [0, 0]]
        for d in docs:
            for p, flagged, y in zip(probs[d.name], pipeline[d.name], d.labels, strict=True):
                if low <= p < high or (last and p == high):
                    for k in (0, 1) if flagged else (0,):
                        counts[k][0] += 1
                        counts[k][1] += y
        (n, pos), (pn, ppos) = counts
        share = f"{pos / n:.2f}" if n else "-"
        pshare = f"{ppos / pn:.2f}" if pn else "-"
        out(
            f"[{low:.1f}, {high:.1f}{']' if last else ')'} | "
            f"{n:>6} {share:>6} | {pn:>10} {pshare:>6}"
        )


def check_inference(model: Model, weights: dict, texts: Sequence[str], out) -> float:
    """Largest difference between pure-Python and scikit-learn probabilities, and speeds."""
    parsed = detector.weights_from_dict(json.loads(json.dumps(weights)))
    expected = model.predict(texts)
    t0 = time.perf_counter()
    pure = [detector.probability(t, parsed) for t in texts]
    pure_secs = time.perf_counter() - t0
    jieba = tokenizer()  # loaded before timing; cut without the pipeline's cache
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t, HMM=False)
    cut_secs = time.perf_counter() - t0
    gap = float(np.max(np.abs(np.asarray(pure) - expected)))
    out(
        f"pure inference vs scikit-learn predict_proba: max |difference| {gap:.2e} "
        f"on {len(texts)} sentences"
    )
    out(
        f"speed: pure detector {len(texts) / pure_secs:,.0f} sentences/s, "
        f"jieba cut (the pipeline's tokenizer, uncached) {len(texts) / cut_secs:,.0f} sentences/s"
    )
    return gap
