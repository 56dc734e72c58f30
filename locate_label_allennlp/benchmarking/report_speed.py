"""The speed sections of the benchmark page: inference, training, memory, growth, where the time goes."""

from pathlib import Path
from typing import Dict, List

from locate_label_allennlp.benchmarking.report_tables import number, table


def speed_section(results: Dict) -> List[str]:
    return (
        ["## Speed (CPU)", ""]
        + inference_section(results)
        + training_section(results)
        + memory_section(results)
    )


def inference_section(results: Dict) -> List[str]:
    speed, accuracy = results["inference"], results["accuracy"]
    rows = [
        [
            label,
            number(speed[key]["median_seconds"], 3),
            number(speed[key]["sentences_per_second"], 1),
            number(speed[key]["median_seconds"] / speed["two_stage"]["median_seconds"]),
        ]
        for key, label in (
            ("two_stage", "two-stage model"),
            ("encoder_only", "encoder alone"),
            ("exhaustive", "exhaustive span classification"),
        )
    ]
    decoding = [("two-stage model", accuracy["decoding"]), ("exhaustive", speed["exhaustive"]["decoding"])]
    decoding_rows = [
        [
            label,
            number(d["proposals_per_sentence"], 1),
            number(d["entities_per_sentence"]),
            number(d["soft_nms_iterations_per_batch_mean"], 1),
            str(d["soft_nms_iterations_per_batch_max"]),
        ]
        for label, d in decoding
    ]
    return [
        "### Inference",
        "",
        "Forward passes over the whole test file, from tensors (reading and indexing excluded), without "
        "gold entities (no loss, no metric). The encoder alone is the model's embedders and encoder, as "
        "its forward runs them, without the span heads. The exhaustive model is the same archive without "
        "span proposal filter and boundary regressor: every seed span goes to the (shared, trained) entity "
        "classifier and the decoder.",
        "",
        table(("", "median seconds", "sentences / s", "time / two-stage"), rows),
        "",
        "What the decoder had to do (Soft-NMS loops once per entity it keeps, for a whole batch at once):",
        "",
        table(
            ("", "proposals / sentence", "entities / sentence", "Soft-NMS iterations / batch: mean", "max"),
            decoding_rows,
        ),
        "",
    ]


def training_section(results: Dict) -> List[str]:
    training, run = results["training"], results["training"]["run"]
    out = [
        "### Training",
        "",
        f"{training['steps']} optimizer steps (forward, backward, gradient clipping, update with the "
        f"archive's optimizer) on the first {training['sentences']} sentences of "
        f"`{Path(results['inputs']['train_file']).name}`, "
        f"batched as above: median {number(training['median_seconds'], 2)} s, "
        f"**{number(training['sentences_per_second'], 1)} sentences / s**.",
        "",
    ]
    if not run:
        return out
    rows = [
        ["duration", f"{run['training_duration']} ({number(run['train_minutes'], 1)} min)"],
        ["epochs run (last epoch index)", str(run["last_epoch"])],
        ["best epoch", str(run["best_epoch"])],
        ["best validation F1 (%)", number(run["best_validation_f1"])],
        ["peak memory (MB)", number(run["peak_memory_mb"], 0)],
    ]
    return out + [table(("training run", "value"), rows, "lr"), "", f"From `{run['metrics_file']}`.", ""]


def memory_section(results: Dict) -> List[str]:
    memory = results["memory"]
    rows = [
        ["loading the model and the test batches", number(memory["after_loading_mib"], 0)],
        ["inference over the test file", number(memory["after_test_set_inference_mib"], 0)],
        ["the training steps", number(memory["after_training_steps_mib"], 0)],
    ]
    return [
        "### Memory",
        "",
        "Peak resident memory of the benchmark process (`ru_maxrss`, a high-water mark: each figure "
        "includes what came before it; the training steps run on a copy of the model).",
        "",
        table(("after", "peak RSS (MiB)"), rows),
        "",
    ]


def growth_section(results: Dict) -> List[str]:
    growth = results["growth"]
    rows = [
        [str(row["tokens"]), number(row["ms_per_sentence"], 2), number(row["us_per_token"], 1)]
        for row in growth["rows"]
    ]
    return [
        "### Growth with sentence length",
        "",
        f"Batches of {growth['batch_size']} synthetic sentences of random vocabulary words, window sizes "
        f"{results['inputs']['window_sizes']}. With a fixed window list the number of seed spans grows "
        "linearly with the length, so the time per token should stay about flat.",
        "",
        table(("tokens", "ms / sentence", "µs / token"), rows),
        "",
        f"Fitted growth: time per sentence ∝ length^**{number(growth['exponent'])}** (1 is linear).",
        "",
    ]


def profile_section(results: Dict) -> List[str]:
    profile = results["profile"]
    stages = [[row["stage"], number(row["ms"], 1), number(row["percent"], 1)] for row in profile["stages"]]
    operators = [
        [
            f"`{row['operator']}`",
            number(row["self_cpu_ms"], 1),
            number(row["self_cpu_percent"], 1),
            str(row["calls"]),
        ]
        for row in profile["top_operators"]
    ]
    return [
        "## Where the time goes",
        "",
        f"Inference on {profile['batches']} batch(es) ({profile['sentences']} sentences) spread over the "
        f"lengths, {number(profile['total_ms'], 0)} ms in all.",
        "",
        "### By part of the model",
        "",
        table(("part", "ms", "%"), stages),
        "",
        "### Top operators by self CPU time (torch.profiler)",
        "",
        table(("operator", "self CPU ms", "%", "calls"), operators),
        "",
    ] + loops_section(profile["loop_check"])


def loops_section(loops: Dict) -> List[str]:
    size = loops["batch_size"]
    out = [
        "### Python loops in the hot path",
        "",
        f"One forward pass over a batch of {size} sentences calls "
        f"{loops['operator_calls']} operators from Python; over the same sentences twice "
        f"({2 * size}) it calls {loops['operator_calls_same_sentences_twice']}. Only a "
        "function that loops over the sentences of a batch calls more:",
        "",
    ]
    if loops["loops_over_batch_items"]:
        rows = [
            [
                f"`{row['function']}`",
                str(row["operator_calls"]),
                str(row["operator_calls_same_sentences_twice"]),
            ]
            for row in loops["loops_over_batch_items"]
        ]
        out += [
            table(("function", f"operator calls ({size} sentences)", f"({2 * size} sentences)"), rows),
            "",
        ]
    else:
        out += ["none does.", ""]
    return out + [
        "By inspection, the model's own forward pass has one loop, in Soft-NMS (Algorithm 1 is "
        "sequential): it runs once per entity kept, each iteration processing the whole batch, so a batch "
        "costs as many iterations as its sentence with the most entities (in the batch above: "
        f"{loops['soft_nms_iterations']}). Deduplication and Soft-NMS also build proposal × proposal "
        "matrices for each sentence, quadratic in the proposals kept. Turning the output into entity "
        "lists (for the metric, or `make_output_human_readable` for the predictor) loops over the "
        "proposals in Python; it is outside the timed forward passes.",
        "",
    ]
