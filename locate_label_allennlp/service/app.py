"""
The FastAPI app of ``allennlp nested-ner-serve``:

* ``POST /predict``: one input (``{"sentence": ...}`` or ``{"tokens": [...]}``, as the ``nested_ner``
  predictor takes it) or a JSON list of them; the answer is the predictor's record, or the list of
  records in order. Within a list, an input the model fails on gets ``{"error": ..., "index": i}`` and
  the others their records; a single input the model fails on gets a 422.
* ``POST /render``: the same body; ``{"records": [...], "html": ...}``, the records drawn for the page.
* ``GET /health``: the model, its entity types, the limits and batching statistics.
* ``GET /``: the page (`page`), and ``GET /openapi.json``: the OpenAPI schema.

Bad requests get a 4xx with ``{"detail": "<field>: <message>", "field": "<field>"}`` (`validation`).
"""

import logging
import os
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import AsyncIterator, List, Sequence, Tuple

from allennlp.common.checks import ConfigurationError
from allennlp.common.util import JsonDict, SigTermReceived
from allennlp.models.archival import load_archive
from allennlp.predictors import Predictor
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from locate_label_allennlp.dataset_readers.nested_ner import NestedNerDatasetReader
from locate_label_allennlp.models.locate_and_label import LocateAndLabel
from locate_label_allennlp.modules.token_embedders import switch_off_vector_caches
from locate_label_allennlp.service.batcher import (
    Answer,
    MicroBatcher,
    PredictionFailure,
    predict_batch_or_each,
)
from locate_label_allennlp.service.limits import ServiceLimits
from locate_label_allennlp.service.page import PAGE_CSP, render_records, render_service_page
from locate_label_allennlp.service.validation import REQUEST_BODY, RequestError, parse_prediction_request

logger = logging.getLogger(__name__)


@dataclass
class ServedModel:
    predictor: Predictor
    reader: NestedNerDatasetReader
    name: str
    """The archive's folder and file name (no full path of the server's disk)."""
    labels: List[str]


def load_served_model(archive_path: str, cuda_device: int = -1) -> ServedModel:
    archive = load_archive(archive_path, cuda_device=cuda_device)
    if not isinstance(archive.model, LocateAndLabel):
        raise ConfigurationError(
            f"{archive_path} holds a {type(archive.model).__name__}, not a locate_and_label model"
        )
    # Without its vector caches: a server would keep every request's vectors, without bound.
    switch_off_vector_caches(archive.model)
    # The nested_ner predictor refuses a reader that is not a nested_ner one.
    predictor = Predictor.from_archive(archive, "nested_ner")
    reader: NestedNerDatasetReader = archive.validation_dataset_reader  # type: ignore[assignment]  # see above
    folder = os.path.basename(os.path.dirname(os.path.abspath(archive_path)))
    return ServedModel(
        predictor, reader, os.path.join(folder, os.path.basename(archive_path)), archive.model.entity_types
    )


REQUEST_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": REQUEST_BODY.json_schema(ref_template="#/$defs/{model}")}},
    }
}


def create_app(model: ServedModel, limits: ServiceLimits) -> FastAPI:
    batcher = MicroBatcher(
        partial(predict_batch_or_each, model.predictor), limits.max_batch_size, limits.max_wait_ms / 1000
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await batcher.start()
        yield
        await batcher.stop()

    # No /docs or /redoc: their pages load scripts from a CDN; the schema is at /openapi.json.
    app = FastAPI(
        title="Locate and Label: nested named entities", lifespan=lifespan, docs_url=None, redoc_url=None
    )

    @app.exception_handler(RequestError)
    async def bad_request(request: Request, error: RequestError) -> JSONResponse:
        return JSONResponse(error.to_json(), status_code=error.status)

    async def answers_to(request: Request) -> Tuple[List[JsonDict], bool]:
        body = await read_body(request, limits.max_body_bytes)
        inputs, is_list = parse_prediction_request(body, limits, model.reader.tokenize)
        return as_records(await batcher.predict(inputs), is_list), is_list

    @app.post(
        "/predict", openapi_extra=REQUEST_DOC, summary="Nested entities of one input or a list of inputs"
    )
    async def predict(request: Request) -> JSONResponse:
        records, is_list = await answers_to(request)
        return JSONResponse(records if is_list else records[0])

    @app.post("/render", openapi_extra=REQUEST_DOC, summary="The records and their nested boxes, as HTML")
    async def render(request: Request) -> JSONResponse:
        records, _ = await answers_to(request)
        return JSONResponse({"records": records, "html": render_records(records, model.labels)})

    @app.get("/health", summary="The model being served, its entity types, limits and batching")
    async def health() -> JSONResponse:
        statistics = batcher.statistics
        return JSONResponse({
            "status": "ok", "model": model.name, "labels": model.labels, "limits": limits.to_json(),
            "batches": {"run": statistics.batches, "inputs": statistics.inputs, "largest": statistics.largest_batch},
        })  # fmt: skip

    page = render_service_page(model.name, model.labels, limits.max_inputs)

    @app.get("/", response_class=HTMLResponse, summary="The interactive page")
    async def index() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_CSP})

    return app


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is over ``limit`` bytes, without reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestError(413, "body", f"{declared} bytes, over the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, "body", f"over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def as_records(answers: Sequence[Answer], is_list: bool) -> List[JsonDict]:
    """The predictor's records; a failure is ``{"error", "index"}`` in a list and a 422 for a single input."""
    if not is_list and isinstance(answers[0], PredictionFailure):
        raise RequestError(422, "body", f"the model could not predict this input: {answers[0].message}")
    return [
        {"error": answer.message, "index": index} if isinstance(answer, PredictionFailure) else answer
        for index, answer in enumerate(answers)
    ]


def serve(archive_path: str, host: str, port: int, limits: ServiceLimits, cuda_device: int = -1) -> None:
    """Loads the archive and serves it until interrupted."""
    import uvicorn

    model = load_served_model(archive_path, cuda_device)
    logger.info("serving %s (%d entity types) on http://%s:%d/", model.name, len(model.labels), host, port)
    try:
        uvicorn.run(create_app(model, limits), host=host, port=port, log_level="info")
    except (SigTermReceived, KeyboardInterrupt):
        # uvicorn shut down cleanly, then re-raised the SIGTERM (which the allennlp command turns into
        # SigTermReceived) or the SIGINT.
        logger.info("stopped")
