"""Text copied from a PDF breaks its lines at the page width; the parser reads it as the paragraphs the
author wrote, and leaves every other document exactly as it came."""

from pathlib import Path

from tracker.plans.parsing.unwrapping import join_hard_wraps

WRAPPED = (
    "　　一是加强学法用法，坚持领导干部带头学法，全年\n"
    "组织集中学法不少于4次。二是推进严格执法，规范\n"
    "执法程序，6月底前完成执法人员轮训。三是深化普法\n"
    "宣传。\n"
)


def test_page_width_breaks_in_mid_sentence_are_joined() -> None:
    assert join_hard_wraps(WRAPPED) == (
        "　　一是加强学法用法，坚持领导干部带头学法，全年组织集中学法不少于4次。二是推进严格执法，"
        "规范执法程序，6月底前完成执法人员轮训。三是深化普法宣传。\n"
    )


def test_a_new_paragraph_or_section_after_a_wrapped_line_stays_on_its_own() -> None:
    text = WRAPPED.replace("宣传。\n", "宣传，规范\n三、保障措施\n")
    assert join_hard_wraps(text).endswith("宣传，规范\n三、保障措施\n")
    indented = WRAPPED.replace("宣传。\n", "　　宣传。\n")
    assert join_hard_wraps(indented).endswith("三是深化普法\n　　宣传。\n")


def test_headings_of_equal_width_in_an_ordinary_document_are_not_joined(seed_report_path: Path) -> None:
    seed = seed_report_path.read_text(encoding="utf-8")
    assert join_hard_wraps(seed) == seed
    headings = (
        "一、坚持思想引领，夯实法治建设理论根基\n正文。\n二、健全责任体系，强化法治建设组织领导\n正文。\n"
    )
    assert join_hard_wraps(headings * 2) == headings * 2


def test_table_rows_are_never_joined_and_line_ends_are_normalised() -> None:
    rows = "序号\t工作任务\t牵头单位\r\n1\t开展宪法宣传周活动\t司法所\r\n2\t组织执法人员培训\t执法队\r\n"
    assert join_hard_wraps(rows) == rows.replace("\r\n", "\n")
