import json
import subprocess
import sys

import pytest
import torch
from allennlp.common import Params
from allennlp.common.testing import ModelTestCase
from allennlp.data import Batch
from allennlp.models import Model
from allennlp.models.archival import load_archive

import locate_label_allennlp  # noqa: F401
from locate_label_allennlp.nn.span_utils import enumerate_seed_spans
from tests.conftest import DEV, EXPERIMENT, TRAIN


class TestLocateAndLabel(ModelTestCase):
    def setup_method(self):
        super().setup_method()
        self.set_up_model(str(EXPERIMENT), str(TRAIN))

    def test_model_can_train_save_and_load(self):
        self.ensure_model_can_train_save_and_load(self.param_file)

    def test_batch_predictions_are_consistent(self):
        self.ensure_batch_predictions_are_consistent()

    def test_forward_outputs_entities_inside_sentences(self):
        self.model.eval()
        output = self.model.make_output_human_readable(self.model(**self.dataset.as_tensor_dict()))
        for instance, entities in zip(self.instances, output["entities"]):
            length = len(instance["tokens"])
            for entity in entities:
                assert 0 <= entity["start"] < entity["end"] <= length
                assert entity["type"] in self.vocab.get_token_to_index_vocabulary("labels")


def _model_from_experiment(vocab, **model_overrides) -> Model:
    params = Params.from_file(str(EXPERIMENT)).pop("model").as_dict()
    params.update(model_overrides)
    return Model.from_params(vocab=vocab, params=Params(params))


@pytest.fixture(scope="module")
def fixture_batch():
    from allennlp.data import Vocabulary
    from allennlp.data.dataset_readers import DatasetReader

    reader = DatasetReader.from_params(Params.from_file(str(EXPERIMENT)).pop("dataset_reader"))
    instances = list(reader.read(str(TRAIN)))
    vocab = Vocabulary.from_instances(instances)
    for instance in instances:
        instance.index_fields(vocab)
    return vocab, Batch(instances).as_tensor_dict()


def _eval(model, batch):
    model.eval()
    with torch.no_grad():
        return model(**batch)


def _proposals(output):
    """The stage-2 spans of every sentence, concatenated (they fill the first num_proposals rows)."""
    rows = torch.arange(output["spans"].size(1)).unsqueeze(0) < output["num_proposals"].unsqueeze(1)
    return output["spans"][rows]


def _num_seeds(batch, window_sizes):
    lengths = (batch["tokens"]["tokens"]["tokens"] > 0).sum(1)
    return enumerate_seed_spans(lengths, window_sizes)[1].sum(1)


def test_without_filter_every_seed_reaches_stage_two(fixture_batch):
    vocab, batch = fixture_batch
    model = _model_from_experiment(vocab, span_proposal_filter=None)
    assert "span proposal filter" not in model.stages()
    output = _eval(model, batch)
    assert output["num_proposals"].tolist() == _num_seeds(batch, model.window_sizes).tolist()


def test_filter_threshold_prunes_seeds(fixture_batch):
    vocab, batch = fixture_batch
    torch.manual_seed(0)
    model = _model_from_experiment(vocab, span_proposal_filter={"hidden_dim": 32, "keep_threshold": 1.1})
    assert _eval(model, batch)["num_proposals"].sum().item() == 0


def test_without_regressor_proposals_are_unmoved_seeds(fixture_batch):
    vocab, batch = fixture_batch
    torch.manual_seed(0)
    model = _model_from_experiment(
        vocab,
        boundary_regressor=None,
        span_proposal_filter=None,
        decoder={"type": "none", "score_threshold": 0.0},
    )
    output = _eval(model, batch)
    seeds, seed_mask = enumerate_seed_spans(
        (batch["tokens"]["tokens"]["tokens"] > 0).sum(1), model.window_sizes
    )
    # With neither filter nor regressor, stage 2 classifies exactly the seeds (exhaustive model).
    assert torch.equal(_proposals(output), seeds[seed_mask])
    assert not any(
        isinstance(m, torch.nn.Module) and "Regressor" in type(m).__name__ for m in model.modules()
    )


def test_regressor_moves_boundaries(fixture_batch):
    vocab, batch = fixture_batch
    torch.manual_seed(0)
    model = _model_from_experiment(
        vocab, span_proposal_filter=None, decoder={"type": "none", "score_threshold": 0.0}
    )
    with torch.no_grad():
        model.stages()["boundary regressor"].output_layer.bias.fill_(3.0)  # every offset is about +3
    output = _eval(model, batch)
    seeds, seed_mask = enumerate_seed_spans(
        (batch["tokens"]["tokens"]["tokens"] > 0).sum(1), model.window_sizes
    )
    moved = _proposals(output)
    assert moved.shape == seeds[seed_mask].shape and not torch.equal(moved, seeds[seed_mask])


def test_soft_examples_change_the_loss(fixture_batch):
    vocab, batch = fixture_batch
    torch.manual_seed(0)
    with_soft = _model_from_experiment(vocab, soft_example_eta=1.0)
    without_soft = _model_from_experiment(vocab, soft_example_eta=0.0)
    without_soft.load_state_dict(with_soft.state_dict())
    loss_with = _eval(with_soft, batch)["loss"].item()
    loss_without = _eval(without_soft, batch)["loss"].item()
    assert loss_with != pytest.approx(loss_without)


def test_decoder_choice_changes_predictions(trained_archive):
    def predictions(decoder):
        from allennlp.predictors import Predictor

        from locate_label_allennlp.modules import SpanDecoder

        archive = load_archive(str(trained_archive))
        # The decoder a config would build, put into the trained model.
        archive.model.decoder = SpanDecoder.from_params(Params(decoder))
        predictor_entities = []
        predictor = Predictor.from_archive(archive, "nested_ner")
        for line in TRAIN.read_text().splitlines():
            sentence = json.loads(line)
            result = predictor.predict_json({"tokens": sentence["tokens"]})
            predictor_entities.append({(e["start"], e["end"], e["type"]) for e in result["entities"]})
        return predictor_entities

    soft = predictions({"type": "soft_nms", "decay": 0.7, "iou_threshold": 0.5, "score_threshold": 0.4})
    none = predictions({"type": "none", "score_threshold": 0.4})
    hard = predictions({"type": "hard_nms", "iou_threshold": 0.3, "score_threshold": 0.4})
    # No suppression keeps everything Soft-NMS keeps, and more.
    assert all(s <= n for s, n in zip(soft, none)) and soft != none

    # Hard NMS keeps no two entities overlapping by IoU >= 0.3, so it loses nested ones Soft-NMS keeps.
    def iou(a, b):
        inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
        return inter / (max(a[1], b[1]) - min(a[0], b[0]))

    assert all(iou(a, b) < 0.3 for sentence in hard for a in sentence for b in sentence if a != b)
    assert sum(map(len, hard)) < sum(map(len, soft))


def test_trained_fixture_model_fits_its_training_data(trained_archive, tmp_path):
    metrics_file = tmp_path / "metrics.json"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "allennlp",
            "evaluate",
            str(trained_archive),
            str(TRAIN),
            "--output-file",
            str(metrics_file),
        ],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    metrics = json.loads(metrics_file.read_text())
    assert metrics["f1"] >= 0.9
    # overall, per-type and per-length figures are all reported
    assert "_type_protein_f1" in metrics and "_type_PER_f1" in metrics
    assert "_length_1-4_f1" in metrics and "_length=1_f1" in metrics
    assert metrics["proposals_per_entity"] > 0
    assert '"f1"' in completed.stdout + completed.stderr or "f1" in completed.stderr


def test_model_rejects_bad_loss_weights(fixture_batch):
    from allennlp.common.checks import ConfigurationError

    vocab, _ = fixture_batch
    with pytest.raises(ConfigurationError, match="loss_weights"):
        _model_from_experiment(vocab, loss_weights=[1.0, 1.0])


def test_dev_evaluation_runs(trained_archive):
    archive = load_archive(str(trained_archive))
    from allennlp.data.data_loaders import SimpleDataLoader
    from allennlp.training.util import evaluate

    reader = archive.dataset_reader
    loader = SimpleDataLoader(list(reader.read(str(DEV))), batch_size=2)
    loader.index_with(archive.model.vocab)
    metrics = evaluate(archive.model, loader)
    assert 0.0 <= metrics["f1"] <= 1.0


def _regression_loss(vocab, batch, state, **overrides) -> float:
    """The loss with only lambda2 on (the regression loss of Eq. 13), over every seed (eval mode)."""
    model = _model_from_experiment(vocab, loss_weights=[0.0, 1.0, 0.0], **overrides)
    model.load_state_dict(state)
    return _eval(model, batch)["loss"].item()


def test_regression_loss_carries_no_soft_example_weight_unless_asked(fixture_batch):
    # Eq. 12 and 16 carry w_i, Eq. 13-15 do not: by default the regression loss ignores eta.
    vocab, batch = fixture_batch
    torch.manual_seed(0)
    state = _model_from_experiment(vocab).state_dict()
    unweighted = _regression_loss(vocab, batch, state)
    assert unweighted > 0
    assert _regression_loss(vocab, batch, state, soft_example_eta=0.0) == pytest.approx(unweighted)
    # weight_regression_loss multiplies each positive seed's loss by w_i = IoU^eta <= 1 (the fixture
    # has positive seeds with IoU < 1), as the authors' released code does.
    weighted = _regression_loss(vocab, batch, state, weight_regression_loss=True)
    assert weighted < unweighted
    assert _regression_loss(
        vocab, batch, state, weight_regression_loss=True, soft_example_eta=0.0
    ) == pytest.approx(unweighted)
