"""Real government documents (../shared/corpus/, read there, never copied): what a careful clerk takes
as each one's plan. Each file's first two lines name its source and kind and are no part of the
document, so they are left out, as a person uploading it would."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tests.plans.parsing.accounted import assert_accounted
from tracker.plans.parsing import ParsedPlan, parse_document

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


@cache
def corpus(number: str) -> ParsedPlan:
    (path,) = CORPUS.glob(f"{number}_*.txt")
    document = path.read_bytes().split(b"\n", 2)[2]
    return parse_document(document, path.name)


def titles(plan: ParsedPlan) -> list[str]:
    return [item.title for item in plan.items]


# number: (plan year, the top-level items' titles as the document words them)
EXPECTED = {
    "01": (
        2022,
        [
            "坚持学习贯彻习近平法治思想，不断加强党对法治政府建设的领导",
            "坚持推进政府机构职能优化，着力打造一流法治化营商环境",
            "坚持深化依法行政制度体系，加快政府治理规范化程序化法治化",
            "坚持强化法治建设工作保障，全面提升依法行政能力和水平",
        ],
    ),
    "02": (
        2020,
        [
            "有力推进法治政府建设工作",
            "落实合法性审查制度，严格把好法律审核关",
            "严格规范行政执法行为",
            "努力提升行政复议和行政应诉能力",
        ],
    ),
    "03": (
        2025,
        [
            "全面深化深层次改革，扩大高水平对外开放",
            "加快发展新质生产力，推动经济高质量发展",
            "深入落实科教兴国战略，推动高水平科技自立自强",
            "坚持建管并重，全力提升城区环境品质",
            "打造高水平绿美龙岗，促进人与自然和谐共生",
            "着力保障和改善民生，提高群众生活品质",
            "全面加强政府自身建设，打造人民满意的政府",
        ],
    ),
    "04": (2024, ["坚持以科技、教育、人才为战略支撑，全面提升科技创新“硬核力”", *[None] * 9]),
    "05": (2025, ["实施产业结构升级行动，构建具备新质生产力的城区现代化产业体系", *[None] * 9]),
    "06": (2025, ["进一步全面深化改革，以钉钉子精神抓好各项改革任务落地见效", *[None] * 9]),
    "07": (2025, ["坚持把海洋作为高质量发展战略要地，坚定不移深化全球海洋中心城市核心区建设", *[None] * 8]),
    "08": (2023, ["打好“生态牌”，促进人与自然和谐共生", *[None] * 8, "打好“作风牌”，持续加强管委会系统建设"]),
    "09": (
        2024,
        [
            "高质量激活内需潜力，在做强经济发展支撑上攻坚突破",
            "高质量优化产业结构，在构建现代产业体系上攻坚突破",
            "高质量推进城市更新，在提升县城功能品质上攻坚突破",
            "高质量推动乡村振兴，在建设宜居宜业和美乡村上攻坚突破",
            "高质量改善环境质量，在筑牢绿色生态屏障上攻坚突破",
            "高质量融入区域布局，在提升改革开放水平上攻坚突破",
            "高质量增进民生福祉，在保障改善民生民安上攻坚突破",
        ],
    ),
    "10": (
        2019,
        [
            "打造协同高效的数字政府",
            "培育富有活力的数字经济",
            "构建智慧便民的数字社会",
            "强化支撑有力的基础保障",
        ],
    ),
    "11": (
        2024,
        [
            "算力设施“强基”行动",
            "算法模型“铸魂”行动",
            "数据要素“提质”行动",
            "核心产业“固链”行动",
            "创新平台“领航”行动",
            "产业生态“聚力”行动",
            "场景应用“赋能”行动",
        ],
    ),
    "12": (
        2021,
        [
            "推进数字产业化，激发经济发展新动能",
            "推进产业数字化，促进产业结构优化升级",
            "加快城市数字化转型，提升城市发展能级",
        ],
    ),
    "13": (
        2023,
        ["强化工作统筹协调，保障数字经济持续发展", *[None] * 4, "夯实数字基础底座，支撑数字经济稳固发展"],
    ),
    "14": (
        2026,
        [
            "把铸牢中华民族共同体意识作为民族地区各项工作的主线",
            "深化落实习近平总书记和党中央赋予的五大战略定位和使命任务",
            "全力抓好七项重点工作",
            "把坚持党的全面领导贯穿政府工作各方面全过程",
            "2026年自治区民生实事",
        ],
    ),
    "15": (
        2026,
        [
            "促进消费投资良性互动，主动服务融入新发展格局",
            *[None] * 6,
            "更好统筹发展和安全，以新安全格局保障新发展格局",
        ],
    ),
    "16": (2026, ["统筹促消费和扩投资，更大力度释放内需潜力", *[None] * 8, "坚持底线思维，筑牢安全发展防线"]),
    "17": (
        2026,
        [
            "久久为功推动粤港澳大湾区建设，打造富有活力和国际竞争力的一流湾区和世界级城市群",
            *[None] * 13,
            "2026年省十件民生实事",
        ],
    ),
}

# Words only the review of last year, the closing, a glossary or a footer hold in that document.
NOT_PLAN = {
    "01": ["深入学习贯彻习近平法治思想，法治政府建设", "特此报告"],
    "02": ["积极统筹部署和指导监督", "专此报告"],
    "03": ["主要指标稳中有进", "蓝图已绘就", "省委“1310”具体部署"],
    "04": ["经济实力实现历史性跃升", "破浪前行风正劲"],
    "05": ["聚焦稳增长、促发展", "坚定信心才能凝聚力量", "“百千万工程”：百县千镇万村"],
    "06": ["重大科技创新载体加快建设", "团结才能胜利", "PCT国际专利：申请人"],
    "07": ["全球海洋中心城市核心区建设纵深", "空谈误国", "两新：大规模设备更新"],
    "08": ["生态优势转变为经济优势", "风劲帆满图新志"],
    "09": ["这一年，我们聚焦创新发展", "坚持政治引领，以更高站位", "网站标识码"],
    "10": ["抄送", "2019年3月15日印发"],
    "11": ["健全工作机制", "算力总规模达到12EFLOPS"],
    "12": ["加强组织领导", "数字经济产业能级达到万亿级"],
    "13": ["制定如下措施"],
    "14": ["这五年综合经济实力大幅提升", "拿出跃马扬鞭的勇气", "相关报道"],
    "15": ["全力以进促稳", "进位突破正当时", "当好创造性执行者"],
    "16": ["内需潜力有效释放", "全面提升攻坚能力本领"],
    "17": ["联合港澳承办十五运会", "奋进正当其时", "“四上”企业"],
}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_plan_year_and_top_level_items(number: str) -> None:
    plan = corpus(number)
    year, expected = EXPECTED[number]
    assert plan.plan_year == year
    assert len(plan.items) == len(expected)
    for title, wanted in zip(titles(plan), expected, strict=True):
        assert wanted is None or title == wanted


@pytest.mark.parametrize("number", sorted(NOT_PLAN))
def test_nothing_of_the_review_closing_glossary_or_footer_is_an_item(number: str) -> None:
    plan = corpus(number)
    for words in NOT_PLAN[number]:
        assert words in plan.text, words
        assert not any(words in item.text for item in plan.all_items()), words


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_every_character_of_the_plan_part_is_accounted_for(number: str) -> None:
    plan = corpus(number)
    assert_accounted(plan)
    assert all(item.deadline and item.deadline.year >= plan.plan_year for item in plan.all_items())


def test_closing_glossary_and_footer_are_skipped_with_their_reasons() -> None:
    reasons = {number: {skipped.reason for skipped in corpus(number).skipped} for number in EXPECTED}
    assert {"报告的结束语", "落款（单位和日期）"} <= reasons["01"]
    assert {"报告的结束语", "附件的标题", "名词解释：对文中用语的说明，不是任务"} <= reasons["03"]
    assert "文尾的抄送、印发信息" in reasons["10"]
    assert "计划的框架（指导思想、总体要求、工作目标、保障措施等），不是具体任务" in reasons["12"]
    nine = corpus("09")
    after = [s for s in nine.skipped if s.reason == "计划所列事项之后的文字，不属于任何一项"]
    assert nine.text[after[0].span[0] :].startswith("报告指出，站在高阳发展的新起点上")


REPORTS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "14", "15", "16", "17"]
"""Reports with a plan part (the others are whole plan documents, read whole, frame and all)."""


@pytest.mark.parametrize("number", REPORTS)
def test_the_plan_part_of_a_report_ends_with_its_last_item(number: str) -> None:
    plan = corpus(number)
    end = plan.section_span[1]
    plan_items = [item for item in plan.items if item.span[0] < end]
    assert plan_items and end == plan_items[-1].span[1]
    for skipped in plan.skipped:  # the closing words lie after the plan part, never inside it
        assert skipped.reason != "报告的结束语" or skipped.span[0] >= end


def test_an_annex_after_the_closing_words_is_an_item_outside_the_plan_part() -> None:
    for number in ("14", "17"):
        plan = corpus(number)
        closing = next(s for s in plan.skipped if s.reason == "报告的结束语")
        assert plan.section_span[1] < closing.span[0] < plan.items[-1].span[0]


def test_remarks_to_the_deputies_inside_the_plan_are_no_closing_and_no_task() -> None:
    luohu = corpus("05")  # 各位代表！我们将按照区八届三次党代会的部署安排… before （一）
    remark = next(
        s for s in luohu.skipped if luohu.text[s.span[0] : s.span[1]].find("各位代表！我们将按照") >= 0
    )
    assert remark.reason == "引导语：说明计划的背景、要求或目标，没有具体任务"
    liaoning = corpus("16")  # 各位代表！今年，我们继续安排20件民生实事… between （九） and （十）
    assert "各位代表" not in [child.title for child in liaoning.items[8].children]
    assert len(liaoning.items[8].children) == 6


def test_web_page_furniture_is_named_so_and_not_the_title() -> None:
    page = corpus("09")
    footer = page.text.index("法律声明")
    assert any(s.span[0] <= footer < s.span[1] and s.reason.startswith("网页附属信息") for s in page.skipped)
    assert page.section_span[1] < page.text.index("报告指出，站在高阳发展的新起点上")
    assert [corpus(number).title for number in ("14", "15", "16")] == [
        "2026年内蒙古自治区政府工作报告",
        "2026年吉林省政府工作报告",
        "2026年辽宁省政府工作报告",
    ]


def test_per_task_owners_first_unit_leads_the_rest_co_operate() -> None:
    qingdao = {item.title: item for item in corpus("11").all_items()}
    compute = qingdao["统筹布局智算中心"]
    assert (compute.lead_units, compute.support_units) == (
        ["市工业和信息化局"],
        ["市大数据局", "市发展改革委", "市通信管理局", "青岛海洋科技中心"],
    )
    assert any("有关区、市政府" in item.support_units for item in qingdao.values())
    jinan = corpus("12").all_items()
    tasks = [
        item for item in jinan if item.marker and item.marker.startswith("（") and item.marker[1].isdigit()
    ]
    assert len(tasks) == 19 and all(task.lead_units and not task.owners_suggested for task in tasks)
    assert (tasks[1].lead_units, tasks[1].support_units) == (
        ["市工业和信息化局"],
        ["市委机要保密局", "各区县政府", "济南高新区管委会"],
    )


def test_owners_written_sentence_by_sentence_make_tasks_of_their_own() -> None:
    first = corpus("10").items[0].children[0]
    assert first.title == "推动政务服务数字化转型"
    tasks = first.children
    assert [(task.lead_units, task.support_units) for task in tasks[:2]] == [
        (["省大数据局", "省政府办公厅"], ["各有关部门", "各市政府"]),  # 省大数据局、省政府办公厅牵头
        (["省政府办公厅", "各有关部门", "各市政府"], ["省大数据局"]),  # …各有关部门、各市政府分工负责
    ]
    units = {item.title: (item.lead_units, item.support_units) for item in corpus("10").all_items()}
    assert units["推动城市管理智慧化"] == (
        ["省大数据局", "省委网信办"],
        ["省发展改革委", "省住房城乡建设厅等有关部门", "各市政府"],  # …配合，各市政府落实
    )
    assert units["实现养老保险参保人员社会保障卡全覆盖和电子社保卡上线"] == (["省人力资源社会保障厅"], [])
    assert tasks[1].deadline_phrase == "年底前"


def test_an_annex_of_the_years_work_with_its_lead_units() -> None:
    annex = corpus("14").items[-1]
    assert len(annex.children) == 10
    # （牵头单位：农牧厅、林草局、人社厅）: all three are named as leading, each for its part
    first = annex.children[0]
    assert (first.lead_units, first.support_units) == (["农牧厅", "林草局", "人社厅"], [])
    assert annex.children[1].lead_units == ["人社厅"]


def test_titles_are_the_work_not_its_date_place_or_owner_note() -> None:
    titles_ = {item.title for item in corpus("10").all_items()}
    assert {
        "健全完善省、市、县、乡四级社会治安综合治理信息平台",  # 年底前，健全完善…
        "在就业、社保、教育、文化、出行、健康等领域，建立数据应用模型",
        # 适应新形势下…要求，全面开展…
        "全面开展政务大数据在社会态势感知、综合分析、预警预测、辅助决策等领域的示范应用",
        "实现养老保险参保人员社会保障卡全覆盖和电子社保卡上线",  # …（省人力资源社会保障厅负责）
    } <= titles_
    assert not any(title.endswith("…") for number in EXPECTED for title in map(str, titles(corpus(number))))


def test_words_that_only_name_who_takes_part_are_no_owners() -> None:
    measure = next(item for item in corpus("13").all_items() if item.marker == "16.")
    assert measure.owners_suggested  # 鼓励…高等院校、科研院所、企业等积极参与


def test_deadlines_where_the_text_states_them() -> None:
    measures = {item.marker: item for item in corpus("13").all_items()}
    assert (measures["18."].deadline, measures["18."].deadline_phrase) == (date(2023, 12, 31), "2023年底前")
    assert measures["19."].deadline == date(2025, 12, 31)
    jinan = corpus("12").all_items()
    assert next(item for item in jinan if item.marker == "（1）").deadline == date(2023, 12, 31)


def test_a_date_one_sentence_of_a_long_item_names_is_a_milestone_not_its_deadline() -> None:
    jilin = corpus("15")
    industry = jilin.items[1]  # …具身智能产业…，支持吉翼公司上半年产品面市。 closes 17 sentences
    assert (industry.deadline, industry.deadline_phrase) == (date(2026, 12, 31), None)
    assert any("上半年" in warning and industry.title in warning for warning in jilin.warnings)


def test_markers_run_into_the_text_before_them_still_cut_items() -> None:
    measures = corpus("13")
    assert [item.marker for item in measures.items] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    numbered = [item.marker for item in measures.all_items() if item.marker and item.marker[0].isdigit()]
    assert numbered == [f"{number}." for number in range(1, 21)]


def test_paragraphs_are_not_exploded_into_sentences() -> None:
    longhua = corpus("04")
    leaves = [item for item in longhua.all_items() if not item.children]
    assert len(leaves) == 44  # the 44 paragraphs, each led by its title sentence
    assert longhua.items[0].children[0].title == "强化企业创新主体地位"


def test_fields_and_companies_a_description_focuses_on_are_no_tasks() -> None:
    assert corpus("08").items[1].children == []  # 聚焦LNG、比亚迪、雄韬、乐土等重点企业
    park = next(item for item in corpus("11").all_items() if item.title == "加快建设人工智能专业园区")
    assert park.children == []  # 聚焦智慧家居、智慧港口…等应用领域
    industry = corpus("15").items[1]
    assert industry.title == "培育壮大实体经济，构建吉林特色现代化产业体系" and industry.children == []


def test_a_numbered_entry_or_titled_run_is_one_task() -> None:
    annex = corpus("14").items[-1]
    assert all(not entry.children for entry in annex.children)  # 1.…；…（牵头单位：…） is one 民生实事
    quarter = corpus("07").items[1].children[1]
    assert quarter.title == "推动中英街、沙头角口岸、沙头角街区三位一体、错位联动发展"
    assert not quarter.children
