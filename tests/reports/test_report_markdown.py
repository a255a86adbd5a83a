"""The Markdown draft: title, numbered section headings, parts in the plan's style, the annex as a
table, text kept as text."""

from __future__ import annotations

from tracker.reports.composition import compose_draft
from tracker.reports.markdown import escape_markdown, render_markdown


def test_sections_and_parts_are_laid_out_as_headings_and_paragraphs(make_year) -> None:
    year = make_year()
    education = year.item("开展普法教育", marker="（一）")
    year.entry(year.task(education, status="in_progress"), "开展讲座2场。")
    year.task(year.item("加强政务公开", marker="（二）"), status="done")
    markdown = render_markdown(compose_draft(year.records()))
    lines = markdown.splitlines()
    assert lines[0] == "# 上义镇2026年法治政府建设年度报告（草稿）"
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# 上义镇2026年法治政府建设年度报告（草稿）",
        "## 一、2026年度法治政府建设主要举措和成效",
        "### （一）开展普法教育",
        "### （二）加强政务公开",
        "## 二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 三、存在的不足和原因",
        "## 四、2027年度推进法治政府建设的主要安排",
        "## 五、其他需要报告的情况",
    ]
    assert "开展讲座2场。" in lines
    assert "一是开展普法教育，确保2027年底前完成。" in lines
    annex = lines[lines.index("附件：2026年度任务完成情况一览表") + 2 :]
    assert annex[:4] == [
        "| 序号 | 方面 | 任务 | 牵头单位 | 完成时限 | 完成情况 | 佐证材料 |",
        "|---|---|---|---|---|---|---|",
        "| 1 | 普法教育 | 开展普法教育 | 未分配 | 12月31日 | 推进中 | 无 |",
        "| 2 | 政务公开 | 加强政务公开 | 未分配 | 12月31日 | 已办结 | 无 |",
    ]
    assert markdown.endswith("\n")


def test_recorded_text_cannot_inject_markup(make_year) -> None:
    year = make_year()
    task = year.task(year.item("开展普法教育", marker="一是"), status="in_progress")
    year.entry(task, "# 标题 *强调* <script>alert(1)</script> [链接](http://x)")
    markdown = render_markdown(compose_draft(year.records()))
    assert "<script>" not in markdown
    assert r"。# 标题 \*强调\* \<script\>alert(1)\</script\> \[链接\](http://x)" in markdown
    assert "| 1 | 普法教育 | 开展普法教育 |" in markdown


def test_line_start_markers_are_escaped_without_changing_the_text() -> None:
    assert escape_markdown("1. 第一") == r"1\. 第一"
    assert escape_markdown("- 项") == r"\- 项"
    assert escape_markdown("2026年") == "2026年"


def test_a_level_three_heading_keeps_its_number_unescaped(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="1."))
    assert "#### 1.开展普法教育" in render_markdown(compose_draft(year.records())).splitlines()
