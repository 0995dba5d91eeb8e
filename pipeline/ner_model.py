"""camel-tools' BERT NER as an optional extractor.

The model is data camel-tools downloads (`camel_data -i ner-arabert`), which
this pipeline never does at run time. It is used when present:

- `PIPELINE_NER_MODEL`: a directory with a BERT token-classification model
  (config.json, weights, vocab.txt) in camel-tools' label scheme; or
- `CAMELTOOLS_DATA` (default `~/.camel_tools`): camel-tools' data folder, with
  the NER dataset its catalogue names.

When neither holds a model, `ner_status()` says why, the entity asset reports
it once in its log and metadata, and extraction runs without the model.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_ENV = "PIPELINE_NER_MODEL"
# camel-tools labels -> contract entity types (MISC is not an actor)
LABEL_TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOCATION"}


@dataclass(frozen=True)
class NerStatus:
    available: bool
    reason: str
    model_path: str | None = None

    def describe(self) -> str:
        return f"used: {self.model_path}" if self.available else f"not used: {self.reason}"


def _camel_data_dir() -> Path:
    return Path(os.environ.get("CAMELTOOLS_DATA", "~/.camel_tools")).expanduser().absolute()


def _catalogue_model_path() -> Path | None:
    catalogue = _camel_data_dir() / "catalogue.json"
    if not catalogue.exists():
        return None
    component = json.loads(catalogue.read_text(encoding="utf-8")).get("components", {}).get("NamedEntityRecognition")
    if not component:
        return None
    dataset = component["datasets"].get(component["default"])
    return _camel_data_dir() / "data" / dataset["path"] if dataset else None


@lru_cache(maxsize=1)
def ner_status() -> NerStatus:
    explicit = os.environ.get(MODEL_ENV)
    if explicit:
        path = Path(explicit)
        if (path / "config.json").exists():
            return NerStatus(True, "model from " + MODEL_ENV, str(path))
        return NerStatus(False, f"{MODEL_ENV}={explicit} holds no model (config.json missing)")
    path = _catalogue_model_path()
    if path is not None and (path / "config.json").exists():
        return NerStatus(True, "camel-tools data", str(path))
    return NerStatus(False, f"camel-tools NER model not installed (no {MODEL_ENV}, none in {_camel_data_dir()})")


@lru_cache(maxsize=1)
def _recognizer(model_path: str):  # noqa: ANN202
    # camel_tools.data reads its catalogue at import and downloads it when it is
    # missing; give it an empty local one so the import never reaches the network.
    if not (_camel_data_dir() / "catalogue.json").exists():
        local = Path(tempfile.mkdtemp(prefix="camel_data_"))
        atexit.register(shutil.rmtree, local, ignore_errors=True)  # read at import only: gone with the process
        (local / "catalogue.json").write_text(json.dumps({
            "version": "1.6", "packages": {},
            "components": {"NamedEntityRecognition": {"default": "local", "datasets": {"local": {"path": model_path}}}},
        }), encoding="utf-8")
        os.environ["CAMELTOOLS_DATA"] = str(local)
    from camel_tools.ner import NERecognizer

    return NERecognizer(model_path, use_gpu=False)


def model_spans(texts: list[str], model_path: str) -> list[list[tuple[int, int, str]]]:
    """(start, end, entity_type) spans the model finds in each text."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    recognizer = _recognizer(model_path)
    tokenized = [simple_word_tokenize(t) for t in texts]
    labels = recognizer.predict(tokenized) if tokenized else []
    results: list[list[tuple[int, int, str]]] = []
    for text, words, tags in zip(texts, tokenized, labels, strict=True):
        offsets, pos = [], 0
        for word in words:
            start = text.find(word, pos)
            offsets.append((start, start + len(word)))
            pos = start + len(word)
        spans: list[tuple[int, int, str]] = []
        current: list | None = None
        for (start, end), tag in zip(offsets, tags):
            kind = tag[2:] if tag != "O" else None
            if tag.startswith("I-") and current and current[2] == LABEL_TYPES.get(kind):
                current[1] = end
                continue
            if current:
                spans.append(tuple(current))
                current = None
            if kind in LABEL_TYPES:
                current = [start, end, LABEL_TYPES[kind]]
        if current:
            spans.append(tuple(current))
        results.append(spans)
    return results
