import pytest

from tests.conftest import TRAIN

DOCUMENTS = {
    "a.txt": "IL-2 gene expression and NF-kappa B activation require CD28 responsive element. "
    "Activation of human T cells induces IL-2 receptor alpha.\n"
    "Jurkat T cells were treated with phorbol ester.\n",
    "sub/b.txt": "Human T cells .\r\nThe IL-2 receptor alpha chain\n\nwas measured in \u00e9 Jurkat T cells.",
    "c.txt": "Officials of the World Health Organization visited Geneva University Hospital .",
}


def sentence_lines():
    """Every kind of line: JSON sentences, raw text, an empty line, bad JSON, bad tokens, bad bytes."""
    lines = [line.encode("utf-8") for line in TRAIN.read_text(encoding="utf-8").splitlines()[:8]]
    return lines + [
        b"Activation of human T cells induces IL-2 receptor alpha .",
        b"",
        b"{oops",
        b'{"tokens": ["IL-2", 3]}',
        b"Jurkat T cells \xff\xfe were treated .",
        b'{"sentence": "IL-2 gene expression requires NF-kappa B ."}',
    ]


@pytest.fixture
def sentences_file(tmp_path):
    path = tmp_path / "sentences.jsonl"
    path.write_bytes(b"\n".join(sentence_lines()) + b"\n")
    return path


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_bytes(
        "\ufeffActivation of human T cells induces IL-2 receptor alpha .\n\n"
        '{"tokens": ["not", "json", "here"]}\r\nJurkat T cells were treated with phorbol ester .'.encode(
            "utf-8"
        )
    )
    return path


@pytest.fixture
def documents(tmp_path):
    folder = tmp_path / "documents"
    for name, text in DOCUMENTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))
    (folder / "bad.txt").write_bytes(b"IL-2 \xff gene")
    (folder / "empty.txt").write_bytes(b"")
    return folder
