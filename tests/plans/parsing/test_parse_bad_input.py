"""Every way a document can fail to be a plan has its own message in Chinese, naming the cause."""

from __future__ import annotations

import io
import zipfile

import pytest

from tracker.plans.errors import PlanInputError
from tracker.plans.parsing import MAX_DOCUMENT_BYTES, parse_document, parse_text


def refusal(data: bytes, filename: str = "plan.txt") -> str:
    with pytest.raises(PlanInputError) as refused:
        parse_document(data, filename)
    return refused.value.message


def test_an_empty_file() -> None:
    assert "空" in refusal(b"")
    assert "空" in refusal(b"  \r\n\t ")


def test_a_binary_file() -> None:
    assert "二进制" in refusal(bytes(range(256)) * 40)


@pytest.mark.parametrize(
    ("magic", "named"),
    [(b"%PDF-1.7\n", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"), (b"\x89PNG\r\n\x1a\n", "图片")],
)
def test_known_binary_formats_are_named(magic: bytes, named: str) -> None:
    assert named in refusal(magic + bytes(500))


def test_bytes_in_no_known_encoding() -> None:
    message = refusal("Plan für das Jahr, à réviser".encode("latin-1"))
    assert "编码" in message and "UTF-8" in message


def test_gb18030_bytes_that_decode_only_to_rare_characters_are_undecodable() -> None:
    assert "编码" in refusal(b"\x81\x30\x81\x30" * 300)


def test_a_text_without_a_plan_part(document) -> None:
    assert "未找到计划部分" in refusal(document("report_without_plan.txt"))
    assert "未找到计划部分" in refusal("春天来了，桃花开了，燕子飞回来了。".encode())


def test_a_file_over_ten_megabytes() -> None:
    message = refusal(b"a" * (MAX_DOCUMENT_BYTES + 1))
    assert "10 MB" in message


def test_a_corrupt_docx() -> None:
    assert "损坏" in refusal(b"PK\x03\x04" + bytes(300), "plan.docx")
    assert "损坏" in refusal("下一步工作打算".encode(), "plan.docx")


def test_a_zip_that_is_no_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是 Word 文档" in refusal(buffer.getvalue(), "plan.docx")


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * size)
    return buffer.getvalue()


def test_a_zip_bomb_docx_is_refused_before_unpacking() -> None:
    small_but_huge = _bomb(4 * 1024 * 1024)
    assert len(small_but_huge) < 40_000
    assert "压缩炸弹" in refusal(small_but_huge, "plan.docx")


def test_a_docx_unpacking_past_the_limit_is_refused() -> None:
    assert "压缩炸弹" in refusal(_bomb(65 * 1024 * 1024), "plan.docx")


def test_a_docx_with_no_text(make_docx) -> None:
    assert "没有文字" in refusal(make_docx(["", "   "], [["", ""], ["", ""]]), "empty.docx")


def test_pasted_text_that_is_blank() -> None:
    with pytest.raises(PlanInputError, match="没有输入"):
        parse_text(" \n ")


def test_a_nul_character_carried_by_utf16_is_refused_as_binary() -> None:
    assert "二进制" in refusal("下一步工作打算\n一是加强\x00普法。二是推进公开。".encode("utf-16"))
