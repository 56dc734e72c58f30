"""The service's routes on the fixture model, through FastAPI's TestClient (no network)."""

import re

import pytest
from fastapi.testclient import TestClient

from locate_label_allennlp.service.app import ServedModel, create_app
from locate_label_allennlp.service.limits import ServiceLimits
from locate_label_allennlp.service.load_test import records_match

SENTENCE = "The United Nations secretary general arrived in London ."


@pytest.fixture
def client(served_model):
    with TestClient(create_app(served_model, ServiceLimits(max_inputs=4, max_text_bytes=200))) as client:
        yield client


def test_health_names_the_model_and_its_types(client, served_model):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["model"].endswith("/model.tar.gz")
    assert not health["model"].startswith("/")  # no path of the server's disk
    assert health["labels"] == served_model.labels and "PER" in health["labels"]
    assert health["limits"]["max_inputs"] == 4 and health["limits"]["max_text_bytes"] == 200


def test_one_input_gets_the_predictors_record(client, served_model):
    for item in ({"sentence": SENTENCE}, {"tokens": SENTENCE.split()}):
        response = client.post("/predict", json=item)
        assert response.status_code == 200
        assert response.json() == served_model.predictor.predict_json(item)


def test_a_list_gets_the_records_in_order(client, served_model, sentences):
    inputs = sentences[:4]
    response = client.post("/predict", json=inputs)
    assert response.status_code == 200
    records = response.json()
    assert len(records) == 4
    for record, item in zip(records, inputs):
        assert records_match(record, served_model.predictor.predict_json(item))


@pytest.mark.parametrize(
    "content, status, field",
    [
        (b"", 400, "body"),
        (b"{not json", 400, "body"),
        (b'"a sentence"', 422, "body"),
        (b'{"tokens": "not a list"}', 422, "body.tokens"),
        (b'[{"sentence": "a"}, {"tokens": [1]}]', 422, "body[1].tokens[0]"),
        (b'[{"sentence": "a"}, {"sentence": "b"}, {"sentence": "c"}, {"sentence": "d"}, {"sentence": "e"}]', 413, "body"),
        (b'{"sentence": "' + b"x" * 201 + b'"}', 413, "body.sentence"),
    ],
)  # fmt: skip
def test_bad_requests_get_a_4xx_naming_the_field(client, content, status, field):
    response = client.post("/predict", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert response.json() == {"detail": response.json()["detail"], "field": field}
    assert response.json()["detail"].startswith(f"{field}: ")


def test_a_body_declared_too_large_is_refused_unread(client):
    response = client.post("/predict", content=b"{}", headers={"Content-Length": str(10**9)})
    assert response.status_code == 413 and "over the limit" in response.json()["detail"]


def test_the_routes_answer_json_for_wrong_methods_and_paths(client):
    assert client.get("/predict").status_code == 405
    assert client.get("/no-such-route").status_code == 404


class FailsOnBoom:
    """The fixture model, except that it fails on any input whose tokens contain BOOM."""

    def __init__(self, predictor) -> None:
        self.predictor = predictor

    def predict_batch_json(self, inputs):
        if any("BOOM" in item.get("tokens", item.get("sentence", "").split()) for item in inputs):
            raise RuntimeError("the model failed on BOOM")
        return self.predictor.predict_batch_json(inputs)

    def predict_json(self, item):
        return self.predict_batch_json([item])[0]


def test_a_model_error_on_one_input_gives_it_an_error_record(served_model):
    failing = ServedModel(
        FailsOnBoom(served_model.predictor), served_model.reader, "failing", served_model.labels
    )
    with TestClient(create_app(failing, ServiceLimits())) as client:
        inputs = [{"sentence": SENTENCE}, {"tokens": ["a", "BOOM"]}, {"sentence": "IL-2 gene expression"}]
        records = client.post("/predict", json=inputs).json()
        assert records[1] == {"error": "RuntimeError: the model failed on BOOM", "index": 1}
        assert records[0] == served_model.predictor.predict_json(inputs[0])
        assert records[2] == served_model.predictor.predict_json(inputs[2])
        alone = client.post("/predict", json={"tokens": ["BOOM"]})
        assert alone.status_code == 422
        assert (
            alone.json()["detail"]
            == "body: the model could not predict this input: RuntimeError: the model failed on BOOM"
        )


def test_render_draws_the_records_as_nested_boxes(client):
    answer = client.post("/render", json=[{"sentence": SENTENCE}]).json()
    (record,) = answer["records"]
    assert answer["html"].startswith('<section class="sentence" data-index="0"')
    for entity in record["entities"]:
        assert f'data-type="{entity["type"]}" data-depth="{entity["depth"]}"' in answer["html"]


def test_the_page_is_self_contained(client, served_model):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "connect-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert '<textarea id="text"' in page and '<button id="submit"' in page
    assert re.findall(r'data-toggle-type="([^"]+)"', page) == sorted(served_model.labels)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from another host


def test_the_openapi_schema_documents_the_body(client):
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/predict"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"PredictionInput", "GoldEntity"} <= set(body["$defs"])
    assert set(body["$defs"]["PredictionInput"]["properties"]) >= {"sentence", "tokens", "ltokens", "rtokens"}
