"""Archive: issued bulletins, kept in the repository byte for byte as they were printed.

An issued bulletin (已印发的简报) is an official document: once issued it is archived and
quoted, so the site publishes the committed file and never prints it again. The archive is
a folder beside `plans/` (default `issued/`), one folder per plan:

    issued/2023-minhang/2023-q2.pdf        the issued file (2023-q2.en.pdf: English edition)
    issued/2023-minhang/2023-q2.json       its record: what it was printed from
    issued/2023-minhang/2023-q2-c1.pdf     a correction (更正) of that issue, with its own record

The record pins everything the print depended on (the plans' commit, the as-of date, the
language, the jindu version, the base URL and PDF variant) and the file's SHA-256 and size.
`jindu bulletin reproduce RECORD` prints it again from the pin with the same jindu version
and compares the bytes; a later version may print the same data differently, which is why
the record is the file and not the pin.

`read_archive` never follows a symbolic link and never reads outside the archive folder; a
file that no longer matches its record is an error, because an issued document must not
change silently (a correction is a new issue).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from jindu.diagnostics.diagnostic import Diagnostics, Mark
from jindu.history.gitrepo import Commit, GitError, GitRepo
from jindu.plans.loading import display_path
from jindu.words.locale import file_suffix

RECORD_VERSION = 1
_NAME = re.compile(r"^(?P<period>\d{4}(?:-\d{2}|-q[1-4]|-h[12])?)(?:-c(?P<correction>[1-9]\d?))?(?:\.(?P<lang>en))?$")


class ArchiveError(ValueError):
    """An issue cannot be recorded (it exists already, say); the message says what to do."""


@dataclass(frozen=True)
class IssueRecord:
    """What one issued file was printed from, and the file's fingerprint."""

    plan: str
    period: str  # 2023-Q2, as the series writes it
    number: int  # 第N期
    lang: str
    as_of: str  # ISO date the figures are as of
    issued_on: str  # ISO date the office issued it
    commit: str  # full hash of the plans' commit it was printed from
    jindu: str  # the jindu version that printed it
    sha256: str
    bytes: int
    pages: int
    correction: int = 0  # 0: the issue itself; n: its n-th correction
    base_url: str = ""
    pdf_variant: str = ""
    sample: bool = False  # counts `sample: true` reports (and says so on every page)
    templates: str = ""  # SHA-256 of the templates it was printed with (templating.Templates.digest)
    lock: str = ""  # SHA-256 of the packages it was printed with (issuing.packages_digest)
    rules: str = (
        ""  # the status rules it was printed under, e.g. "due_soon_days=30 report_grace_days=0 about_tolerance=0.05"
    )
    version: int = RECORD_VERSION

    @property
    def name(self) -> str:
        stem = self.period.lower() + (f"-c{self.correction}" if self.correction else "")
        return stem + file_suffix(self.lang)

    @property
    def issued_on_date(self) -> date:
        return date.fromisoformat(self.issued_on)

    @property
    def as_of_date(self) -> date:
        return date.fromisoformat(self.as_of)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class IssuedFile:
    """An issued bulletin as the archive holds it."""

    record: IssueRecord
    pdf: bytes
    record_path: Path

    @property
    def path(self) -> str:
        """Where the site publishes it."""
        return f"plans/{self.record.plan}/bulletins/{self.record.name}.pdf"


def fingerprint(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def _error(diagnostics: Diagnostics, path: Path, message: str, hint: str) -> None:
    diagnostics.add("E-ISSUED", message, Mark(display_path(path)), hint=hint)


def read_archive(folder: Path | None, diagnostics: Diagnostics) -> list[IssuedFile]:
    """Every issued bulletin under `folder`, each checked against its record, in plan and
    number order. Problems are errors in `diagnostics`; a missing folder is an empty archive."""
    if folder is None or not folder.is_dir() or folder.is_symlink():
        return []
    issued: list[IssuedFile] = []
    for plan_dir in sorted(folder.iterdir()):
        if plan_dir.name.startswith("."):
            continue
        if plan_dir.is_symlink() or not plan_dir.is_dir():
            _error(
                diagnostics,
                plan_dir,
                "the archive holds one folder per plan; this is not a folder (or is a symbolic link, "
                "which jindu never follows)",
                "move it out of the archive folder",
            )
            continue
        for record_path in sorted(plan_dir.glob("*.json")):
            if record_path.name.endswith(WITHDRAWN):
                _check_withdrawal(record_path, diagnostics)  # a withdrawal record, not an issue's
                continue
            found = _read_one(record_path, plan_dir.name, diagnostics)
            if found is not None:
                issued.append(found)
        records = {p.stem for p in plan_dir.glob("*.json") if not p.name.endswith(WITHDRAWN)}
        for pdf_path in sorted(plan_dir.glob("*.pdf")):
            if pdf_path.stem not in records:
                _error(
                    diagnostics,
                    pdf_path,
                    "an issued bulletin without its record",
                    f"issue bulletins with `jindu bulletin issue`, which writes {pdf_path.stem}.json beside the PDF",
                )
    return sorted(issued, key=lambda f: (f.record.plan, f.record.lang, f.record.number, f.record.correction))


def check_permanence(folder: Path | None, diagnostics: Diagnostics) -> None:
    """Every file ever committed to the archive is still there, byte for byte: an issued
    bulletin is corrected by a correction (更正) beside it, never deleted or rewritten. An issue
    withdrawn by a withdrawal record (itself permanent) may be removed, and its name issued
    again: the file there must then be as the first commit since the withdrawal left it. Errors in `diagnostics`;
    outside a git repository (or without git) there is no history to hold it to."""
    if folder is None:
        return
    withdrawn = {(p.parent.name, p.name.removesuffix(WITHDRAWN)) for p in folder.glob(f"*/*{WITHDRAWN}") if p.is_file()}
    try:
        start = folder if folder.exists() else folder.parent
        repo = GitRepo.find(start.resolve())
        rel = repo.relative(folder.resolve())
        history = repo.file_history([rel or "."])
        added: dict[str, Commit] = {}
        for path, events in history.items():
            if not path.endswith((".pdf", ".json")):
                continue
            key = (Path(path).parent.name, Path(path).name.removesuffix(".pdf").removesuffix(".json"))
            if key not in withdrawn:
                added[path] = next((c for c, status, _ in events if status == "A"), events[0][0])
                continue
            # Issued again after its withdrawal (often in the same commit, which git sees as a
            # change, not an addition): held to the first commit since the withdrawal that has it.
            record = history.get(f"{Path(path).parent.as_posix()}/{key[1]}{WITHDRAWN}")
            if record is None or not (repo.root / path).is_file():
                continue  # withdrawn and gone, or the withdrawal is not committed yet
            withdrawn_at = record[0][2]
            later = [c for c, status, rank in events if rank >= withdrawn_at and status in ("A", "M")]
            if later:
                added[path] = later[0]
        present = [p for p in added if (repo.root / p).is_file() and not (repo.root / p).is_symlink()]
        now = repo.worktree_blob_ids(present)
        issued: dict[str, str] = {}
        for sha in {c.sha for c in added.values()}:
            issued.update(repo.blob_ids(sha, [p for p, c in added.items() if c.sha == sha]))
    except GitError:
        return
    for path, commit in sorted(added.items()):
        when = f"commit {commit.short} ({commit.date.isoformat()})"
        restore = f"restore it: git checkout {commit.short} -- {path}"
        if path not in now:
            _error(
                diagnostics,
                repo.root / path,
                f"issued in {when} and deleted since; an issued bulletin and its record are permanent",
                f"{restore}; to correct an issue, issue a correction beside it (jindu bulletin issue … --correction)",
            )
        elif path in issued and now[path] != issued[path]:
            _error(
                diagnostics,
                repo.root / path,
                f"changed since it was issued in {when}; an issued bulletin and its record never change",
                f"{restore}; to correct an issue, issue a correction beside it (jindu bulletin issue … --correction)",
            )


def _check_withdrawal(path: Path, diagnostics: Diagnostics) -> None:
    """A withdrawal record lets an issued file leave the archive: it must be one, for that file."""
    name = path.name.removesuffix(WITHDRAWN)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    fields = set(Withdrawal.__dataclass_fields__)
    ok = (
        isinstance(data, dict)
        and set(data) == fields
        and all(isinstance(data[k], str) for k in fields)
        and data["plan"] == path.parent.name
        and data["name"] == name
        and re.fullmatch(r"[0-9a-f]{64}", data["sha256"]) is not None
        and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["withdrawn_on"]) is not None
        and bool(data["reason"].strip())
    )
    if not ok:
        _error(
            diagnostics,
            path,
            "this withdrawal record cannot be read: a withdrawal names its plan, the file, its SHA-256, "
            "the date and the reason",
            "restore it from git; withdrawal records are written by `jindu bulletin withdraw`",
        )


def _read_one(record_path: Path, plan_id: str, diagnostics: Diagnostics) -> IssuedFile | None:
    pdf_path = record_path.with_suffix(".pdf")
    if record_path.is_symlink() or pdf_path.is_symlink():
        _error(
            diagnostics,
            record_path,
            "a symbolic link in the archive; jindu never follows links there",
            "commit the issued files themselves",
        )
        return None
    try:
        record = load_record(record_path)
    except ValueError as error:
        _error(
            diagnostics,
            record_path,
            f"this issue record cannot be read: {error}",
            "restore it from git (git checkout -- FILE); records are written by `jindu bulletin issue`",
        )
        return None
    if record.plan != plan_id or record.name != record_path.stem or _NAME.match(record_path.stem) is None:
        _error(
            diagnostics,
            record_path,
            f"the record is for {record.plan}/{record.name}.pdf, not for this file",
            "restore it from git; records are written by `jindu bulletin issue`",
        )
        return None
    if not pdf_path.is_file():
        _error(
            diagnostics,
            record_path,
            f"the issued file {pdf_path.name} is missing",
            "restore it from git; an issued bulletin is published as committed and never printed again",
        )
        return None
    pdf = pdf_path.read_bytes()
    if fingerprint(pdf) != record.sha256 or len(pdf) != record.bytes:
        _error(
            diagnostics,
            pdf_path,
            "this issued bulletin no longer matches its record (SHA-256 or size differ): an issued "
            "document never changes",
            "restore it from git; to correct an issued bulletin, issue a correction "
            "(jindu bulletin issue PLAN --period P --correction)",
        )
        return None
    return IssuedFile(record, pdf, record_path)


_FIELDS = {
    "plan": re.compile(r"[a-z0-9][a-z0-9-]{0,63}"),
    "period": re.compile(r"\d{4}(?:-\d{2}|-Q[1-4]|-H[12])?"),
    "lang": re.compile(r"zh|en"),
    "as_of": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "issued_on": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "commit": re.compile(r"[0-9a-f]{40}"),
    "jindu": re.compile(r"[0-9A-Za-z.+-]{1,32}"),
    "sha256": re.compile(r"[0-9a-f]{64}"),
    "pdf_variant": re.compile(r"(?:pdf/(?:a-3b|a-3u|ua-1))?"),
    "templates": re.compile(r"(?:[0-9a-f]{64})?"),
    "lock": re.compile(r"(?:[0-9a-f]{64})?"),
    "rules": re.compile(r"(?:due_soon_days=\d{1,4} report_grace_days=\d{1,4} about_tolerance=0(?:\.\d{1,6})?)?"),
}
_NUMBERS = {"number": None, "bytes": None, "pages": None, "correction": 0, "version": RECORD_VERSION}


def load_record(path: Path) -> IssueRecord:
    """The record in the file at `path`; ValueError saying why (never quoting it) otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(type(error).__name__) from None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError alike
        raise ValueError("not JSON") from None
    reason = _invalid(data)
    if reason:
        raise ValueError(reason)
    return IssueRecord(**data)


def _invalid(data: object) -> str:
    """Why `data` is not an issue record ("" when it is one). The reason never quotes the
    file: a record is text from the repository, and the reason goes to CI logs."""
    if not isinstance(data, dict):
        return "not a JSON object"
    unknown = set(data) - set(IssueRecord.__dataclass_fields__)
    if unknown:
        return f"{len(unknown)} unknown field(s)"
    for name, pattern in _FIELDS.items():
        value = data.get(name, "" if name in ("pdf_variant", "templates", "lock", "rules") else None)
        if not isinstance(value, str) or not pattern.fullmatch(value):
            return f"the field {name!r} is missing or malformed"
    for name, default in _NUMBERS.items():
        value = data.get(name, default)
        if type(value) is not int or value < 0:
            return f"the field {name!r} is not a whole number"
    for name in ("base_url", "sample"):
        if name in data and not isinstance(data[name], str if name == "base_url" else bool):
            return f"the field {name!r} is malformed"
    try:
        date.fromisoformat(data["as_of"])
        date.fromisoformat(data["issued_on"])
    except ValueError:
        return "a date in it does not exist"
    return ""


WITHDRAWN = ".withdrawn.json"  # PLAN/<name>.withdrawn.json: the record that withdraws issue <name>


@dataclass(frozen=True)
class Withdrawal:
    """The record that withdraws an issued bulletin: it stays in the archive for good, so the
    withdrawn file may leave it (its bytes remain in git history, its fingerprint here)."""

    plan: str
    name: str  # the withdrawn file's name without suffix, e.g. 2023-q1
    sha256: str  # the withdrawn PDF's
    withdrawn_on: str
    reason: str
    jindu: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def withdraw_issue(folder: Path, issued: IssuedFile, reason: str, day: date, version: str) -> Path:
    """Write the withdrawal record of `issued` and remove its PDF and record from the tree."""
    record = issued.record
    path = folder / record.plan / f"{record.name}{WITHDRAWN}"
    if path.exists():
        raise ArchiveError(f"{display_path(path)} exists: {record.name} was withdrawn already")
    if not reason.strip():
        raise ArchiveError("a withdrawal says why: give --reason")
    withdrawal = Withdrawal(record.plan, record.name, record.sha256, day.isoformat(), " ".join(reason.split()), version)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(withdrawal.to_json(), encoding="utf-8")
    staging.replace(path)
    issued.record_path.with_suffix(".pdf").unlink()
    issued.record_path.unlink()
    return path


def write_issue(folder: Path, record: IssueRecord, pdf: bytes) -> tuple[Path, Path]:
    """Write an issued file and its record under `folder`; refuses to replace either."""
    plan_dir = folder / record.plan
    pdf_path, record_path = plan_dir / f"{record.name}.pdf", plan_dir / f"{record.name}.json"
    for path in (pdf_path, record_path):
        if path.exists() or path.is_symlink():
            raise ArchiveError(
                f"{display_path(path)} exists: an issued bulletin is never replaced; "
                "issue a correction instead (--correction)"
            )
    plan_dir.mkdir(parents=True, exist_ok=True)
    for path, data in ((pdf_path, pdf), (record_path, record.to_json().encode("utf-8"))):
        staging = path.with_name(f".{path.name}.tmp")
        staging.write_bytes(data)
        staging.replace(path)  # a reader never sees half a file
    return pdf_path, record_path


def next_correction(issued: list[IssuedFile], plan: str, period: str, lang: str) -> int:
    """The correction number the next issue of `period` gets: 0 when it was never issued."""
    numbers = [
        f.record.correction
        for f in issued
        if f.record.plan == plan and f.record.period.lower() == period.lower() and f.record.lang == lang
    ]
    return max(numbers) + 1 if numbers else 0
