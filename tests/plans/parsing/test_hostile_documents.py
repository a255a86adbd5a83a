"""Office files built to hurt: what is inflated is counted as it comes out (not what the archive
declares) and capped; every decoder error is a Chinese message; reading is capped in time; a plan
whose numbering runs past what is read says it was cut short."""

from __future__ import annotations

import tracemalloc

import pytest

from tests.plans.hostile_files import (
    claims_encryption,
    corrupt_deflate,
    cut_off,
    lying_sizes,
    plan_docx,
    unknown_method,
)
from tracker.plans.errors import PlanInputError
from tracker.plans.parsing import parse_document
from tracker.plans.parsing.archive import MAX_INFLATED_BYTES


def refusal(data: bytes, filename: str = "plan.docx", **options: object) -> str:
    with pytest.raises(PlanInputError) as refused:
        parse_document(data, filename, **options)  # type: ignore[arg-type]
    return refused.value.message


def test_an_entry_that_lies_about_its_size_is_not_inflated_past_what_it_declares() -> None:
    lying = lying_sizes(300 * 1024 * 1024)  # declares 1,000 bytes
    assert len(lying) < 400_000
    tracemalloc.start()
    try:
        message = refusal(lying)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "已损坏" in message
    assert peak < 8 * 1024 * 1024, f"{peak} bytes held while refusing"


def test_an_archive_admitting_to_more_than_the_cap_is_refused_unread() -> None:
    honest_but_huge = lying_sizes(MAX_INFLATED_BYTES + 1, declared=MAX_INFLATED_BYTES + 1)
    assert "压缩炸弹" in refusal(honest_but_huge)


@pytest.mark.parametrize(
    ("spoil", "cause"),
    [
        (corrupt_deflate, "已损坏"),
        (unknown_method, "不支持的压缩方式"),
        (claims_encryption, "已加密"),
        (cut_off, "已损坏"),
    ],
)
def test_every_decoder_error_is_a_chinese_message(spoil, cause) -> None:
    good = plan_docx()
    assert parse_document(good, "plan.docx").items
    message = refusal(spoil(good))
    assert cause in message and ".docx" in message


def test_reading_is_capped_in_time() -> None:
    slow = ("某镇2026年工作要点\n" + "".join(f"{i}. 开展第{i}项普法工作。\n" for i in range(1, 999))) * 40
    message = refusal(slow.encode(), "plan.txt", seconds=0.01)
    assert "超过 0.01 秒" in message and "未导入任何内容" in message


def test_numbers_up_to_999_are_read_and_a_run_going_on_past_them_is_named() -> None:
    lines = "".join(f"（{i}）开展第{i}项普法宣传工作。\n" for i in range(1, 1006))
    plan = parse_document(f"某镇2026年工作要点\n{lines}".encode(), "plan.txt")
    assert len(plan.items) == 999 and plan.items[-1].marker == "（999）"
    assert any("之后还有（1000）等编号的内容，未能逐项读出（计划被截断）" in w for w in plan.warnings)
    whole = parse_document("某镇2026年工作要点\n（1）开展普法。\n（2）推进公开。\n".encode(), "p.txt")
    assert not any("截断" in warning for warning in whole.warnings)
