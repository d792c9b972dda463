"""Ledger: a department's progress report as a spreadsheet, both ways (the 台账 round trip).

`form.ledger_form` writes the workbook a department fills in (its milestones due or open in a
period, with a drop-down for the status); `intake.read_ledger` turns the filled workbook into
progress files in the documented format, reporting every problem at its sheet!cell.
"""
