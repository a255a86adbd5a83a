"""Documents written for these tests in the styles the corpus shows, varied: a district's 政府工作报告
whose review is enumerated like a plan and whose plan ends in closing words and a glossary; a city's
three-year action plan indented with full-width spaces, with owners after every task and per
sentence, its frame and its filing footer; a banner's report whose plan goes on in an annex of
民生实事 after the closing words."""

from __future__ import annotations

from datetime import date

from tests.plans.parsing.accounted import assert_accounted
from tracker.plans.parsing import ParsedItem, parse_document


def read(document, name: str):  # type: ignore[no-untyped-def]
    return parse_document(document(name), name)


def outline(items: list[ParsedItem], depth: int = 0) -> list[tuple[int, str | None, str]]:
    found = []
    for item in items:
        found.append((depth, item.marker, item.title))
        found += outline(item.children, depth + 1)
    return found


def test_a_district_report_takes_the_plan_not_the_review_closing_or_glossary(document) -> None:
    plan = read(document, "district_report_with_glossary.txt")
    assert plan.plan_year == 2026  # not 2035 from the referenced plan or the target
    assert plan.section_heading == "二、2026年工作安排"
    assert outline(plan.items) == [
        (0, "（一）", "加快产业转型升级"),
        (0, "（二）", "持续扩大有效投资"),
        (0, "（三）", "深化重点领域改革"),
        (0, "（四）", "建设宜居宜业城区"),
        (0, "（五）", "兜牢兜实民生底线"),
        (0, "（六）", "加强政府自身建设"),
    ]
    words = "".join(item.text for item in plan.all_items())
    for elsewhere in ("经济运行稳中有进", "各位代表", "依托一体化政务服务平台", "十五五"):
        assert elsewhere not in words
    assert [item.deadline_phrase for item in plan.items] == [
        "年底前",
        "全年",
        None,
        "第三季度",
        "持续开展",
        None,
    ]
    assert plan.items[3].deadline == date(2026, 9, 30) and plan.items[4].ongoing
    reasons = [skipped.reason for skipped in plan.skipped]
    assert reasons[-2:] == ["报告的结束语", "名词解释：对文中用语的说明，不是任务"]
    assert_accounted(plan)


def test_a_three_year_action_plan_with_owners_per_task_and_per_sentence(document) -> None:
    plan = read(document, "action_plan_owner_notes.txt")
    assert plan.plan_year == 2026  # the first year of （2026—2028年）
    assert outline(plan.items) == [
        (0, "（一）", "夯实数字基础设施"),
        (1, "1.", "推进农村网络提档升级"),
        (1, "2.", "建设乡村数据资源平台"),
        (0, "（二）", "发展智慧农业"),
        (1, "3.", "推广物联网种养技术"),
        (2, None, "每年建设智慧农业示范基地10个"),
        (2, None, "支持农业企业建设溯源体系"),
        (1, "4.", "培育农村电商主体"),
        (0, "（三）", "提升乡村治理数字化水平"),
        (1, "5.", "推进“互联网+基层治理”"),
        (1, "6.", "建设数字法治乡村"),
    ]
    tasks = {item.title: item for item in plan.all_items()}
    network = tasks["推进农村网络提档升级"]
    assert (network.lead_units, network.support_units) == (["市通信发展办"], ["市数据局", "各县区政府"])
    assert (network.deadline, network.owners_suggested) == (date(2026, 12, 31), False)
    assert tasks["建设乡村数据资源平台"].deadline == date(2027, 6, 30)
    bases = tasks["每年建设智慧农业示范基地10个"]
    assert (bases.lead_units, bases.support_units) == (["市农业农村局"], ["市科技局"])
    assert bases.recurrence is not None and bases.recurrence.every == "year"
    assert tasks["支持农业企业建设溯源体系"].lead_units == ["市市场监管局"]
    governance = tasks["推进“互联网+基层治理”"]
    assert governance.lead_units == ["市委政法委"] and governance.ongoing
    words = "".join(item.text for item in plan.all_items())
    for frame in ("坚持统筹规划", "明确专人负责", "抄送", "印发"):
        assert frame not in words
    reasons = [skipped.reason for skipped in plan.skipped]
    assert reasons[0] == "文件标题" and reasons[-1] == "文尾的抄送、印发信息"
    assert_accounted(plan)


def test_a_report_whose_plan_goes_on_in_an_annex_of_livelihood_projects(document) -> None:
    plan = read(document, "report_with_livelihood_annex.txt")
    assert plan.plan_year == 2026
    assert outline(plan.items) == [
        (0, "（一）", "稳住农牧业基本盘"),
        (0, "（二）", "办好民生实事"),
        (0, None, "2026年旗民生实事"),
        (1, "1.", "新建改扩建苏木中心幼儿园3所，新增学位450个"),
        (1, "2.", "为65岁以上老年人免费体检2.6万人次"),
        (1, "3.", "改造牧区供水工程15处，解决1200户牧民安全饮水问题"),
    ]
    checkups = plan.items[2].children[1]
    assert (checkups.lead_units, checkups.support_units, checkups.owners_suggested) == (
        ["旗卫生健康委"],
        ["各苏木镇"],
        False,
    )
    assert "各位代表" not in "".join(item.text for item in plan.all_items())
    assert [skipped.reason for skipped in plan.skipped] == ["计划部分的标题", "报告的结束语", "附件的标题"]
    assert_accounted(plan)
