"""The formats people actually receive: an .xlsx 任务分解表, a PDF with a text layer, a web table pasted
one cell per line; and for what cannot be read (.doc, .wps, a scanned PDF, an encrypted workbook, an
image), a message saying what to provide instead. Every file is built here."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from datetime import datetime

import openpyxl
import pytest

from tests.plans.parsing.accounted import assert_accounted
from tracker.plans.errors import PlanInputError
from tracker.plans.parsing import parse_document, parse_text
from tracker.plans.parsing.reading import OLE_MAGIC


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(PlanInputError) as refused:
        parse_document(data, filename)
    return refused.value.message


def task_workbook() -> bytes:
    """A 任务分解表 as a county office sends it: a merged title, a note, the header on row 4, a task
    merged over two rows, a deadline typed as a date, a section row, and a second sheet of notes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分解"
    sheet.append(["青禾镇2026年法治政府建设重点任务分解表"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["（各单位于每季度末报送进展）"])
    sheet.append(["序号", "工作任务", "具体要求", "牵头单位", "配合单位", "完成时限"])
    sheet.append(["一、法治宣传教育"])
    sheet.merge_cells("A5:F5")
    sheet.append(
        [1, "深化宪法宣传", "组织国家宪法日集中宣传", "司法所", "各村（社区）", datetime(2026, 12, 4)]
    )
    sheet.append([None, None, "开展宪法进农村文艺演出", None, None, "11月底前"])
    sheet.merge_cells("A6:A7")
    sheet.merge_cells("B6:B7")
    sheet.merge_cells("D6:D7")
    sheet.merge_cells("E6:E7")
    sheet.append([2, "推进政务公开", "按季度公开财务收支、重大项目建设情况", "党政办", "财政所", "每季度"])
    sheet.append(["二、矛盾纠纷化解"])
    sheet.merge_cells("A9:F9")
    sheet.append(
        [3, "开展矛盾纠纷排查", "每月排查一次，重大纠纷及时上报", "综治中心", "派出所、司法所", "长期坚持"]
    )
    notes = book.create_sheet("填表说明")
    notes.append(["本表由镇法治办汇总。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def outline(items: list, depth: int = 0) -> list[tuple[int, str | None, str]]:  # type: ignore[type-arg]
    found = []
    for item in items:
        found.append((depth, item.marker, item.title))
        found += outline(item.children, depth + 1)
    return found


def test_an_xlsx_task_table_is_read_row_by_row_with_merged_cells() -> None:
    plan = parse_document(task_workbook(), "分解表.xlsx")
    assert plan.plan_year == 2026 and plan.title == "青禾镇2026年法治政府建设重点任务分解表"
    assert outline(plan.items) == [
        (0, "一、", "法治宣传教育"),
        (1, "1", "深化宪法宣传"),
        (2, None, "组织国家宪法日集中宣传"),  # the task merged over two rows: one item, its rows children
        (2, None, "开展宪法进农村文艺演出"),
        (1, "2", "推进政务公开"),
        (0, "二、", "矛盾纠纷化解"),
        (1, "3", "开展矛盾纠纷排查"),
    ]
    constitution, openness = plan.items[0].children
    assert (constitution.lead_units, constitution.support_units) == (["司法所"], ["各村（社区）"])
    assert [child.deadline.isoformat() for child in constitution.children] == ["2026-12-04", "2026-11-30"]
    assert (openness.lead_units, openness.support_units) == (["党政办"], ["财政所"])
    assert openness.recurrence is not None and openness.recurrence.every == "quarter"
    disputes = plan.items[1].children[0]
    assert (disputes.lead_units, disputes.support_units) == (["综治中心"], ["派出所", "司法所"])
    assert disputes.ongoing
    assert [skipped.reason for skipped in plan.skipped][:3] == [
        "文件标题",
        "引导语：说明计划的背景、要求或目标，没有具体任务",
        "任务表的表头",
    ]
    assert_accounted(plan)


def test_a_workbook_without_a_task_header_and_a_broken_one() -> None:
    book = openpyxl.Workbook()
    book.active.append(["春眠不觉晓", "处处闻啼鸟"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert "未找到计划部分" in refusal(buffer.getvalue(), "诗.xlsx")
    assert "损坏" in refusal(b"PK\x03\x04" + bytes(200), "表.xlsx")
    assert "损坏" in refusal("序号\t工作任务".encode(), "表.xlsx")


PASTED = """青禾镇2026年普法工作任务清单
序号
工作任务
具体内容
责任单位
完成时限
1
开展宪法宣传
组织国家宪法日集中宣传活动
司法所
12月4日
2
推进政务公开
按季度公开财务收支情况
党政办
每季度
3
化解矛盾纠纷
开展矛盾纠纷排查
化解
综治中心
6月底前

各单位要高度重视，按时报送进展。
"""


def test_a_web_table_pasted_one_cell_per_line_is_read_as_rows() -> None:
    plan = parse_text(PASTED)
    assert [(item.marker, item.title, item.lead_units) for item in plan.items] == [
        ("1", "开展宪法宣传", ["司法所"]),
        ("2", "推进政务公开", ["党政办"]),
        ("3", "化解矛盾纠纷", ["综治中心"]),
    ]
    assert [item.deadline_phrase for item in plan.items] == ["12月4日", "每季度", "6月底前"]
    assert "开展矛盾纠纷排查化解" in plan.items[2].text  # a cell that wrapped onto two lines
    assert plan.skipped[-1].reason == "计划所列事项之后的文字，不属于任何一项"
    assert_accounted(plan)


def test_prose_with_short_lines_is_not_taken_for_a_pasted_table() -> None:
    prose = "2026年工作要点\n一是开展普法宣传。\n二是推进政务公开。\n任务\n要求\n时限\n"
    assert "\t" not in parse_text(prose).text


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _page_field(paragraph) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def _tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        import struct

        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    import struct

    header = struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes(range(64)) for _ in range(64)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A plan of three pages with a running header and page numbers, and a 'scan' (only a picture),
    both written by LibreOffice from .docx files built here."""
    import docx

    assert SOFFICE, "LibreOffice (soffice) is needed to build the PDF fixtures"
    folder = tmp_path_factory.mktemp("pdf")
    plan = docx.Document()
    section = plan.sections[0]
    section.header.paragraphs[0].text = "青禾镇人民政府办公室文件"
    _page_field(section.footer.paragraphs[0])
    plan.add_paragraph("青禾镇2026年法治政府建设工作要点")
    long_sentence = "结合镇村实际，组织开展形式多样的宣传活动，推动法律知识进村入户，提高群众的法治意识。"
    for number, topic in enumerate(
        ["加强普法宣传", "推进政务公开", "规范行政执法", "化解矛盾纠纷", "优化营商环境"], 1
    ):
        plan.add_paragraph(f"{'一二三四五'[number - 1]}、{topic}")
        plan.add_paragraph(f"{topic}工作要持续推进。" + long_sentence * 6)
    plan.save(folder / "plan.docx")
    scan = docx.Document()
    (folder / "scan.png").write_bytes(_tiny_png())
    scan.add_picture(str(folder / "scan.png"))
    scan.save(folder / "scan.docx")
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "plan.docx"),
            str(folder / "scan.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    return {name: (folder / f"{name}.pdf").read_bytes() for name in ("plan", "scan")}


def test_a_pdf_with_a_text_layer_reads_as_its_paragraphs(pdfs: dict[str, bytes]) -> None:
    plan = parse_document(pdfs["plan"], "要点.pdf")
    assert plan.plan_year == 2026
    assert [(item.marker, item.title) for item in plan.items] == [
        ("一、", "加强普法宣传"),
        ("二、", "推进政务公开"),
        ("三、", "规范行政执法"),
        ("四、", "化解矛盾纠纷"),
        ("五、", "优化营商环境"),
    ]
    assert "青禾镇人民政府办公室文件" not in plan.text  # the running header
    assert not any(line.strip().isdigit() for line in plan.text.split("\n"))  # page numbers
    body = plan.items[0].text
    assert "提高群众的法治意识。结合镇村实际" in body  # wrapped lines joined again
    assert body.count("\n") <= 1
    assert_accounted(plan)


def test_a_scanned_pdf_asks_for_a_text_version(pdfs: dict[str, bytes]) -> None:
    message = refusal(pdfs["scan"], "扫描件.pdf")
    assert "没有文字层" in message and "请提供文字版" in message


def _ole(*streams: str) -> bytes:
    """An OLE compound file's first bytes: its signature and directory entries naming its streams."""
    names = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in streams)
    return OLE_MAGIC + bytes(504) + names + bytes(1024)


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (_ole("Root Entry", "WordDocument"), "通知.doc", "另存为”.docx"),
        (_ole("Root Entry", "WordDocument"), "计划.wps", "WPS 文字的 .wps 文件"),
        (_ole("Root Entry", "Workbook"), "分解表.xls", "另存为”.xlsx"),
        (_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "分解表.xlsx", "设置了打开密码"),
        (b"%PDF-1.7\n" + bytes(500), "坏.pdf", "无法读取这个 PDF 文件"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "照片.png", "请提供文字版"),
        (b"", "空.txt", "文件是空的"),
        (bytes(range(256)) * 40, "数据.bin", "二进制"),
        (b" " * (50 * 1024 * 1024), "大.txt", "文件超过 10 MB"),
    ],
)
def test_what_cannot_be_read_says_what_to_do(data: bytes, name: str, words: str) -> None:
    assert words in refusal(data, name)
