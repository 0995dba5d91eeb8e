"""The optional camel-tools NER extractor, exercised with a tiny model the test builds."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline import ner_model
from pipeline.entities import extract_mentions

LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]


@pytest.fixture
def clear_caches():  # noqa: ANN201
    ner_model.ner_status.cache_clear()
    ner_model._recognizer.cache_clear()
    yield
    ner_model.ner_status.cache_clear()
    ner_model._recognizer.cache_clear()


def _tiny_model(path, label: str) -> None:
    """A 1-layer BERT whose classifier always answers `label`."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"ابتثجحخدذرزسشصضطظعغفقكلمنهوي"]
    path.mkdir()
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16,
        max_position_embeddings=512, num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)), label2id={label: i for i, label in enumerate(LABELS)},
    )
    model = BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-10.0)
        model.classifier.bias[LABELS.index(label)] = 10.0
    model.save_pretrained(path)
    BertTokenizer(str(path / "vocab.txt"), do_lower_case=False).save_pretrained(path)


def test_without_a_model_the_reason_is_reported(monkeypatch, tmp_path, clear_caches) -> None:
    monkeypatch.delenv(ner_model.MODEL_ENV, raising=False)
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "empty"))
    status = ner_model.ner_status()
    assert not status.available
    assert "not installed" in status.reason and status.describe().startswith("not used:")


def test_model_spans_are_added_where_other_extractors_found_nothing(monkeypatch, tmp_path, clear_caches) -> None:
    model_dir = tmp_path / "tiny_ner"
    _tiny_model(model_dir, "B-LOC")
    monkeypatch.setenv(ner_model.MODEL_ENV, str(model_dir))
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "no_camel_data"))  # the model must load without a download
    status = ner_model.ner_status()
    assert status.available and status.model_path == str(model_dir)

    text = "زار الوفد روسيا ثم سافر إلى زنكلوبة"
    sentences = pl.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": [text]},
                             schema={"article_id": pl.String, "sentence_id": pl.Int32, "text": pl.String})
    mentions = extract_mentions(sentences, use_model=True)
    by_method = {key[0]: rows for key, rows in mentions.group_by("method", maintain_order=True)}
    assert by_method["gazetteer"]["actor_id"].to_list() == ["RUS"]
    model = by_method["model"]
    # every word is a LOC to this model; the words the gazetteer already covered are not repeated
    assert "روسيا" not in model["surface"].to_list()
    assert "زنكلوبة" in model["surface"].to_list()
    assert set(model["entity_type"]) == {"LOCATION"}
    for row in model.iter_rows(named=True):
        assert text[row["start_char"] : row["end_char"]] == row["surface"]
        assert row["actor_id"] is None and row["confidence"] == pytest.approx(0.5)
