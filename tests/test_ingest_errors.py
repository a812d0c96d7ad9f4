"""Every kind of bad input fails with a typed error that names the file and the problem."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analyzer import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyFileError,
    EncryptedDocumentError,
    NoTextLayerError,
    ReadLimits,
    UnsupportedFormatError,
    load_document,
)
from tests.conftest import make_pdf


def test_empty_file_is_reported_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as info:
        load_document(path)
    assert str(path) in str(info.value) and "empty" in str(info.value)


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("   \n\n  \t\n")
    with pytest.raises(EmptyFileError):
        load_document(path)


def test_image_is_not_a_contract_format(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    with pytest.raises(UnsupportedFormatError) as info:
        load_document(path)
    assert "logo.png" in str(info.value)


def test_zip_that_is_not_docx_is_unsupported(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    path = tmp_path / "export.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(UnsupportedFormatError):
        load_document(path)


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    data = make_pdf([["1. Services", "The Supplier shall provide the Services."]])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(CorruptDocumentError) as info:
        load_document(path)
    assert "truncated.pdf" in str(info.value)


def test_pdf_named_file_without_pdf_header_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "contract.pdf"
    path.write_text("this is not a pdf at all")
    with pytest.raises(CorruptDocumentError):
        load_document(path)


def test_password_protected_pdf_is_reported_as_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf([["Confidential contract text."]], encrypt="secret"))
    with pytest.raises(EncryptedDocumentError) as info:
        load_document(path)
    assert "password" in str(info.value)


def test_scanned_pdf_without_text_names_ocr_as_remedy(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(2):
        pdf.rect(50, 50, 400, 600, fill=1)  # a picture of a page, no text layer
        pdf.showPage()
    pdf.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(NoTextLayerError) as info:
        load_document(path)
    assert "OCR" in str(info.value) and "ocrmypdf" in str(info.value)


def test_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The Supplier shall provide the Services.\n" * 100)
    with pytest.raises(DocumentTooLargeError) as info:
        load_document(path, limits=ReadLimits(max_bytes=1000))
    assert "1000" in str(info.value)


def test_pdf_over_page_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([[f"Clause {i} text of the agreement."] for i in range(5)]))
    with pytest.raises(DocumentTooLargeError) as info:
        load_document(path, limits=ReadLimits(max_pages=3))
    assert "5 pages" in str(info.value)


def test_corrupt_docx_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"garbage" * 20)
    with pytest.raises(CorruptDocumentError) as info:
        load_document(path)
    assert "broken.docx" in str(info.value)


def test_legacy_or_protected_office_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(EncryptedDocumentError) as info:
        load_document(path)
    assert ".docx" in str(info.value)


def test_missing_file_names_the_path() -> None:
    with pytest.raises(Exception) as info:
        load_document("/no/such/contract.pdf")
    assert "/no/such/contract.pdf" in str(info.value)
