"""Deadline phrases, read in the plan year."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.plans.parsing import parse_text
from tracker.plans.parsing.deadlines import default_timing, due_dates, find_timing


@pytest.mark.parametrize(
    ("text", "deadline", "phrase"),
    [
        ("6月底前完成修订", date(2026, 6, 30), "6月底前"),
        ("二月底前印发方案", date(2026, 2, 28), "二月底前"),
        ("十二月中旬前报送", date(2026, 12, 20), "十二月中旬前"),
        ("年底前完成述法", date(2026, 12, 31), "年底前"),
        ("上半年组织轮训", date(2026, 6, 30), "上半年"),
        ("下半年开展评查", date(2026, 12, 31), "下半年"),
        ("第三季度完成", date(2026, 9, 30), "第三季度"),
        ("二季度末前完成", date(2026, 6, 30), "二季度"),
        ("11月30日前报送", date(2026, 11, 30), "11月30日前"),
        ("2026.5.20前完成", date(2026, 5, 20), "2026.5.20"),
        ("2027年3月底前完成验收", date(2027, 3, 31), "2027年3月底前"),
        ("利用国家宪法日开展宣传", date(2026, 12, 4), "国家宪法日"),
        ("开展宪法宣传周活动", date(2026, 12, 7), "宪法宣传周"),
        ("组织民法典宣传月活动", date(2026, 5, 31), "民法典宣传月"),
        ("全民国家安全教育日集中宣传", date(2026, 4, 15), "全民国家安全教育日"),
        ("国际禁毒日前后开展禁毒宣传", date(2026, 6, 26), "国际禁毒日"),
        ("春节前完成走访", date(2026, 2, 14), "春节前"),
        ("3月底前制定方案，10月底前完成", date(2026, 10, 31), "10月底前"),
        ("到2027年底全部完成", date(2027, 12, 31), "2027年底"),
        ("2027年上半年完成验收", date(2027, 6, 30), "2027年上半年"),
    ],
)
def test_one_off_deadlines(text: str, deadline: date, phrase: str) -> None:
    timing = find_timing(text, 2026)
    assert timing is not None
    assert (timing.deadline, timing.phrase, timing.recurrence, timing.ongoing) == (
        deadline,
        phrase,
        None,
        False,
    )


@pytest.mark.parametrize(
    ("text", "every", "count"),
    [
        ("每月报送一次", "month", 12),
        ("每季度开展评查", "quarter", 4),
        ("每学期开展法治讲座", "term", 2),
        ("每半年通报一次", "half_year", 2),
        ("每年组织一次考试", "year", 1),
        ("每周更新", "week", 52),
    ],
)
def test_recurring_work_lists_its_due_dates(text: str, every: str, count: int) -> None:
    timing = find_timing(text, 2026)
    assert timing.recurrence.every == every and len(timing.recurrence.due) == count
    assert all(day.year == 2026 for day in timing.recurrence.due)
    assert timing.deadline == date(2026, 12, 31) and not timing.ongoing


@pytest.mark.parametrize(
    "text",
    [
        "集中供养孤儿基本生活保障省定最低标准从每人每月2375元提高到2423元",  # a rate
        "保费由每生每年5元提高至10元",
        "深化科普教育学分制、走进科学城研学、“每周半天计划”试点",  # a programme's name
        "健全“每周一议”“每周一评”机制",
        "吸引婚纱摄影5000对、蜜月度假1万对以上",  # 月度 inside 蜜月度假
        "坪地智能建造产业园竣工投产、预计每年混凝土MiC产能约12万立方米",  # a capacity
        "分步分批推进长期护理保险制度建设",  # 长期 qualifying a noun
        "用好超长期特别国债、专项债等资金",
    ],
)
def test_rates_names_and_nouns_are_no_cycle_or_ongoing_work(text: str) -> None:
    assert find_timing(text, 2026) is None


def test_a_cycle_word_followed_by_what_is_done_is_recurring_work() -> None:
    assert find_timing("每月举办活动10场以上", 2026).recurrence.every == "month"
    assert find_timing("每季度末报送进展", 2026).recurrence.every == "quarter"
    assert find_timing("每周1次", 2026).recurrence.every == "week"
    assert find_timing("长期", 2026).ongoing  # a deadline cell that says only 长期


def test_terms_begin_in_march_and_september() -> None:
    assert due_dates("term", 2026, at_term_start=True) == (date(2026, 3, 31), date(2026, 9, 30))
    assert find_timing("每学期开学组织讲座", 2026).recurrence.due == (date(2026, 3, 31), date(2026, 9, 30))


@pytest.mark.parametrize("phrase", ["长期坚持", "持续推进", "常态化"])
def test_ongoing_work_gets_quarterly_check_ins(phrase: str) -> None:
    timing = find_timing(f"{phrase}开展矛盾纠纷排查", 2026)
    assert timing.ongoing and timing.phrase == phrase
    assert timing.recurrence.check_in and timing.recurrence.every == "quarter"


def test_no_phrase_means_none_and_the_default_is_the_year_end() -> None:
    assert find_timing("加强普法宣传教育，提高群众法律素质", 2026) is None
    assert default_timing(2027).deadline == date(2027, 12, 31) and default_timing(2027).phrase is None


def test_numbers_that_are_no_months_are_not_deadlines() -> None:
    assert find_timing("统一考核标准，组织3个月集中整治，唯一是从", 2026) is None


def test_a_short_sentence_setting_the_time_times_the_whole_item() -> None:
    plan = parse_text(
        "下一步工作打算\n一是开展普法宣传。组织法治讲座。编印宣传手册。6月底前完成。\n"
        "二是推进政务公开。公开财务收支。公开重大项目。6月底前公开社会救助名单，接受群众监督和评议。"
    )
    assert [item.deadline_phrase for item in plan.items] == ["6月底前", None]
