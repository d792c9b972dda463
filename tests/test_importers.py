"""`jindu import text`: a 工作要点 text of our own in the layout offices publish (headings 一、,
numbered points, a trailing parenthesis naming units, dated phrases, lines broken by the
extraction), imported into files that pass `jindu check`."""

import subprocess
import sys
from pathlib import Path

import yaml

from jindu.plans.loading import load_portfolio

TEXT = """\
附件

某某区卫生健康委员会 2024 年工作要点

2024 年是关键一年，全区卫生健康工作要坚持以人民健康为中心，
推动高质量发展。

一、巩固疫情防控成果

1. 完善监测预警体系。建立多点触发的监测预警机制，8月份前完成哨点医院布局。（牵头处室：疾控科；配合处室：医政科、财务科）

2. 做好重大活动保障。全力做好重大活动医疗保障，
7个应用场景2.0建设全部完成。(责任单位: 应急办)

二、深化医药卫生体制改革

3. 推进公立医院高质量发展。制定实施方案，6月30日前印发；年底前完成绩效评价。

4. 推进数字健康建设。建成互联网医院平台。

三、加强队伍建设
"""


def run_import(tmp_path: Path, kind: str, source: Path, plan_id: str) -> subprocess.CompletedProcess:
    """`jindu import KIND SOURCE` for the organization moumou, 2024, into tmp_path/plans."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "jindu",
            "import",
            kind,
            str(source),
            "--id",
            plan_id,
            "--organization",
            "moumou",
            "--organization-name",
            "某某区卫生健康委员会",
            "--year",
            "2024",
            "--out",
            str(tmp_path / "plans"),
        ],
        capture_output=True,
        text=True,
    )


def test_a_prose_plan_becomes_files_that_check_clean(tmp_path: Path):
    source = tmp_path / "要点.txt"
    source.write_text(TEXT, encoding="utf-8")
    run = run_import(tmp_path, "text", source, "2024-moumou")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("3 sections, 4 tasks (2 with a dated milestone), 4 units")
    assert "note: section 三、加强队伍建设 has no numbered points" in run.stderr
    assert "note: skipped before the title: 附件" in run.stderr
    folder = tmp_path / "plans" / "moumou"
    portfolio = load_portfolio([folder])
    assert portfolio.ok and not list(portfolio.diagnostics)
    plan = yaml.safe_load((folder / "2024-moumou.yaml").read_text(encoding="utf-8"))
    assert plan["title"] == "某某区卫生健康委员会 2024 年工作要点"
    assert plan["preamble"].startswith("2024 年是关键一年") and plan["preamble"].endswith("推动高质量发展。")
    first, second = plan["sections"][0]["tasks"]
    assert first["title"] == "完善监测预警体系"
    assert first["lead_departments"] == ["unit-01"] and first["cooperating_units"] == ["unit-02", "unit-03"]
    assert first["milestones"] == [
        {"period": "2024-08", "target": "建立多点触发的监测预警机制，8月份前完成哨点医院布局。"}
    ]
    assert "（牵头处室" not in first["description"]
    # "7个应用场景2.0" continues point 2: it is not point 7.
    assert second["description"] == "全力做好重大活动医疗保障，7个应用场景2.0建设全部完成。"
    assert second["lead_departments"] == ["unit-04"] and "milestones" not in second
    third = plan["sections"][1]["tasks"][0]
    assert [m["period"] for m in third["milestones"]] == ["2024-06"]
    directory = yaml.safe_load((folder / "directory.yaml").read_text(encoding="utf-8"))
    assert [(u["id"], u["name"]) for u in directory["units"]] == [
        ("unit-01", "疾控科"),
        ("unit-02", "医政科"),
        ("unit-03", "财务科"),
        ("unit-04", "应急办"),
    ]
    # Nothing is overwritten.
    again = run_import(tmp_path, "text", source, "2024-moumou")
    assert again.returncode == 2 and "already exists; choose another --out" in again.stderr


def run_table(tmp_path: Path, book: Path, plan_id: str) -> subprocess.CompletedProcess:
    return run_import(tmp_path, "table", book, plan_id)


def test_a_table_with_quarter_columns(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某区卫生健康委2024年目标管理表"])
    sheet.append(
        [
            "序号",
            "重点工作\n(一级目标)",
            "目标任务",
            "牵头领导",
            "牵头科室(单位)",
            "负责人",
            "责任单位",
            "第一季度",
            "第二季度",
            "第三季度",
            "第四季度",
        ]
    )
    sheet.append(["一、紧扣资源提优补短"])
    sheet.append(
        [
            "1",
            "一、紧扣资源提优补短",
            "推进医院建设",
            "张三",
            "计划财务科",
            "李四",
            "区疾控中心、各社区卫生服务中心",
            "完成设计",
            "开工建设",
            "",
            "主体完工",
        ]
    )
    sheet.append(["2", "一、紧扣资源提优补短", '=HYPERLINK("x")', "张三", "医政科", "王五", "", "", "", "完成招标", ""])
    sheet.append(
        ["3", "二、提升服务能力", "做实家庭医生签约", "赵六", "基层卫生科", "", "", "签约率60%", "", "", "签约率75%"]
    )
    sheet["C5"].data_type = "s"  # a text cell, as a spreadsheet keeps a typed-in '=…
    path = tmp_path / "table.xlsx"
    book.save(path)
    run = run_table(tmp_path, path, "2024-moumou")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("2 sections, 3 tasks, 6 milestones, 5 units, 4 people")
    folder = tmp_path / "plans" / "moumou"
    assert load_portfolio([folder]).ok
    text = (folder / "2024-moumou.yaml").read_text(encoding="utf-8")
    plan = yaml.safe_load(text)
    assert plan["title"] == "某某区卫生健康委2024年目标管理表"
    first = plan["sections"][0]["tasks"][0]
    assert [m["period"] for m in first["milestones"]] == ["2024-Q1", "2024-Q2", "2024-Q4"]
    assert first["people"] == [{"person": "person-02", "role": "负责人"}]
    assert plan["sections"][0]["tasks"][1]["title"] == '=HYPERLINK("x")'  # text, as written
    assert "  tasks:\n  # 第4行\n  - id: t01\n" in text  # where each task came from
    assert plan["sections"][0]["number"] == "一" and plan["sections"][0]["title"] == "紧扣资源提优补短"


def test_a_table_with_a_row_per_milestone_and_merged_titles(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "序号",
            "项目内容",
            "牵头领导",
            "项目负责人",
            "牵头部门",
            "配合部门",
            "工作节点",
            "节点目标",
            "验收标准",
            "责任主体",
        ]
    )
    rows = [
        [
            "1",
            "推动公立医院高质量发展",
            "马某",
            "杨某",
            "医政医管科",
            "党群科、中医与科教科",
            "第一季度",
            "<p>制定方案</p>",
            "方案印发",
            "医政医管科",
        ],
        [None, None, None, None, None, None, "第二、三季度", "完成数据上报", "上报完成", "公立医疗机构管理中心"],
        [None, None, None, None, None, None, "重要敏感时点", "做好保障", "", ""],
        ["2", "做实家庭医生签约服务", "马某", "杨某", "医政医管科", "公共卫生科", "全年", "签约率提升", "", ""],
    ]
    for row in rows:
        sheet.append(row)
    for col in "ABCDEF":  # a task's cells merged over its milestone rows
        sheet.merge_cells(f"{col}2:{col}4")
    path = tmp_path / "nodes.xlsx"
    book.save(path)
    run = run_table(tmp_path, path, "2024-nodes")
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "plans" / "moumou"
    assert load_portfolio([folder]).ok
    text = (folder / "2024-nodes.yaml").read_text(encoding="utf-8")
    plan = yaml.safe_load(text)
    first, second = plan["sections"][0]["tasks"]
    assert [m["period"] for m in first["milestones"]] == ["2024-Q1", "2024-Q2..2024-Q3", "unscheduled"]
    assert first["milestones"][0] == {
        "period": "2024-Q1",
        "target": "制定方案",
        "acceptance": "方案印发",
        "responsible": ["unit-01"],
    }
    assert first["milestones"][2]["label"] == "重要敏感时点"
    assert first["people"] == [{"person": "person-02", "role": "项目负责人"}]
    assert second["milestones"] == [{"period": "2024", "target": "签约率提升"}]
    assert "工作节点“重要敏感时点”不是一个期间，按不定期节点导入" in text
    assert run.stdout.strip().endswith("1 sections, 2 tasks, 4 milestones, 5 units, 2 people")


def test_a_table_without_a_header_is_refused(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["随便", "什么"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    run = run_table(tmp_path, path, "2024-x")
    assert run.returncode == 2
    assert "no header row: none of the first 15 rows names a task column" in run.stderr
    (tmp_path / "y.xlsx").write_text("not a workbook", encoding="utf-8")
    bad = run_table(tmp_path, tmp_path / "y.xlsx", "2024-y")
    assert bad.returncode == 2 and "cannot be read as an XLSX workbook" in bad.stderr and "Traceback" not in bad.stderr


RESTARTING = """\
某某区卫生健康委员会 2025 年工作要点

一、提升服务能力

1. 推进家庭医生签约。全年签约率达到 40%。

2. 完善急救网络。新建急救站点 2 个。

二、加强公共卫生

1. 做好疫苗接种。9月底前完成秋季接种。

2. 加强慢病管理。（牵头单位：疾控中心）
"""


def test_numbering_that_restarts_in_each_section_imports_without_duplicate_ids(tmp_path: Path):
    """A 工作要点 numbered 1. 2. again under each 一、二、: ids name their section, numbers stay
    as written, the files check clean, and a note says so."""
    source = tmp_path / "要点.txt"
    source.write_text(RESTARTING, encoding="utf-8")
    run = run_import(tmp_path, "text", source, "2025-moumou")
    assert run.returncode == 0, run.stderr
    assert (
        "note: the numbering restarts in each section: task ids name their section (s2-t01); numbers stay as written"
    ) in run.stderr
    folder = tmp_path / "plans" / "moumou"
    portfolio = load_portfolio([folder])
    assert portfolio.ok and not list(portfolio.diagnostics)
    plan = yaml.safe_load((folder / "2025-moumou.yaml").read_text(encoding="utf-8"))
    assert [(t["id"], t["number"]) for s in plan["sections"] for t in s["tasks"]] == [
        ("s1-t01", "1"),
        ("s1-t02", "2"),
        ("s2-t01", "1"),
        ("s2-t02", "2"),
    ]


# A city bureau's 工作要点 in another common shape: （一）（二） under each 一、, their own 1. 2.
# points, a section's lead-in line, collectives among the units, a parenthesis naming a leader
# rather than units, and targets worded 以上/以下/以内/左右/力争 (and ages that are not targets).
LAYERED = """\
某某市卫生健康局2024年卫生健康工作要点

2024年是“十四五”收官之年。

一、提升医疗服务能力
围绕群众就医需求，持续改善服务。
（一）推进公立医院改革。深化薪酬制度改革。（牵头处室：医政处；配合处室：各相关处室）
1. 三级医院平均住院日控制在8天以内。
2. 患者满意度达到90%以上，力争门诊预约率达到60%。
（二）加强基层服务。家庭医生签约率达45%左右（责任单位：各区县卫生健康局、基层处）
二、加强公共卫生
（一）做好免疫规划。适龄儿童免疫规划疫苗接种率保持在95%以上，60岁以上老年人流感疫苗接种继续推进。（由王某副局长牵头实施）
（二）降低孕产妇死亡率。孕产妇死亡率控制在10/10万以下，婴儿死亡率不超过5‰。9月底前完成评估。
"""


def test_a_layered_prose_plan_keeps_every_level_qualifier_and_group(tmp_path: Path):
    source = tmp_path / "要点.txt"
    source.write_text(LAYERED, encoding="utf-8")
    run = run_import(tmp_path, "text", source, "2024-layered")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("2 sections, 4 tasks (1 with a dated milestone), 4 units")
    assert (
        "note: text under 「提升医疗服务能力」 before its first point, kept as its notes: 围绕群众就医需求，持续改善服务。…"
    ) in run.stderr
    folder = tmp_path / "plans" / "moumou"
    portfolio = load_portfolio([folder])
    assert portfolio.ok and not list(portfolio.diagnostics)
    text = (folder / "2024-layered.yaml").read_text(encoding="utf-8")
    plan = yaml.safe_load(text)
    first, second = plan["sections"]
    assert first["notes"] == "围绕群众就医需求，持续改善服务。"
    reform, basic = first["tasks"]
    assert (reform["id"], reform["number"], reform["title"]) == ("s1-t01", "（一）", "推进公立医院改革")
    assert [(t["id"], t["number"]) for t in reform["subtargets"]] == [("s1-t01-1", "1"), ("s1-t01-2", "2")]
    assert reform["subtargets"][0]["indicators"] == [
        {"id": "i01", "name": "三级医院平均住院日", "unit": "天", "targets": {"2024": 8}, "qualifier": "at_most"}
    ]
    assert [(i["name"], i["targets"], i["qualifier"]) for i in reform["subtargets"][1]["indicators"]] == [
        ("患者满意度", {"2024": 90}, "at_least"),
        ("门诊预约率", {"2024": 60}, "strive"),
    ]
    assert basic["indicators"][0]["qualifier"] == "about"
    vaccines, mothers = second["tasks"]
    assert vaccines["leadership_note"] == "（由王某副局长牵头实施）"
    assert [i["name"] for i in vaccines["indicators"]] == ["适龄儿童免疫规划疫苗接种率"]  # 60岁以上 is an age
    assert [(i["unit"], i["qualifier"]) for i in mothers["indicators"]] == [("/10万", "at_most"), ("‰", "at_most")]
    assert "  # 指标 i01 由文字推断：“孕产妇死亡率控制在10/10万以下” → 孕产妇死亡率：10/10万（at_most）\n" in text
    directory = yaml.safe_load((folder / "directory.yaml").read_text(encoding="utf-8"))
    assert [(u["name"], u.get("kind")) for u in directory["units"]] == [
        ("医政处", None),
        ("各相关处室", "group"),
        ("各区县卫生健康局", "group"),
        ("基层处", None),
    ]
    assert "# “各相关处室”按名称推断为集体（group），请核对\n- id: unit-02\n" in (folder / "directory.yaml").read_text(
        encoding="utf-8"
    )


def test_a_table_keeps_every_rows_notes_and_columns_it_has_no_field_for(tmp_path: Path):
    """A county's 推进表: a row per node with 备注 on later rows, a 完成情况 column jindu has no
    field for, a unit named on a later row only, and targets with ranges and qualifiers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某县卫健局2024年重点工作推进表"])
    sheet.append(["序号", "工作任务", "年度目标", "牵头科室", "配合单位", "时间节点", "进度要求", "备注", "完成情况"])
    sheet.append(["一、医疗服务"])
    sheet.append(
        [
            "1",
            "推进胸痛中心建设",
            "建成2～3家胸痛中心",
            "医政科",
            "各乡镇卫生院",
            "第一季度",
            "制定方案",
            "方案已报局党组",
            "已完成",
        ]
    )
    sheet.append([None, "推进胸痛中心建设", None, None, "区急救站", "第二季度", "完成评审，达标率达到80%以上", "", ""])
    sheet.append([None, "推进胸痛中心建设", None, None, None, "第四季度", "建成2家", "需财政配套资金", ""])
    sheet.append(["2", "提升群众满意度", "满意度90%左右", "办公室", "相关科室", "全年", "满意度调查", "全年备注", ""])
    sheet.append(["3", "控制医疗费用", "次均费用增幅控制在5%以内", "医保科", "", "上半年", "开展监测", "", "进行中"])
    for col in "ABD":
        sheet.merge_cells(f"{col}4:{col}6")
    path = tmp_path / "推进表.xlsx"
    book.save(path)
    run = run_table(tmp_path, path, "2024-county")
    assert run.returncode == 0, run.stderr
    assert "note: columns not in jindu's format, kept in each row's notes: 完成情况" in run.stderr
    folder = tmp_path / "plans" / "moumou"
    portfolio = load_portfolio([folder])
    assert portfolio.ok and not list(portfolio.diagnostics)
    text = (folder / "2024-county.yaml").read_text(encoding="utf-8")
    chest, satisfaction, costs = yaml.safe_load(text)["sections"][0]["tasks"]
    assert [m.get("note") for m in chest["milestones"]] == ["方案已报局党组；完成情况：已完成", None, "需财政配套资金"]
    assert "notes" not in chest and satisfaction["notes"] == "全年备注" and costs["notes"] == "完成情况：进行中"
    assert chest["cooperating_units"] == ["unit-02", "unit-03"]  # 区急救站 was named on the second row only
    assert "  # 第5行另列配合部门，已并入本任务\n" in text
    assert chest["indicators"] == [
        {"id": "i01", "name": "建成胸痛中心", "unit": "家", "targets": {"2024": 2}, "upper": {"2024": 3}},
        {"id": "i02", "name": "达标率", "unit": "%", "targets": {"2024-Q2": 80}, "qualifier": "at_least"},
    ]
    assert satisfaction["indicators"][0]["qualifier"] == "about"
    assert costs["indicators"][0] == {
        "id": "i01",
        "name": "次均费用增幅",
        "unit": "%",
        "targets": {"2024": 5},
        "qualifier": "at_most",
    }
    directory = yaml.safe_load((folder / "directory.yaml").read_text(encoding="utf-8"))
    kinds = {u["name"]: u.get("kind") for u in directory["units"]}
    assert kinds == {
        "医政科": None,
        "各乡镇卫生院": "group",
        "区急救站": "affiliated",
        "办公室": None,
        "相关科室": "group",
        "医保科": None,
    }


def test_ages_dates_and_counts_without_a_target_word_are_not_indicators():
    from jindu.importers.targets import read_targets

    for text in (
        "对60岁以上老年人开展体检",
        "3岁以下婴幼儿照护",
        "7个应用场景2.0建设全部完成",
        "6月30日前印发",
        "新建急救站点 2 个",
    ):
        assert read_targets(text) == [], text
    assert [g.wording for g in read_targets("力争引进紧缺专业人才30名；参保率达95%以上")] == [
        "“力争引进紧缺专业人才30名” → 引进紧缺专业人才：30名（strive）",
        "“参保率达95%以上” → 参保率：95%（at_least）",
    ]
