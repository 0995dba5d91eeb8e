"""Train the shipped CRF NER model (pipeline/models/ner.crfsuite) on ANERcorp.

    .venv/bin/python scripts/train_ner.py ANERCorp_CamelLab_train.txt [--holdout-sixth]

The ANERcorp train split is not part of the project (its licence and size);
pass its path. With --holdout-sixth (the default) the last sixth of the file,
by words, is left out of training: it is the held-out set that
`python -m pipeline.evaluate --conll` scores (tests/fixtures/anercorp/heldout.txt).
MISC tags are trained as O: the pipeline has no MISC type.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.conll import read_conll  # noqa: E402
from pipeline.entities.statistical import MODEL_PATH, gazetteer_tags, sentence_features  # noqa: E402
from pipeline.normalize import fold_text, normalize_text  # noqa: E402

WORD = re.compile(r"\w+")
PUNCT = re.compile(r"[^\w\s]")


def training_part(path: str, holdout_sixth: bool):  # noqa: ANN201
    sentences = read_conll(path)
    if not holdout_sixth:
        return sentences
    total = sum(len(s.words) for s in sentences)
    kept, seen = [], 0
    for s in sentences:
        if seen >= total * 5 / 6:
            break
        kept.append(s)
        seen += len(s.words)
    return kept


def as_words(sentence):  # noqa: ANN001, ANN201
    """A CoNLL sentence as the tagger reads text: folded words, the punctuation
    before each (punctuation tokens are no words), and the words' tags."""
    words, punct, tags, pending = [], [], [], ""
    for word, tag in zip(sentence.words, sentence.tags, strict=True):
        folded = fold_text(normalize_text(word)) or word
        if not WORD.fullmatch(folded):
            marks = PUNCT.findall(folded)
            pending = marks[-1] if marks else pending
            continue
        words.append(folded)
        punct.append(pending)
        tags.append(tag if tag[2:] in ("PERS", "ORG", "LOC") else "O")
        pending = ""
    return words, punct, tags


def tags_of_gazetteer(words: list[str]) -> list[str]:
    from pipeline.entities.gazetteer_match import match_gazetteer
    from pipeline.entities.tokens import Token
    from pipeline.gazetteer import gazetteer

    tokens, at = [], 0
    for w in words:
        tokens.append(Token(w, at, at + len(w)))
        at += len(w) + 1
    return gazetteer_tags(len(words), match_gazetteer(" ".join(words), tokens, gazetteer()))


def main(argv: list[str] | None = None) -> int:
    import pycrfsuite

    parser = argparse.ArgumentParser()
    parser.add_argument("conll")
    parser.add_argument("--all", action="store_true", help="train on the whole file (no held-out sixth)")
    parser.add_argument("--output", default=str(MODEL_PATH))
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    sentences = training_part(args.conll, not args.all)
    for s in sentences:
        words, punct, tags = as_words(s)
        if words:
            trainer.append(sentence_features(words, punct, tags_of_gazetteer(words)), tags)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True})
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(args.output)
    print(f"trained on {len(sentences)} sentences in {time.perf_counter() - started:.1f}s -> {args.output} "
          f"({Path(args.output).stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
