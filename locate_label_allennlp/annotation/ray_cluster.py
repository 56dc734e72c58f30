"""
Runs `UnitAnnotator` on a Ray cluster with Ray Data: the units become a dataset that a pool of actors maps
(`ray.data.ActorPoolStrategy`), each actor loading the model once; the results stream back to this process
in unit order (``preserve_order``), which writes them as a single-process run does.

Ray is an optional extra: ``pip install .[ray]``. Workers read the model archive and the input from the
paths this process gives them, so on a cluster both must be on storage that every node sees (a shared
file system) and the package must be installed on every node (see the README).
"""

import json
from dataclasses import asdict, replace
from typing import Any, Dict, Iterator, Optional, Sequence

import numpy
from allennlp.common.checks import ConfigurationError

from locate_label_allennlp.annotation.annotator import AnnotatorSettings, UnitAnnotator
from locate_label_allennlp.annotation.units import Unit, unit_from_dict, unit_to_dict


class RayUnitAnnotator:
    """A Ray Data actor: a batch of serialized units in, their serialized results out."""

    def __init__(self, settings: Dict[str, Any]) -> None:
        self.annotator = UnitAnnotator(AnnotatorSettings(**settings))

    def __call__(self, batch: Dict[str, numpy.ndarray]) -> Dict[str, numpy.ndarray]:
        results = [
            json.dumps(self.annotator.annotate(unit_from_dict(json.loads(unit)))) for unit in batch["unit"]
        ]
        return {"result": numpy.array(results, dtype=object)}


def connect(address: Optional[str]) -> Any:
    """The ``ray`` module, connected to ``address`` (``auto``, ``ray://host:10001``, ``local``...) unless this
    process is connected already (e.g. to a ``ray.init()`` of its own)."""
    try:
        import ray
    except ImportError as error:
        raise ConfigurationError(
            "--ray-address needs Ray: install the package with its ray extra (pip install .[ray])"
        ) from error
    if not ray.is_initialized():
        ray.init(address=address)
    return ray


def annotate_on_ray(
    units: Sequence[Unit], settings: AnnotatorSettings, workers: int, address: Optional[str] = None
) -> Iterator[Dict[str, Any]]:
    """``workers`` actors, each with ``settings.threads`` CPUs (default 1), or one GPU when
    ``settings.cuda_device`` is a GPU (each actor then sees its own as device 0)."""
    if not units:
        return
    ray = connect(address)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False  # the command shows its own
    # Each actor uses as many torch threads as it has CPUs (1 unless --threads says otherwise).
    settings = replace(settings, threads=settings.threads or 1)
    actor_resources: Dict[str, float] = {"num_cpus": settings.threads or 1}
    if settings.cuda_device >= 0:
        actor_resources["num_gpus"] = 1
        settings = replace(settings, cuda_device=0)
    dataset = ray.data.from_items(
        [{"unit": json.dumps(unit_to_dict(unit))} for unit in units],
        override_num_blocks=min(len(units), 4 * workers),
    ).map_batches(
        RayUnitAnnotator,
        fn_constructor_kwargs={"settings": asdict(settings)},
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=workers),
        **actor_resources,
    )
    for row in dataset.iter_rows():
        yield json.loads(row["result"])
