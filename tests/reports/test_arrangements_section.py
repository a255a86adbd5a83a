"""四、下一年度主要安排 carries over unfinished and continuing work and open shortcomings, as 一是/二是:
continuing work says 常态化推进, unfinished work a deadline next year."""

from __future__ import annotations

from tracker.reports.composition import compose_draft


def test_unfinished_and_continuing_work_is_carried_over_item_by_item(make_year) -> None:
    year = make_year()
    education = year.item("开展普法教育", marker="一是")
    year.task(year.item("法治讲座进校园", parent=education), status="done", recurring=True)
    year.task(year.item("编印普法手册", parent=education), status="done")
    openness = year.item("加强政务公开", marker="二是")
    year.task(year.item("财务收支情况公开", parent=openness), status="in_progress")
    year.task(year.item("落实执法公示制度", marker="三是"), status="done")
    section = compose_draft(year.records()).section("arrangements")
    assert section.heading.text == "2027年度推进法治政府建设的主要安排"
    assert [paragraph.text for paragraph in section.intro] == [
        "2027年，上义镇将继续推进尚未完成的工作，常态化开展经常性工作，抓好查摆问题整改，主要安排如下："
    ]
    assert [paragraph.text for part in section.parts for paragraph in part.paragraphs] == [
        "一是开展普法教育。常态化做好经常性工作，包括法治讲座进校园等方面。",
        "二是加强政务公开。继续做好尚未完成的工作，包括财务收支情况公开等方面，确保2027年底前完成。",
    ]


def test_areas_are_listed_together_and_actions_stand_alone(make_year) -> None:
    year = make_year()
    openness = year.item("进一步加强政务公开", marker="一是")
    for area in ("政策法规与解读", "财务收支情况", "重大项目建设"):
        year.task(year.item(area, parent=openness))
    staff = year.item("加强法治专业人才培养", marker="二是")
    year.task(year.item("加强法治专业人才培养", parent=staff, text="加强法治专业人才培养，提高业务能力。"))
    year.task(year.item("加大执法人员培训力度，提高执法人员的业务水平", parent=staff))
    year.task(year.item("开展执法案卷评查", parent=staff), ongoing=True)
    parts = compose_draft(year.records()).section("arrangements").parts
    assert [part.paragraphs[0].text for part in parts] == [
        "一是进一步加强政务公开。继续做好尚未完成的工作，包括政策法规与解读、财务收支情况、重大项目建设等方面，"
        "确保2027年底前完成。",
        "二是加强法治专业人才培养，确保2027年底前完成。"
        "加大执法人员培训力度，提高执法人员的业务水平，确保2027年底前完成。开展执法案卷评查，常态化推进。",
    ]


def test_an_item_that_is_its_own_task_is_not_repeated(make_year) -> None:
    year = make_year()
    year.task(year.item("持续推进法律明白人培养", marker="一是"), status="in_progress", ongoing=True)
    year.task(year.item("修订村规民约", marker="二是"), status="pending")
    parts = compose_draft(year.records()).section("arrangements").parts
    assert [part.paragraphs[0].text for part in parts] == [
        "一是持续推进法律明白人培养，常态化推进。",
        "二是修订村规民约，确保2027年底前完成。",
    ]


def test_open_shortcomings_become_rectification_work_and_rectified_ones_do_not(make_year) -> None:
    year = make_year()
    area = year.item("完善行政执法监督机制", marker="一是")
    year.task(area, status="done")
    year.shortcoming("个别领域的执法监督机制有待进一步细化完善", area=area)
    year.shortcoming("财政保障水平不高，法治工作经费偏少", state="in_progress", measures="争取专项经费")
    year.shortcoming("普法形式单一", state="done", measures="开通普法公众号")
    parts = compose_draft(year.records()).section("arrangements").parts
    assert [part.paragraphs[0].text for part in parts] == [
        "一是完善行政执法监督机制。切实整改个别领域的执法监督机制有待进一步细化完善的问题，"
        "确保2027年底前整改到位。",
        "二是切实整改财政保障水平不高的问题，确保2027年底前整改到位。",
    ]


def test_nothing_to_carry_over_is_said_plainly(make_year) -> None:
    year = make_year()
    year.task(year.item("编印普法手册", marker="一是"), status="done")
    section = compose_draft(year.records()).section("arrangements")
    assert section.parts == ()
    assert section.intro[0].text == "2026年度各项任务均已完成，暂无需要结转的事项。"


def test_work_whose_title_says_when_it_is_due_keeps_that_date_next_year(make_year) -> None:
    year = make_year()
    education = year.item("深入开展普法宣传教育", marker="一是")
    year.task(year.item("5月底前组织民法典宣传月活动", parent=education), status="in_progress")
    year.task(year.item("利用国家宪法日开展宪法集中宣传活动", parent=education), status="pending")
    parts = compose_draft(year.records()).section("arrangements").parts
    assert [part.paragraphs[0].text for part in parts] == [
        "一是深入开展普法宣传教育。5月底前组织民法典宣传月活动。"
        "利用国家宪法日开展宪法集中宣传活动，确保2027年底前完成。",
    ]
