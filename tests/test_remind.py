"""`jindu remind` (催办) with real parts: the seeds' departments on a Monday, e-mail received by a
local SMTP server (aiosmtpd) and parsed back with the email package, work-chat robots received
by local HTTP servers that check each format and signature, a receiver that fails and recovers,
a secret planted in the environment that never shows, and plan text that stays text."""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from datetime import date
from email import policy
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import git_in
from jindu.plans.loading import load_portfolio
from jindu.reminders.messages import Message, inert
from jindu.reminders.schedule import Policy, is_chase_day, reminders
from jindu.status.engine import compute_status
from jindu.status.verdicts import State
from smtpbox import Mailbox

MONDAY = "2023-07-10"


def jindu(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jindu", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "JINDU_AS_OF": "", **(env or {})},
    )


@pytest.fixture
def office(root, tmp_path) -> Path:
    """A copy of the demo office: its plans and its jindu.yml (an e-mail channel)."""
    shutil.copytree(root / "plans", tmp_path / "plans")
    shutil.copy(root / "jindu.yml", tmp_path / "jindu.yml")
    return tmp_path


def configure(office: Path, channels: list[dict], **reminders) -> None:
    config = yaml.safe_load((office / "jindu.yml").read_text(encoding="utf-8"))
    config["reminders"] = {"channels": channels, "backoff_seconds": 0.05, **reminders}
    (office / "jindu.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def dry_run(office: Path, *args: str) -> list[dict]:
    run = jindu(office, "remind", "--as-of", MONDAY, "--dry-run", "--format", "json", *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


# --------------------------------------------------------------------------- who is told what


def test_every_department_with_something_due_unreported_or_overdue_gets_one_message(office):
    messages = dry_run(office)
    report = compute_status(load_portfolio([office / "plans"]), date(2023, 7, 10))
    expected = set()
    for (org, unit), involvements in report.units.items():
        for involvement in involvements:
            if report.plans[involvement.plan_id].closed:
                continue
            for ms in involvement.status.milestones:
                soon = ms.due and 0 <= (ms.due - date(2023, 7, 10)).days <= 7
                open_ = ms.state not in (State.DONE, State.DONE_LATE, State.CANCELLED)
                if ms.state in (State.OVERDUE, State.NOT_REPORTED) or (soon and open_):
                    expected.add((org, unit))
    assert {(m["organization"], m["unit"]) for m in messages} == expected
    assert len(messages) == len(expected) == 47  # one each: the demo configures one channel
    assert {m["channel"] for m in messages} == {"email"}
    finance = next(m for m in messages if m["unit"] == "jihua-caiwuke")
    assert finance["recipients"] == ["jihua-caiwuke@qingpu.example.gov.cn.invalid"]
    assert finance["subject"] == "【催办】计划财务科：超期2项、未报送2项（2023年7月10日）"
    assert [(i["task"], i["milestone"], i["kind"], i["days"]) for i in finance["items"]] == [
        ("i02", "q2", "overdue", 10),
        ("i09", "q2", "overdue", 10),
        ("i03", "q1", "not_reported", 101),
        ("i03", "q2", "not_reported", 10),
    ]
    assert finance["text"].splitlines()[:9] == [
        "【催办】计划财务科：超期2项、未报送2项（2023年7月10日）",
        "",
        "计划财务科：以下节点需要关注（数据截至2023年7月10日）。",
        "",
        "超期（2项）",
        "1. (2) 中山医院青浦新城院区完成地下结构施工",
        "   2023年第二季度，2023年6月30日到期，已超期10天",
        "   最近报告：滞后（2023年6月25日）：施工许可办理延后，预计7月下旬开工。",
        "   查看：plans/2023-qingpu/i02/#m-q2",
    ]
    assert finance["text"].endswith(
        "本部门全部任务和台账下载：units/qingpu/jihua-caiwuke/\n"
        "报送方式：在计划仓库提交进展文件，或填写台账后交督查室（台账见附件 计划财务科-2023-Q3.xlsx）。\n"
        "本提醒由 jindu 根据计划和进展报告自动生成。\n"
    )


def test_the_schedule_is_a_function_of_the_date():
    """7 and 1 days before, the day after it falls 未报送, Mondays; nothing on other days; a
    closed plan is not chased; a group is reminded through its members."""
    from conftest import ROOT

    portfolio = load_portfolio([ROOT / "plans"])
    policy = Policy(before=(7, 1), chase_every=7)

    def units(day: date) -> dict[str, list[str]]:
        found = reminders(compute_status(portfolio, day), policy, {})
        return {f"{r.organization}/{r.unit}": r.triggers for r in found}

    assert is_chase_day(date(2023, 7, 10), 7) and not is_chase_day(date(2023, 7, 11), 7)
    assert units(date(2023, 7, 11)) == {}  # a Tuesday, ten days after the quarter: nothing new
    first = units(date(2023, 7, 1))  # the day after the second quarter's milestones fell due
    assert first and all(triggers == ["fell-due"] for triggers in first.values())
    before = units(date(2023, 9, 23))  # a Saturday 7 days before the third quarter's due date
    assert before and all(triggers == ["before-7"] for triggers in before.values())
    assert units(date(2023, 9, 29)) == {k: ["before-1"] for k in before}
    assert not [k for k in units(date(2024, 1, 8)) if k.startswith("qingpu/")]  # the plan has ended
    grouped = reminders(
        compute_status(portfolio, date(2023, 7, 10)),
        policy,
        {("qingpu", "4-jia-gongli-yiliaojigou"): ["qu-zhongyiyiyuan", "zhujiajiao-renmin-yiyuan"]},
    )
    names = {r.unit for r in grouped}
    assert "4-jia-gongli-yiliaojigou" not in names and {"qu-zhongyiyiyuan", "zhujiajiao-renmin-yiyuan"} <= names
    hospital = next(r for r in grouped if r.unit == "zhujiajiao-renmin-yiyuan")
    assert {i.role for i in hospital.items} >= {"group"}


# --------------------------------------------------------------------------- e-mail


@pytest.fixture
def smtp_server():
    """A local SMTP server (aiosmtpd) that keeps what it receives: (port, received)."""
    with Mailbox() as box:
        yield box.port, box.received


def smtp_env(port: int) -> dict:
    return {"JINDU_SMTP_HOST": "127.0.0.1", "JINDU_SMTP_PORT": str(port), "JINDU_SMTP_STARTTLS": "0"}


def test_mail_delivers_exactly_the_dry_runs_messages_once_a_day(office, smtp_server):
    port, received = smtp_server
    planned = dry_run(office)
    sent = jindu(office, "remind", "--as-of", MONDAY, env=smtp_env(port))
    assert sent.returncode == 0, sent.stderr
    assert sent.stderr.strip().splitlines()[-1] == "jindu remind: 47 departments, 47 messages, 47 sent, 0 failed"
    mails = [email.message_from_bytes(content, policy=policy.default) for _, content in received]
    assert sorted((m["Subject"], m["To"]) for m in mails) == sorted(
        (p["subject"], ", ".join(p["recipients"])) for p in planned
    )
    assert sorted(rcpt[0] for rcpt, _ in received) == sorted(p["recipients"][0] for p in planned)
    finance = next(m for m in mails if m["To"] == "jihua-caiwuke@qingpu.example.gov.cn.invalid")
    raw = next(content for rcpt, content in received if rcpt == ["jihua-caiwuke@qingpu.example.gov.cn.invalid"])
    assert b"Subject: =?utf-8?" in raw  # encoded, so that mail readers show the Chinese subject
    assert str(finance["From"]) == "督查室 <duchashi@example.gov.cn.invalid>"
    body = finance.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body == next(p["text"] for p in planned if p["unit"] == "jihua-caiwuke")
    [attachment] = list(finance.iter_attachments())
    assert attachment.get_filename() == "计划财务科-2023-Q3.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert book.sheetnames == ["报送", "指标", "jindu"]
    # The same day again: nothing is sent twice.
    again = jindu(office, "remind", "--as-of", MONDAY, "--format", "markdown", env=smtp_env(port))
    assert again.returncode == 0, again.stderr
    assert len(received) == 47
    assert again.stderr.strip().splitlines()[-1] == "jindu remind: 47 departments, 47 messages, 0 sent, 0 failed"
    assert "| 计划财务科 | 2 | 2 | 0 | email 今天已发送 |" in again.stdout


def test_a_department_without_an_address_is_named_and_the_others_still_go(office, smtp_server):
    port, received = smtp_server
    path = office / "plans" / "qingpu" / "directory.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    email: [jihua-caiwuke@qingpu.example.gov.cn.invalid]\n", ""), encoding="utf-8")
    run = jindu(office, "remind", "--as-of", MONDAY, env=smtp_env(port))
    assert run.returncode == 0, run.stderr
    assert (
        "jindu remind: email: no e-mail address for 计划财务科 (qingpu/jihua-caiwuke); add `email:` to the unit in "
        "its directory"
    ) in run.stderr
    assert len(received) == 46


# --------------------------------------------------------------------------- robots


class Robot:
    """A local HTTP server standing in for a work-chat robot: keeps each request, answers with
    the scripted statuses (then 200) and the robot's JSON."""

    def __init__(self, answers: list[int] | None = None, ok: dict | None = None) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.answers = list(answers or [])
        robot = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                robot.requests.append((self.path, body))
                status = robot.answers.pop(0) if robot.answers else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(ok or {"errcode": 0, "errmsg": "ok"}).encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def robots():
    made: list[Robot] = []

    def make(*args, **kwargs) -> Robot:
        made.append(Robot(*args, **kwargs))
        return made[-1]

    yield make
    for robot in made:
        robot.close()


def hmac_b64(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def test_each_robot_gets_its_format_signed_and_split(office, robots):
    wecom, dingtalk, feishu = robots(), robots(), robots(ok={"code": 0, "msg": "success"})
    configure(
        office,
        [
            {"type": "wecom", "webhook_env": "WECOM_URL"},
            {"type": "dingtalk", "webhook_env": "DING_URL", "secret_env": "DING_SECRET"},
            {"type": "feishu", "webhook_env": "FEISHU_URL", "secret_env": "FEISHU_SECRET"},
        ],
    )
    env = {
        "WECOM_URL": f"{wecom.url}/cgi-bin/webhook/send?key=wecom-key-1",
        "DING_URL": f"{dingtalk.url}/robot/send?access_token=ding-token-1",
        "DING_SECRET": "SECding-secret",
        "FEISHU_URL": f"{feishu.url}/open-apis/bot/v2/hook/feishu-hook-1",
        "FEISHU_SECRET": "feishu-secret",
    }
    run = jindu(
        office,
        "remind",
        "--as-of",
        MONDAY,
        "--channel",
        "wecom",
        "--channel",
        "dingtalk",
        "--channel",
        "feishu",
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "jindu remind: 47 departments, 141 messages, 141 sent, 0 failed"
    # 企业微信: text messages of at most 2048 bytes; a long one in numbered parts.
    assert all(p == "/cgi-bin/webhook/send?key=wecom-key-1" for p, _ in wecom.requests)
    contents = [body["text"]["content"] for _, body in wecom.requests]
    assert all(body["msgtype"] == "text" for _, body in wecom.requests)
    assert max(len(c.encode()) for c in contents) <= 2048 and len(contents) > 47
    assert any(c.startswith("【催办】医政医管科：未报送21项（2023年7月10日）（续2/") for c in contents)
    # 钉钉: signed in the address with HMAC-SHA256("timestamp\nsecret") keyed by the secret.
    for path, body in dingtalk.requests:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        stamp, sign = query["timestamp"][0], query["sign"][0]
        assert query["access_token"] == ["ding-token-1"]
        assert sign == hmac_b64(b"SECding-secret", f"{stamp}\nSECding-secret".encode())
        assert body["msgtype"] == "text" and body["text"]["content"].startswith("【催办】")
    # 飞书: signed in the body with HMAC-SHA256 keyed by "timestamp\nsecret" over nothing.
    for path, body in feishu.requests:
        assert path == "/open-apis/bot/v2/hook/feishu-hook-1"
        assert body["sign"] == hmac_b64(f"{body['timestamp']}\nfeishu-secret".encode(), b"")
        assert body["msg_type"] == "text" and body["content"]["text"].startswith("【催办】")
    assert len(dingtalk.requests) == len(feishu.requests) == 47


def test_a_failing_robot_is_retried_reported_and_never_leaks_its_key(office, robots, smtp_server):
    port, received = smtp_server
    flaky, down = robots(answers=[500, 502]), robots(answers=[500] * 1000)
    configure(
        office,
        [
            {"type": "email", "host": "smtp.example.gov.cn.invalid", "sender": "督查室 <d@example.gov.cn.invalid>"},
            {"name": "flaky", "type": "wecom", "webhook_env": "FLAKY_URL"},
            {"name": "down", "type": "dingtalk", "webhook_env": "DOWN_URL", "secret_env": "DOWN_SECRET"},
        ],
        retries=3,
    )
    planted = {
        "FLAKY_URL": f"{flaky.url}/send?key=PLANTED-KEY-7f3a",
        "DOWN_URL": f"{down.url}/send?access_token=PLANTED-TOKEN-9c1b",
        "DOWN_SECRET": "PLANTED-SECRET-2d4e",
        "JINDU_SMTP_PASSWORD": "PLANTED-PASSWORD-5e6f",
    }
    summary = office / "summary.md"
    run = jindu(office, "remind", "--as-of", MONDAY, "--summary", str(summary), env={**smtp_env(port), **planted})
    assert run.returncode == 1
    assert len(received) == 47  # mail still went out
    posted = [body["text"]["content"] for _, body in flaky.requests]
    assert len(posted) == len(set(posted)) + 2  # the first part needed three attempts, the rest one
    assert len(down.requests) == 47 * 3
    failures = [line for line in run.stderr.splitlines() if line.startswith("jindu remind: failed: ")]
    assert len(failures) == 47
    assert failures[0].startswith("jindu remind: failed: down → ")
    assert failures[0].endswith(": the dingtalk robot answered HTTP 500")
    everything = run.stdout + run.stderr + summary.read_text(encoding="utf-8")
    for secret in planted.values():
        assert secret not in everything
    # A second run sends only what failed.
    down.answers.clear()
    again = jindu(office, "remind", "--as-of", MONDAY, env={**smtp_env(port), **planted})
    assert again.returncode == 0, again.stderr
    assert len(received) == 47 and len(flaky.requests) == len(posted) and len(down.requests) == 47 * 4


# --------------------------------------------------------------------------- untrusted text


def test_plan_text_stays_text_in_every_channel(office, robots):
    plan = office / "plans" / "qingpu" / "2023-key-work.yaml"
    text = plan.read_text(encoding="utf-8")
    hostile = "中山医院[点我](http://evil.example/x) @all <b>粗</b> www.evil.example **加粗** `code`"
    plan.write_text(text.replace("中山医院青浦新城院区完成地下结构施工", hostile, 1), encoding="utf-8")
    directory = office / "plans" / "qingpu" / "directory.yaml"
    names = directory.read_text(encoding="utf-8")
    directory.write_text(
        names.replace("name: 计划财务科", "name: '计划财务科|[x](http://evil.example)'", 1), encoding="utf-8"
    )
    wecom = robots()
    configure(office, [{"type": "wecom", "webhook_env": "WECOM_URL"}])
    summary = office / "summary.md"
    run = jindu(
        office, "remind", "--as-of", MONDAY, "--summary", str(summary), env={"WECOM_URL": wecom.url + "/send?key=k"}
    )
    assert run.returncode == 0, run.stderr
    posted = "\n".join(body["text"]["content"] for _, body in wecom.requests)
    assert "中山医院[点我](hxxp[:]//evil[.]example/x) @all <b>粗</b> www[.]evil[.]example **加粗** `code`" in posted
    assert "http://evil" not in posted and "www.evil.example" not in posted
    digest = summary.read_text(encoding="utf-8")
    assert "| 计划财务科\\|\\[x\\](hxxp\\[:\\]//evil\\[.\\]example) | 2 | 2 | 0 | wecom 已发送 |" in digest


def test_inert_defangs_links_and_drops_controls():
    assert (
        inert("见 https://a.example.com/x 和 www.b.cn\u202e，\x1b[31m红")
        == "见 hxxps[:]//a[.]example[.]com/x 和 www[.]b[.]cn，[31m红"
    )
    assert inert("版本 2.0，增长 3.5%") == "版本 2.0，增长 3.5%"


def test_a_long_message_is_cut_at_line_ends_within_the_limit():
    text = "【催办】某科：超期99项（2023年7月10日）\n" + "".join(
        f"{n}. " + "很长的任务名称" * 20 + "\n" for n in range(60)
    )
    message = Message(
        "wecom", "wecom", "o", "u", "某科", [], "【催办】某科：超期99项（2023年7月10日）", text, [], date(2023, 7, 10)
    )
    parts = message.parts()
    assert len(parts) > 2 and all(len(p.encode()) <= 2048 for p in parts)
    assert parts[1].startswith(f"【催办】某科：超期99项（2023年7月10日）（续2/{len(parts)}）\n")
    rebuilt = parts[0] + "".join(p.split("\n", 1)[1] for p in parts[1:])
    assert rebuilt == text


# --------------------------------------------------------------------------- issued bulletins


def test_an_issued_bulletin_is_delivered_once_with_its_pdf_and_link(tmp_path, smtp_server, robots):
    """Issue a bulletin in an office repository, commit it, and deliver what the commit brought:
    the archived PDF itself by e-mail to the directory's `bulletin: email:`, its link to the
    group robot; a second run sends nothing; sample-data issues are never delivered."""
    from conftest import ROOT

    port, received = smtp_server
    wecom = robots()
    office = tmp_path / "office"
    shutil.copytree(ROOT / "plans" / "minhang", office / "plans" / "minhang")
    directory = office / "plans" / "minhang" / "directory.yaml"
    text = directory.read_text(encoding="utf-8")
    assert "\nbulletin:\n" not in text
    directory.write_text(
        text.replace(
            "\npeople:\n",
            "\nbulletin:\n  report_to: [区政府办公室]\n  email: [zhengfuban@example.gov.cn.invalid]\npeople:\n",
            1,
        ),
        encoding="utf-8",
    )
    config = {
        "site_url": "https://www.example.gov.cn/jindu/",
        "reminders": {
            "channels": [
                {"type": "email", "host": "smtp.example.gov.cn.invalid", "sender": "督查室 <d@example.gov.cn.invalid>"},
                {"type": "wecom", "webhook_env": "WECOM_URL"},
            ]
        },
    }
    (office / "jindu.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    git_in(office, "init", "-q", "-b", "main")
    git_in(office, "add", "-A")
    git_in(office, "commit", "-qm", "plans")
    issued = jindu(office, "bulletin", "issue", "2023-minhang", "--period", "2023-Q1", "--date", "2023-04-10")
    assert issued.returncode == 0, issued.stderr
    git_in(office, "add", "-A")
    git_in(office, "commit", "-qm", "issue 2023-Q1")
    env = {**smtp_env(port), "WECOM_URL": wecom.url + "/send?key=k"}
    planned = jindu(office, "bulletin", "deliver", "--since", "HEAD~1", "--dry-run", "--format", "json", env=env)
    assert planned.returncode == 0, planned.stderr
    messages = json.loads(planned.stdout)
    assert [(m["channel"], m["recipients"]) for m in messages] == [
        ("email", ["zhengfuban@example.gov.cn.invalid"]),
        ("wecom", []),
    ]
    assert messages[0]["subject"] == "【工作简报】重点工作进展简报第1期（2023年第一季度）"
    assert messages[0]["text"].splitlines()[2:] == [
        "上海市闵行区卫生健康委员会于2023年4月10日印发《重点工作进展简报》第1期，通报2023年第一季度重点工作进展（数据截至2023年3月31日）。",
        "全文：https://www.example.gov.cn/jindu/plans/2023-minhang/bulletins/2023-q1.pdf",
        "报：区政府办公室",
        "本消息由 jindu 在简报印发后自动发送。",
    ]
    sent = jindu(office, "bulletin", "deliver", "--since", "HEAD~1", env=env)
    assert sent.returncode == 0, sent.stderr
    [(rcpt, raw)] = received
    mail = email.message_from_bytes(raw, policy=policy.default)
    [pdf] = list(mail.iter_attachments())
    assert rcpt == ["zhengfuban@example.gov.cn.invalid"] and mail["Subject"] == messages[0]["subject"]
    assert pdf.get_filename() == "2023-minhang-2023-q1.pdf" and pdf.get_content_type() == "application/pdf"
    assert pdf.get_content() == (office / "issued" / "2023-minhang" / "2023-q1.pdf").read_bytes()
    [(_, posted)] = wecom.requests
    assert (
        "全文：https://www.example.gov.cn/jindu/plans/2023-minhang/bulletins/2023-q1.pdf" in posted["text"]["content"]
    )
    again = jindu(office, "bulletin", "deliver", "--since", "HEAD~1", env=env)
    assert again.returncode == 0 and len(received) == 1 and len(wecom.requests) == 1
    assert again.stdout.splitlines() == [
        "email → 2023-minhang/2023-q1: 此前已发送",
        "wecom → 2023-minhang/2023-q1: 此前已发送",
    ]
    nothing = jindu(office, "bulletin", "deliver", "--since", "HEAD", env=env)
    assert nothing.returncode == 0 and nothing.stdout == ""


def test_sample_data_issues_are_never_delivered(office):
    record = office / "issued" / "2023-qingpu" / "2023-q2.json"
    shutil.copytree(Path(__file__).resolve().parents[1] / "issued", office / "issued")
    run = jindu(office, "bulletin", "deliver", str(record), "--dry-run", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []
    assert "jindu bulletin deliver: 2023-qingpu 2023-q2: not delivered (printed from sample data)" in run.stderr
