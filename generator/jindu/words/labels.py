"""Labels: the words of the user interface, in Chinese (default) and English.

Plain tables, read through the locale object (`locale.Words`): pages, charts, bulletins
and the diff take every fixed word from here, so switching the UI language is one setting
(`lang: en` in the plugin config) and a missing translation is a KeyError in the tests
rather than a half-translated page. States are keyed by their value ("overdue").
"""

from __future__ import annotations

LANGS = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    "as_of": ("数据截至", "Data as of"),
    "home": ("首页", "Home"),
    "plans": ("工作计划", "Plans"),
    "plan": ("计划", "Plan"),
    "overview": ("总览", "Overview"),
    "section": ("板块", "Section"),
    "task": ("任务", "Task"),
    "tasks": ("任务", "Tasks"),
    "subtarget": ("子目标", "Sub-target"),
    "subtargets": ("子目标", "Sub-targets"),
    "number": ("序号", "No."),
    "title": ("名称", "Title"),
    "status": ("状态", "Status"),
    "reason": ("说明", "Reason"),
    "next_milestone": ("下一节点", "Next milestone"),
    "lead_departments": ("牵头部门", "Lead departments"),
    "leaders": ("牵头领导", "Lead leaders"),
    "cooperating_leaders": ("配合领导", "Cooperating leaders"),
    "people": ("负责人", "Responsible persons"),
    "cooperating_units": ("配合部门", "Cooperating units"),
    "responsible_units": ("责任单位", "Responsible units"),
    "leadership_note": ("牵头实施", "Leadership"),
    "description": ("任务内容", "Description"),
    "target": ("年度目标", "Annual target"),
    "annual_plan": ("年度计划", "Annual plan"),
    "level": ("级别", "Level"),
    "notes": ("备注", "Notes"),
    "alt_titles": ("其他表述", "Other wordings"),
    "milestones": ("工作节点", "Milestones"),
    "milestone": ("节点", "Milestone"),
    "period": ("时间", "Period"),
    "due": ("期限", "Due"),
    "requirement": ("进度要求", "Requirement"),
    "acceptance": ("验收标准", "Acceptance criteria"),
    "steps": ("分步安排", "Steps"),
    "source": ("出处", "Source"),
    "indicators": ("量化指标", "Indicators"),
    "indicator": ("指标", "Indicator"),
    "unit": ("单位", "Unit"),
    "baseline": ("基线", "Baseline"),
    "targets": ("目标值", "Targets"),
    "pace_target": ("序时目标", "Pro-rata target"),
    "actual": ("实际值", "Actual"),
    "completion": ("完成率", "Completion"),
    "progress": ("进展报告", "Progress reports"),
    "updates": ("工作动态", "Updates"),
    "date": ("日期", "Date"),
    "changes": ("计划变更记录", "Plan changes"),
    "changes_intro": (
        "以下为本任务在计划中的调整，取自计划文件的版本记录（git）。",
        "How this task changed in the plan, from the plan files' version history (git).",
    ),
    "changes_none": ("自基线以来，本任务未作调整。", "The task has not changed since the baseline."),
    "change_commit": ("版本", "Commit"),
    "change_object": ("对象", "Object"),
    "change_what": ("调整内容", "Change"),
    "change_reason": ("变更理由", "Reason"),
    "change_reason_missing": ("未说明", "not given"),
    "change_uncommitted": ("未提交", "uncommitted"),
    "baseline_title": ("基线对照", "Baseline and current"),
    "baseline_of": ("基线（{date} 版本 {commit}）", "Baseline ({date}, commit {commit})"),
    "baseline_current": ("现行", "Current"),
    "baseline_was": ("原定", "originally"),
    "history_shallow": (
        "本站由浅克隆构建，变更记录自 {date} 起，未显示基线。",
        "Built from a shallow clone: changes are shown from {date}, without a baseline.",
    ),
    "history_unavailable": (
        "本站构建时无法读取计划的版本记录，未显示变更记录。",
        "The plans' version history could not be read at build time; no changes are shown.",
    ),
    "reported_status": ("报告状态", "Reported status"),
    "evidence": ("佐证", "Evidence"),
    "note": ("说明", "Note"),
    "previous": ("上一项", "Previous"),
    "next": ("下一项", "Next"),
    "parent_task": ("所属任务", "Part of"),
    "departments": ("部门", "Departments"),
    "department": ("部门", "Department"),
    "persons": ("人员", "People"),
    "person": ("人员", "Person"),
    "calendar": ("月度与季度", "Months and quarters"),
    "attention": ("超期与临期", "Overdue and due soon"),
    "leads": ("牵头的任务", "Leads"),
    "cooperates": ("配合的任务", "Cooperates on"),
    "role": ("职责", "Role"),
    "count_total": ("合计", "Total"),
    "overdue_list": ("超期事项", "Overdue"),
    "upcoming_list": ("近期到期（{days}天内）", "Due in the next {days} days"),
    "falls_due": ("本期到期", "Falling due"),
    "completed_in": ("本期完成", "Completed"),
    "none": ("无", "None"),
    "sample_tag": ("示例数据", "Sample data"),
    "sample_warning": (
        "示例数据：本计划的进展报告含虚构的示例数据（sample: true），不代表真实工作进展。",
        (
            "Sample data: this plan's progress includes invented sample reports (sample: true); "
            "they are not real progress."
        ),
    ),
    "no_schedule_note": (
        "本计划未列出时间节点，进度无法按日期判断；状态显示为“无时间节点”，不代表正常推进。",
        (
            "This plan gives no dated milestones, so its status cannot be judged by date; "
            "“no schedule” does not mean on track."
        ),
    ),
    "document": ("公文信息", "Document"),
    "doc_number": ("文号", "Number"),
    "doc_issued": ("成文日期", "Issued"),
    "doc_disclosure": ("公开属性", "Disclosure"),
    "preamble": ("导语", "Preamble"),
    "year": ("年度", "Year"),
    "organization": ("机构", "Organization"),
    "rollup": ("状态统计", "Status counts"),
    "by_department": ("按牵头部门", "By lead department"),
    "role_lead": ("牵头", "Lead"),
    "role_cooperate": ("配合", "Cooperating"),
    "role_leader": ("牵头领导", "Lead leader"),
    "role_co-leader": ("配合领导", "Cooperating leader"),
    "unit_kind_department": ("科室", "Department"),
    "unit_kind_affiliated": ("直属单位", "Affiliated unit"),
    "unit_kind_external": ("外部单位", "External body"),
    "unit_kind_group": ("工作组", "Group"),
    "no_tasks": ("计划中未列出其任务。", "No tasks name it in the plans."),
    "status_rules": ("状态如何计算", "How status is computed"),
    "skip_to_table": ("任务列表", "Task list"),
    "months": ("月份", "Months"),
    "quarters": ("季度", "Quarters"),
    "recurring": ("重复", "Repeats"),
    "milestones_due": ("到期节点", "Milestones due"),
    "milestones_done": ("已完成节点", "Milestones done"),
    "lang_name": ("中文", "English"),
    "reported_not_started": ("未开始", "not started"),
    "reported_in_progress": ("推进中", "in progress"),
    "reported_done": ("已完成", "done"),
    "reported_delayed": ("滞后", "delayed"),
    "reported_cancelled": ("已取消", "cancelled"),
    # charts
    "battle_map": ("挂图作战", "Battle map"),
    "battle_map_of": ("{title} · 挂图作战", "{title} · battle map"),
    "battle_map_alt": (
        "{title}挂图作战图：{rows}项任务按月份排列，标出各任务时间跨度、{marks}个节点及其状态，竖线为数据截至日{as_of}。下方数据表列出同样内容。",
        "Battle map of {title}: {rows} tasks across the months with their spans, {marks} milestones and their status; the vertical line is the as-of date {as_of}. The data table below lists the same facts.",
    ),
    "chart_as_of": ("数据截至 {date}", "Data as of {date}"),
    "legend_states": ("任务状态（条）", "Task status (bars)"),
    "legend_kinds": ("节点类型（形状）", "Milestone kind (shape)"),
    "legend_fills": ("节点状态（填充）", "Milestone status (fill)"),
    "kind_month": ("月度节点", "monthly"),
    "kind_quarter": ("季度节点", "quarterly"),
    "kind_half": ("半年节点", "half-yearly"),
    "kind_year": ("年度节点", "annual"),
    "kind_other": ("其他日期", "other date"),
    "fill_full": ("已完成", "done"),
    "fill_cross": ("超期", "overdue"),
    "fill_half": ("滞后或临期", "lagging or due soon"),
    "fill_hollow": ("未到期", "not yet due"),
    "chart_no_schedule": ("无时间节点", "no dated milestones"),
    "chart_unscheduled": ("另有不定期节点{n}项", "+{n} undated"),
    "data_table": ("数据表", "Data table"),
    "span": ("时间跨度", "Span"),
    "chart_download": ("下载图片", "Download"),
    "timeline": ("时间轴", "Timeline"),
    "timeline_alt": (
        "{title}时间轴：{marks}个节点，数据截至{as_of}。",
        "Timeline of {title}: {marks} milestones, data as of {as_of}.",
    ),
    "trajectory": ("指标走势", "Indicator trajectory"),
    "trajectory_alt": (
        "{name}走势图：阶段目标、序时目标线和实际值。下方数据表列出同样内容。",
        "Trajectory of {name}: period targets, the pro-rata line and actuals. The data table below lists the same facts.",
    ),
    "period_target": ("阶段目标", "Period target"),
    "pace_line": ("序时目标", "Pro-rata target"),
    "actual_value": ("实际值", "Actual"),
    "section_summary": ("各板块任务状态", "Task status by section"),
    "section_summary_alt": (
        "{title}各板块任务状态分布图。下方数据表列出同样内容。",
        "Task status by section of {title}. The data table below lists the same facts.",
    ),
    "workload": ("牵头节点按月分布", "Milestones led, by month due"),
    "workload_of": ("{name} · 牵头节点按月分布", "{name} · milestones led, by month due"),
    "workload_alt": (
        "{name}牵头任务的节点按到期月份和状态统计图，共{n}个节点。下方数据表列出同样内容。",
        "Milestones of the tasks {name} leads, by month due and status ({n} in all). The data table below lists the same facts.",
    ),
    "milestone_count": ("节点数", "Milestones"),
    "task_count": ("任务数", "Tasks"),
    "month_label": ("{m}月", "{abbr}"),
    # bulletins (工作简报)
    "bulletins": ("工作简报", "Bulletins"),
    "bulletin_name": ("重点工作进展简报", "Key Work Progress Bulletin"),
    "bulletin_issue_no": ("第{n}期", "No. {n}"),
    "bulletin_headline": ("{period}重点工作推进情况", "Progress of the key work: {period}"),
    "bulletin_year": ("{year}年度", "the year {year}"),
    "bulletin_toc": ("目录", "Contents"),
    "bulletin_overview": ("总体情况", "Overview"),
    "bulletin_chart": ("本期挂图作战", "Battle map of the period"),
    "bulletin_chart_note": (
        "图中只列本期有节点到期的任务；形状表示节点类型，填充表示节点状态，虚线为数据截至日。",
        (
            "Only tasks with a milestone due in the period are shown; shape is the milestone "
            "kind, fill its status, the dashed line the as-of date."
        ),
    ),
    "bulletin_completed": ("本期完成事项", "Completed in the period"),
    "bulletin_attention": ("需关注事项", "Needs attention"),
    "bulletin_overdue": ("超期未完成", "Overdue"),
    "bulletin_lagging": ("进度滞后", "Lagging"),
    "bulletin_due_soon": ("临期事项", "Due soon"),
    "bulletin_indicators": ("量化指标", "Indicators"),
    "bulletin_departments": ("各牵头部门推进情况", "By lead department"),
    "bulletin_next": ("下期工作安排", "Next period"),
    "bulletin_none": ("无。", "None."),
    "bulletin_adjustments": ("本期计划调整", "Changes to the plan this period"),
    "bulletin_adjustments_note": (
        "本期内经审核并入计划文件的调整；原定与现行内容见箭头两侧。",
        ("Changes merged into the plan files during the period; the arrow leads from the old to the new."),
    ),
    "bulletin_report_to": ("报", "To"),
    "bulletin_copy_to": ("送", "Copy"),
    "bulletin_distribute_to": ("发", "Distribution"),
    "bulletin_copies": ("共印{n}份", "{n} copies printed"),
    "bulletin_revision": ("数据版本", "Data version"),
    "bulletin_scan": ("扫码查看在线进度", "Scan for the live progress page"),
    "bulletin_links": ("各事项详情见", "Each item in full at"),
    "bulletin_id_word": ("编号", "ID"),
    "bulletin_id": ("编号", "ID"),
    "bulletin_tasks": ("任务总数", "Tasks"),
    "bulletin_due": ("本期到期节点", "Milestones due in the period"),
    "bulletin_done": ("已完成", "Done"),
    "bulletin_rate": ("任务完成率", "Tasks completed"),
    "bulletin_due_rate": ("本期节点按期完成率", "Due milestones done on time"),
    "bulletin_completed_n": ("本期完成节点", "Milestones completed in the period"),
    "bulletin_overdue_n": ("超期节点", "Overdue milestones"),
    "bulletin_lagging_n": ("滞后节点", "Lagging milestones"),
    "bulletin_due_soon_n": ("临期节点", "Milestones due soon"),
    "bulletin_summary": (
        (
            "截至{as_of}，《{plan}》共{tasks}项任务，已完成{done}项。本期到期节点{due}项：按期完成{on_time}项，"
            "逾期完成{late}项，未完成{open}项。此前已超期的节点{carried}项，本期完成{carried_done}项，"
            "仍未完成{carried_open}项。另有进度滞后节点{lagging}项，临期节点{due_soon}项。"
        ),
        (
            "As of {as_of}, {plan} has {tasks} tasks, {done} of them done. {due} milestones fell due in the "
            "period: {on_time} done on time, {late} done late, {open} not done. {carried} milestones were "
            "already overdue when the period began: {carried_done} of them were done in the period and "
            "{carried_open} are still open. {lagging} milestones are lagging and {due_soon} are due soon."
        ),
    ),
    "bulletin_sample_lead": (
        (
            "特别说明：本期简报所引用的进展报告含虚构的示例数据（sample: true），涉及{n}项任务，"
            "相关完成情况和数字均为演示用途，不代表真实工作进展，不得作为正式材料引用。"
        ),
        (
            "Note: the progress reports this bulletin counts include invented sample data (sample: true) "
            "for {n} tasks; those completions and figures are for demonstration only, are not real "
            "progress and must not be quoted as such."
        ),
    ),
    "bulletin_draft": ("（草稿）", " (draft)"),
    "bulletin_draft_mark": ("草稿　未印发", "DRAFT: NOT ISSUED"),
    "bulletin_draft_note": (
        "本期简报尚未印发，此为按当前数据生成的草稿，内容可能变化。",
        "This issue has not been issued; this is a draft from the current data and may change.",
    ),
    "bulletin_correction": ("（更正）", " (correction)"),
    "bulletin_correction_n": ("（第{n}次更正）", " (correction {n})"),
    "bulletin_cc": ("抄送", "Cc"),
    "serve_error_title": ("计划文件有错误", "The plans have errors"),
    "serve_error_hint": (
        "预览暂停更新：请按下列位置（文件:行:列）改正后保存，页面会自动刷新。",
        "The preview is paused: fix the places listed (file:line:column) and save; this page reloads.",
    ),
    "bulletin_printed": ("{day}印发", "Issued {day}"),
    "bulletin_due_open": ("本期到期未完成", "Fell due in the period, not done"),
    "bulletin_carried": ("此前超期仍未完成", "Overdue before the period, still not done"),
    "bulletin_on_time_n": ("按期完成", "Done on time"),
    "bulletin_late_n": ("逾期完成", "Done late"),
    "bulletin_open_n": ("本期到期未完成", "Due in the period, not done"),
    "bulletin_carried_n": ("此前已超期", "Overdue before the period"),
    "bulletin_carried_open_n": ("此前超期仍未完成", "Of those, still not done"),
    "continued": ("（续）", " (continued)"),
    "bulletin_list": ("简报列表", "All bulletins"),
    "bulletin_issue": ("期数", "Issue"),
    "bulletin_period": ("报告期", "Period"),
    "bulletin_pages": ("页数", "Pages"),
    "bulletin_size": ("大小", "Size"),
    "bulletin_download": ("下载PDF", "Download PDF"),
    "bulletins_intro": (
        (
            "已印发的简报按印发时的文件原样发布，此后任何数据变更都不会改动已印发的简报；更正以新的一期（更正）印发。"
            "尚未印发的报告期只提供一份标明“草稿”的预览。版式参照党政机关公文格式（GB/T 9704—2012）。"
        ),
        (
            "Issued bulletins are published exactly as issued; no later change to the data alters them, and a "
            "correction is issued as a new issue marked as such. A period not yet issued has one preview "
            "marked as a draft. The layout follows Chinese official documents (GB/T 9704-2012)."
        ),
    ),
    "bulletin_status": ("状态", "Status"),
    "bulletin_issued": ("已印发", "Issued"),
    "bulletin_is_draft": ("草稿", "Draft"),
    "bulletin_commit": ("数据提交", "Data commit"),
    "bulletin_language": ("语种", "Language"),
    "bulletin_lang_zh": ("中文", "Chinese"),
    "bulletin_lang_en": ("英文", "English"),
    "bulletins_no_drafts": (
        "本次构建不印制草稿（插件选项 bulletins: false，或 mkdocs serve 预览）。",
        "This build prints no drafts (plugin option bulletins: false, or a mkdocs serve preview).",
    ),
    "bulletins_none": (
        "本计划没有带日期的工作节点，不生成简报。",
        "This plan has no dated milestones, so it has no bulletins.",
    ),
    "bulletins_off": (
        "本次构建未生成简报（插件选项 bulletins: false）。",
        "Bulletins are turned off in this build (plugin option bulletins: false).",
    ),
    "bulletins_not_yet": ("尚无已印发的简报。", "No bulletin has been issued yet."),
    "diff_title": ("计划变更", "Plan changes"),
    "diff_empty": ("没有改动计划、目录或进展文件。", "No plan, directory or progress file changed."),
    "diff_missing_reasons": ("缺少变更理由", "Reasons missing"),
    "diff_reason_rule": (
        "调整目标或时间节点须在同一对象上填写 `reason`（变更理由）。",
        "a changed target or deadline needs a `reason` on the same object.",
    ),
    "diff_changes_header": ("| 任务 | 对象 | 改动 | 变更理由 |", "| Task | Object | Change | Reason |"),
    "diff_missing": ("缺少", "missing"),
    "diff_status_changes": ("状态变化", "Status changes"),
    "diff_as_of": ("截至", "as of"),
    "diff_shifts_header": (
        "| 计划 | 任务 | 节点 | 原状态 | 新状态 | 依据 |",
        "| Plan | Task | Milestone | Was | Now | Why |",
    ),
    "diff_not_computed": (
        "状态变化未计算：有一方的计划存在错误（见 jindu check）。",
        "Status changes not computed: one side's plans have errors (see jindu check).",
    ),
    "diff_data_files": ("改动的数据文件", "Data files touched"),
    "diff_other_files": ("其他文件（非计划数据）", "Other files (not plan data)"),
    "html_lang": ("zh-CN", "en"),
    "footer_host": ("主办单位", "Host"),
    "footer_site_code": ("网站标识码", "Site ID"),
    "change_none": ("（无）", "(none)"),
    "change_kind_subject": ("{kind}{subject}", "{subject} {kind}"),
    "bulletin_no": ("序号", "#"),
    "bulletin_see_appendix": ("见附图，", ": see the appendix, "),
    "bulletin_page_before": ("第", "page "),
    "bulletin_page_after": ("页。", "."),
    "bulletin_appendix": ("附图　", "Appendix: "),
    "bulletin_distribution_sep": ("，", ", "),
    "bulletin_distribution_end": ("。", ""),
    "bulletin_copies_paren": ("（{text}）", "({text})"),
    "bulletin_attention_line": ("{reason}（{due}）", "{reason} (due {due})"),
    "bulletin_upcoming_line": ("{milestone}：{due}到期", "{milestone}: due {due}"),
}

STATE_WORDS: dict[str, tuple[str, str]] = {
    "overdue": ("超期", "overdue"),
    "lagging": ("滞后", "lagging"),
    "due_soon": ("临期", "due soon"),
    "on_track": ("正常推进", "on track"),
    "not_started": ("未开始", "not started"),
    "done_late": ("逾期完成", "done late"),
    "done": ("完成", "done"),
    "cancelled": ("已取消", "cancelled"),
    "no_schedule": ("无时间节点", "no schedule"),
}

STATE_ICONS: dict[str, str] = {
    "overdue": "✖",
    "lagging": "▼",
    "due_soon": "⚠",
    "on_track": "▶",
    "not_started": "○",
    "done_late": "✔",
    "done": "✔",
    "cancelled": "⊘",
    "no_schedule": "–",
}

INDICATOR_WORDS: dict[str, tuple[str, str, str]] = {
    "exceeded": ("超额完成", "exceeded", "▲"),
    "met": ("达到序时目标", "on target", "✔"),
    "behind": ("落后序时目标", "behind target", "▼"),
    "no_data": ("暂无数据", "no data", "–"),
}

ROLE_WORDS: dict[str, str] = {
    "负责人": "Responsible",
    "项目负责人": "Project lead",
    "责任人": "Accountable",
    "具体负责人": "Officer in charge",
}
