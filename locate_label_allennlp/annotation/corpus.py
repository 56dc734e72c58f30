"""
Annotates a corpus with a trained model: `annotate_corpus` plans the units of the input
(`annotation.units`), resumes after the units a stopped run finished (`annotation.progress`), has them
annotated in this process, in worker processes or on a Ray cluster, and writes the results in order
(`annotation.writers`), committing progress after each unit.
"""

import logging
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, Optional, Sequence, Tuple

from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.annotation.annotator import OUTPUT_FORMATS, AnnotatorSettings
from locate_label_allennlp.annotation.progress import ProgressBar, ProgressManifest
from locate_label_allennlp.annotation.units import InputKind, LineUnit, Unit, detect_kind, plan_units
from locate_label_allennlp.annotation.workers import annotate_in_processes, annotate_in_this_process
from locate_label_allennlp.annotation.writers import (
    DocumentsWriter,
    OutputWriter,
    SentencesBratWriter,
    SentencesJsonlWriter,
)

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 1000


@dataclass
class AnnotationSummary:
    output: str
    units: int
    """Units of the whole input (chunks of lines, or documents)."""
    units_annotated: int
    """By this run (a resumed run skips those done before)."""
    sentences_annotated: int
    seconds: float
    errors: int
    """Lines or documents that could not be annotated, over the whole output."""
    resumed_after: int
    """Units done by earlier runs."""

    @property
    def sentences_per_second(self) -> float:
        return self.sentences_annotated / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        resumed = f", resumed after {self.resumed_after} done before" if self.resumed_after else ""
        return (
            f"annotated {self.sentences_annotated} sentences in {self.units_annotated} of {self.units} units"
            f"{resumed} in {self.seconds:.1f} s ({self.sentences_per_second:.1f} sentences/s); "
            f"{self.errors} errors; output: {self.output}"
        )


def output_paths(kind: InputKind, output_format: str, output: str) -> Dict[str, str]:
    """Where the output and the progress manifest go (see `annotation.writers` for the layout)."""
    if kind.is_line_file and output_format == "jsonl":
        return {"output": output, "manifest": output + ".progress.json"}
    return {"output": output, "manifest": os.path.join(output, ".progress.json")}


def _make_writer(input_path: str, kind: InputKind, output_format: str, output: str) -> OutputWriter:
    if kind.is_line_file and output_format == "jsonl":
        return SentencesJsonlWriter(output)
    os.makedirs(output, exist_ok=True)
    if kind.is_line_file:
        return SentencesBratWriter(output, os.path.splitext(os.path.basename(input_path))[0])
    return DocumentsWriter(output, output_format)


def _fingerprint(settings: AnnotatorSettings, input_path: str, chunk_size: int) -> Dict[str, Any]:
    """What must not change between a run and its resumption: it decides the units and their output."""
    stat = os.stat(input_path)
    return {
        "input": os.path.abspath(input_path),
        "input_size": stat.st_size if os.path.isfile(input_path) else None,
        "input_mtime_ns": stat.st_mtime_ns if os.path.isfile(input_path) else None,
        "model": os.path.abspath(settings.archive),
        "kind": settings.kind,
        "format": settings.output_format,
        "chunk_size": chunk_size,
        "batch_size": settings.batch_size,
        "overrides": settings.overrides,
    }


Runner = Callable[[Sequence[Unit], AnnotatorSettings], Iterator[Dict[str, Any]]]


def choose_runner(workers: int, ray_address: Optional[str]) -> Runner:
    if workers < 1:
        raise ConfigurationError(f"--workers must be at least 1, got {workers}")
    if ray_address is not None:
        from locate_label_allennlp.annotation.ray_cluster import annotate_on_ray

        return lambda units, settings: annotate_on_ray(units, settings, workers, ray_address)
    if workers > 1:
        return lambda units, settings: annotate_in_processes(units, settings, workers)
    return annotate_in_this_process


def annotate_corpus(
    archive: str,
    input_path: str,
    output: str,
    output_format: str = "jsonl",
    kind: Optional[str] = None,
    workers: int = 1,
    ray_address: Optional[str] = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    batch_size: int = 32,
    cuda_device: int = -1,
    overrides: str = "",
    threads: Optional[int] = None,
    overwrite: bool = False,
    progress_bar: bool = True,
) -> AnnotationSummary:
    """
    Annotates ``input_path`` (see `annotation.units` for the kinds; ``kind=None`` guesses it) into
    ``output``. ``ray_address`` (``auto``, ``ray://head:10001``, ``local``, or anything when this process
    has called ``ray.init`` already) runs ``workers`` Ray actors instead of local processes.
    """
    if output_format not in OUTPUT_FORMATS:
        raise ConfigurationError(
            f"--format must be one of {', '.join(OUTPUT_FORMATS)}, got {output_format!r}"
        )
    input_kind = InputKind(kind) if kind else detect_kind(input_path)
    if not os.path.exists(archive):
        raise ConfigurationError(f"model archive {archive} does not exist")
    settings = AnnotatorSettings(
        os.path.abspath(archive), input_kind.value, output_format, batch_size, cuda_device, overrides, threads
    )
    units = plan_units(input_path, input_kind, chunk_size)
    manifest, writer = _resume_or_start(settings, input_path, output, chunk_size, overwrite)
    resumed_after = manifest.units_done
    if resumed_after:
        logger.info("%s: resuming after %d of %d units done before", output, resumed_after, len(units))
    bar = _progress_bar(units, manifest, input_kind, progress_bar)
    annotated = 0
    try:
        for result in choose_runner(workers, ray_address)(units[manifest.units_done :], settings):
            writer.write(result)
            manifest.commit(
                manifest.units_done + 1, manifest.sentences_done + result["sentences"], writer.commit()
            )
            bar.update(1, result["sentences"])
            annotated += 1
        manifest.commit(manifest.units_done, manifest.sentences_done, writer.commit(), complete=True)
    finally:
        writer.close()
        bar.close()
    return AnnotationSummary(
        output, len(units), annotated, bar.sentences, bar.seconds, writer.errors, resumed_after
    )


def _resume_or_start(
    settings: AnnotatorSettings, input_path: str, output: str, chunk_size: int, overwrite: bool
) -> Tuple[ProgressManifest, OutputWriter]:
    """The progress of an earlier run (or a fresh start) and the writer, its files cut back to the last
    committed unit, which drops what a stop left of an unfinished one (or emptied, for a fresh start)."""
    kind = InputKind(settings.kind)
    manifest = ProgressManifest.load_or_start(
        output_paths(kind, settings.output_format, output)["manifest"],
        _fingerprint(settings, input_path, chunk_size),
        overwrite,
    )
    if manifest.writer_state is None and not overwrite and _has_content(output):
        raise ConfigurationError(
            f"{output} exists and holds no progress of an earlier run: use --overwrite to replace it"
        )
    writer = _make_writer(input_path, kind, settings.output_format, output)
    writer.restore(manifest.writer_state or writer.empty_state())
    return manifest, writer


def _progress_bar(
    units: Sequence[Unit], manifest: ProgressManifest, kind: InputKind, enabled: bool
) -> ProgressBar:
    if kind.is_line_file:
        lines = [unit.num_lines for unit in units if isinstance(unit, LineUnit)]
        return ProgressBar(sum(lines), sum(lines[: manifest.units_done]), "sentence", enabled)
    return ProgressBar(len(units), manifest.units_done, "document", enabled)


def _has_content(output: str) -> bool:
    if os.path.isdir(output):
        return any(os.scandir(output))
    return os.path.exists(output)
