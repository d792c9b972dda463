"""Exports: the site's data files, in the forms offices and other systems read.

Per plan and per department: the 台账 as an XLSX workbook and as CSV (one row per milestone),
the plans and statuses as JSON open data with a published JSON Schema, and an ICS calendar of
due dates. `exports.files.export_files` makes them all from a status report; each file is
cached by its content, and the same data gives the same bytes.
"""
