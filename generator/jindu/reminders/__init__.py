"""Reminders (催办): who is told what on a given day, and the channels that tell them.

`schedule` decides, from the status report of one date alone, which departments get a message
that day and what it lists; `messages` words it (text for mail and work chat, a Markdown digest
for a CI job summary, JSON for checks); `channels` delivers it (SMTP, 企业微信, 钉钉, 飞书 robots)
with retries; `receipts` records what went out so a re-run on the same day sends nothing twice;
`inbox` takes filled 台账 workbooks in. `commands` is the edge: `jindu remind`, `jindu inbox`.
"""
