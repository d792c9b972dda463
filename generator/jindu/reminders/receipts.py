"""Receipts: which reminders went out on a day, so a re-run of the same day sends none twice.

One JSON file per day in the receipts folder (`reminders: receipts:` in jindu.yml, by default
.cache/jindu-reminders, which the shipped workflows keep between runs of a day). A message is
recorded the moment its channel accepts it, so a run that fails half-way sends only the rest
when it is run again. The e-mail Message-ID is derived from the same key, so a mail system that
drops duplicates drops a copy even where the folder was lost.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path


class Receipts:
    """The day's delivered messages by receipt key (`Message.receipt_key`)."""

    def __init__(self, folder: Path | None, day: date | str) -> None:
        name = day.isoformat() if isinstance(day, date) else day  # a day's file, or a named one (bulletins)
        self.path = folder / f"{name}.json" if folder else None
        self.sent: dict[str, str] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged record is a fresh day: better one copy too many than none
            if isinstance(data, dict):
                self.sent = {str(k): str(v) for k, v in data.items()}

    def has(self, key: str) -> bool:
        return key in self.sent

    def record(self, key: str, subject: str) -> None:
        """Note `key` as delivered, written at once (atomically) so a crash keeps what went out."""
        self.sent[key] = subject
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".json.partial")
        partial.write_text(json.dumps(self.sent, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, self.path)
