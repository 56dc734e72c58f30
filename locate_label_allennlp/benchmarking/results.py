"""
results.json: every measurement of one benchmark run, with the command, machine and date that produced
it; and trained ablations added to it later. BENCHMARKS.md is rendered from it (`report`).
"""

import argparse
import json
from pathlib import Path
from typing import Dict, Optional

from allennlp.common import Params

from locate_label_allennlp.benchmarking.ablations import decoding_ablations, trained_ablations
from locate_label_allennlp.benchmarking.accuracy import accuracy
from locate_label_allennlp.benchmarking.data import load, locate_and_label, prepare
from locate_label_allennlp.benchmarking.environment import environment, machine, peak_rss_mib, phase
from locate_label_allennlp.benchmarking.growth import growth
from locate_label_allennlp.benchmarking.paths import PathNames
from locate_label_allennlp.benchmarking.profiling import where_the_time_goes
from locate_label_allennlp.benchmarking.report import write_page
from locate_label_allennlp.benchmarking.speed import inference, training_speed
from locate_label_allennlp.benchmarking.training_run import training_run
from locate_label_allennlp.benchmarking.training_runs import train_sentences_per_second


def benchmark(args: argparse.Namespace, command: str, trained_here: bool) -> Dict:
    """All the measurements; `trained_here`: this command trained the model (quick mode)."""
    env = environment(command)
    memory = {}
    with phase(f"loading {args.archive.name} and reading {args.test_file.name}"):
        archive = load(args.archive, args.overrides)
        prepared = prepare(archive, args.test_file, args.batch_size)
        if not prepared.instances:
            raise SystemExit(f"{args.test_file} has no sentences")
    memory["after_loading_mib"] = peak_rss_mib()
    with phase("accuracy"):
        scores = accuracy(locate_and_label(archive), prepared.batches, prepared.instances)
    memory["after_test_set_inference_mib"] = peak_rss_mib()
    with phase("decoding ablations (the same model, other decoders)"):
        decoders = decoding_ablations(archive, prepared.batches)
    with phase("training speed"):
        training = training_speed(
            archive, args.train_file, args.train_steps, args.batch_size, args.repetitions
        )
    memory["after_training_steps_mib"] = peak_rss_mib()
    with phase("inference speed: two-stage, encoder alone, exhaustive"):
        speed = inference(archive, prepared.batches, len(prepared.instances), args.repetitions)
    with phase("growth with sentence length"):
        length_growth = growth(archive, args.batch_size, args.repetitions)
    with phase("profile"):
        profile = where_the_time_goes(
            locate_and_label(archive), prepared.batches, prepared.chunks, args.profile_batches
        )
    run = training_run(args.train_metrics)
    elsewhere = measured_elsewhere(_json(args.inference_speed), _json(args.study), args.study_run)
    return {
        "mode": "quick" if args.quick else "full",
        "headline": {**headline(env, scores, speed, run, trained_here), **elsewhere},
        "environment": env,
        "inputs": {
            "archive": str(args.archive),
            "test_file": str(args.test_file),
            "train_file": str(args.train_file),
            "train_metrics": None if args.train_metrics is None else str(args.train_metrics),
            "overrides": args.overrides or None,
            "test_sentences": len(prepared.instances),
            "test_tokens": sum(len(instance["tokens"]) for instance in prepared.instances),
            "batch_size": args.batch_size,
            "batches": len(prepared.batches),
            "repetitions": args.repetitions,
            "window_sizes": locate_and_label(archive).window_sizes,
            "decoder": archive.config["model"].get("decoder", Params({"type": "soft_nms"})).as_dict(),
        },
        "accuracy": scores,
        "ablations": trained_ablations(args.ablation, args.test_file, args.batch_size, args.overrides),
        "decoding_ablations": decoders,
        "notes": notes(args.notes),
        "inference": speed,
        "training": {**training, "run": run},
        "memory": memory,
        "growth": length_growth,
        "profile": profile,
    }


def headline(env: Dict, scores: Dict, speed: Dict, run: Optional[Dict], trained_here: bool) -> Dict:
    """The figures the page leads with, each with the command, machine and date that produced it."""

    def cited(value: Optional[float]) -> Dict:
        return {"value": value, "command": env["command"], "machine": machine(env), "date": env["date"]}

    train_minutes = cited(None if run is None else run["train_minutes"])
    if run is not None and trained_here:
        train_minutes["note"] = (
            f"training_duration in {run['metrics_file']}, of the training this command ran"
        )
    elif run is not None:
        train_minutes["machine"] = None  # not recorded by AllenNLP
        train_minutes["note"] = (
            f"training_duration in {run['metrics_file']}, measured by the training run on its own machine"
        )
    return {
        "genia_test_f1": cited(scores["overall"]["f1"]),
        "inference_ratio_to_encoder": cited(speed["ratio_to_encoder"]),
        "speedup_vs_exhaustive": cited(speed["speedup_vs_exhaustive"]),
        "proposals_per_entity": cited(scores["proposals_per_entity"]),
        "train_minutes": train_minutes,
        "inference_sentences_per_second": cited(speed["two_stage"]["sentences_per_second"]),
    }


def measured_elsewhere(
    inference_speed: Optional[Dict], study: Optional[Dict], study_run: Optional[str]
) -> Dict:
    """
    Headline figures that other commands measure, each cited with that command, machine and date:
    from ``benchmarks/inference_speed.py``'s JSON, int8 against float32 and end-to-end prediction; from
    ``benchmarks/genia_study.py``'s JSON (the run named ``study_run``), the training speed. (The 30-minute
    test F1 is a run of its own: ``benchmarks/dataset_result.py genia_test_f1_30min``.)
    """
    figures: Dict[str, Dict] = {}

    def cite(key: str, value: Optional[float], source: Dict, note: str) -> None:
        figures[key] = {
            "value": value,
            "command": source["command"],
            "machine": source["machine"],
            "date": source["date"],
            "note": note,
        }

    if inference_speed is not None:
        scheme = inference_speed["int8_scheme"]
        float32, int8 = inference_speed["float32"], inference_speed[scheme]
        forward = "forward passes from ready tensors, vector caches off"
        end_to_end = "allennlp predict's path after start-up: reading, indexing, batching, model, output"
        quantization = (
            f"model.quantize {scheme!r}, quantized engine {inference_speed['quantization_engine']!r}"
        )
        # Measurements from before model.quantize_keep_float have no such key: nothing was kept.
        if inference_speed.get("int8_keep_float"):
            quantization += f", float32 kept in {', '.join(inference_speed['int8_keep_float'])}"
        if inference_speed.get("int8_outlier_rows") is not None:
            quantization += (
                f", rows above {inference_speed['int8_outlier_rows']:g}x the mean row maximum quantised apart"
            )
        int8_forward = f"{quantization}; {forward}"
        for key, value, note in (
            (
                "inference_sentences_per_second_int8",
                int8["forward_only"]["sentences_per_second"],
                int8_forward,
            ),
            ("int8_speedup", int8["speedup_forward"], int8_forward),
            ("int8_f1_loss", int8["f1_loss"], f"float32 F1 - int8 F1 ({quantization})"),
            ("predict_sentences_per_second", float32["end_to_end"]["sentences_per_second"], end_to_end),
            ("predict_to_forward_ratio", float32["predict_to_forward_ratio"], end_to_end),
            (
                "predict_sentences_per_second_int8",
                int8["end_to_end"]["sentences_per_second"],
                f"{quantization}; {end_to_end}",
            ),
        ):
            cite(key, value, inference_speed, note)
    if study is not None:
        runs = {run["name"]: run for run in study["runs"]}
        if study_run not in runs:
            raise SystemExit(f"--study-run: no run named {study_run!r} in the study ({', '.join(runs)})")
        run = runs[study_run]
        # A row kept from an earlier invocation of the study cites that invocation.
        source = run.get("measured_by", study)
        cite(
            "train_sentences_per_second",
            train_sentences_per_second(run),
            source,
            f"run {study_run!r}: training sentences x epochs / training_duration; {source['note']}",
        )
    return figures


def update_headline(args: argparse.Namespace) -> Dict:
    """An existing results.json with the figures of --inference-speed and --study added to its headline
    (measured after the benchmark ran)."""
    results = _existing_results(args.output_dir, "--update-headline")
    results["headline"].update(
        measured_elsewhere(_json(args.inference_speed), _json(args.study), args.study_run)
    )
    if args.notes is not None:
        results["notes"] = notes(args.notes)
    return results


def add_ablations(args: argparse.Namespace, command: str, names: PathNames) -> Dict:
    """Evaluates the --ablation archives and adds them to an existing results.json (trained later)."""
    results = _existing_results(args.output_dir, "--add-ablations")
    measured_on, given = results["inputs"]["test_file"], names.path(args.test_file)
    if measured_on != given:
        raise SystemExit(
            f"--add-ablations: {args.output_dir / 'results.json'} was measured on {measured_on}, not {given} "
            "(set the variable the recorded path starts with, e.g. GENIA_DIR, to the folder it stands for)"
        )
    # Ablations are added one or a few at a time (each is a long training run), so each keeps the
    # command, commit and machine that measured it.
    added = environment(command)
    for name, figures in trained_ablations(
        args.ablation, args.test_file, args.batch_size, args.overrides
    ).items():
        results["ablations"][name] = {**figures, "added": added}
    if args.notes is not None:
        results["notes"] = notes(args.notes)
    return results


def earlier_results(output_dir: Path, test_file: Optional[str], headline: Dict) -> Dict:
    """
    What an existing results.json measured on ``test_file`` (as recorded, e.g. ``$GENIA_DIR/test.jsonl``)
    holds that a benchmark run given no --ablation does not measure again: the trained ablations (and
    the environment they were measured in) and the headline figures other commands added
    (``benchmarks/dataset_result.py``'s), each with its own command and date. They are models and
    measurements of their own, still valid when the main model is measured again.
    """
    path = output_dir / "results.json"
    if test_file is None or not path.is_file():
        return {}
    earlier = json.loads(path.read_text())
    if earlier.get("inputs", {}).get("test_file") != test_file:
        return {}
    kept = {"ablations": earlier["ablations"]} if earlier.get("ablations") else {}
    elsewhere = {key: entry for key, entry in earlier.get("headline", {}).items() if key not in headline}
    if elsewhere:
        kept["headline"] = {**headline, **elsewhere}
    return kept


def _existing_results(output_dir: Path, option: str) -> Dict:
    path = output_dir / "results.json"
    if not path.is_file():
        raise SystemExit(f"{option}: no {path}; run the full benchmark first")
    return json.loads(path.read_text())


def _json(path: Optional[Path]) -> Optional[Dict]:
    return None if path is None else json.loads(path.read_text())


def notes(path: Optional[Path]) -> Optional[Dict]:
    """The --notes file, kept in results.json so that the page renders from results.json alone."""
    return None if path is None else {"file": str(path), "text": path.read_text()}


def write(results: Dict, output_dir: Path, markdown: Path) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    results_path = output_dir / "results.json"
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    markdown.parent.mkdir(parents=True, exist_ok=True)
    write_page(markdown, results)
    print(f"wrote {results_path} and {markdown}")
