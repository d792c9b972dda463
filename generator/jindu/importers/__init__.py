"""Importers: a new office's existing plan, turned into jindu's files (`jindu import`).

`table.import_table` reads a plan table workbook (推进计划表, 目标管理表: header names in any order,
merged cells, quarter or month columns, or a row per 工作节点); `prose.import_prose` reads a
工作要点-style text (一、 headings, numbered points, a trailing parenthesis naming 牵头/责任 and 配合
units, dated phrases such as 8月份). Both give files that pass `jindu check` and say what they
could not place.
"""
