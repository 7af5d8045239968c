from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from briefcli.errors import DocumentError
from briefcli.loading import decode, load

TEXT = "Мария Захарова: Россия приветствует прогресс. Baku — Yerevan."


@pytest.mark.parametrize(
    ("data", "expected_encoding"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param("Россия приветствует прогресс в Баку.".encode("cp1251"), "cp1251",
                     id="cp1251-guessed"),
        pytest.param("Le ministère a salué l'accord à Genève.".encode("cp1252"), "cp1252",
                     id="latin-guessed"),
    ],
)
def test_decodes_without_crashing(data: bytes, expected_encoding: str) -> None:
    loaded = decode(data, "doc.txt")
    assert loaded.encoding == expected_encoding
    assert "\ufeff" not in loaded.text
    if expected_encoding.startswith("cp"):
        assert loaded.warnings and "doc.txt" in loaded.warnings[0]


def test_undefined_code_page_bytes_do_not_crash() -> None:
    # Found by the fuzzer: 0x98 is undefined in cp1251.
    loaded = decode("Россия".encode("cp1251") + b"\x98\xff\xfe\xfd", "x")
    assert loaded.encoding == "cp1251" and "\ufffd" in loaded.text


def test_explicit_encoding_wins() -> None:
    data = "Россия".encode("cp1251")
    assert decode(data, "x", "cp1251").text == "Россия"


def test_wrong_explicit_encoding_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="not valid utf-8"):
        decode(b"ok \xc3\x28 bad", "x", "utf-8")


def test_binary_is_refused() -> None:
    with pytest.raises(DocumentError) as info:
        decode(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, "a.out")
    assert info.value.kind == "binary"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        pytest.param("missing.txt", "not-found", id="missing"),
        pytest.param("", "not-a-file", id="directory"),
        pytest.param("notes.txt/", "not-a-file", id="trailing-slash"),
    ],
)
def test_unreadable_paths(tmp_path: Path, name: str, kind: str) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(DocumentError) as info:
        load(f"{tmp_path}/{name}")
    assert info.value.kind == kind


def test_max_bytes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("a" * 100)
    with pytest.raises(DocumentError, match="--max-bytes"):
        load(str(big), max_bytes=50)
