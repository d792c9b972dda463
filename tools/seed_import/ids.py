"""Ids for people and units, from their Chinese names (pinyin), stable once written."""

from __future__ import annotations

import re

import jieba
from pypinyin import lazy_pinyin

jieba.setLogLevel(60)


def person_id(name: str) -> str:
    syllables = lazy_pinyin(name)
    return f"{syllables[0]}-{''.join(syllables[1:])}".lower()


def unit_id(name: str) -> str:
    words = [w for w in jieba.lcut(name) if w.strip()]
    parts = ["".join(lazy_pinyin(w)) for w in words]
    slug = "-".join(re.sub(r"[^a-z0-9]", "", p.lower()) for p in parts)
    slug = re.sub(r"-+", "-", slug).strip("-")
    if len(slug) > 48:
        slug = "".join(s[0] for s in lazy_pinyin(name) if s and s[0].isalnum()).lower()
    return slug


def unit_kind(name: str) -> str:
    if name.startswith(("各", "相关", "部分", "系统内")) or "等" in name or "其他" in name:
        return "group"
    if re.search(r"(科|处|办|室|审批办)$", name) and not name.startswith(("区", "市", "省")):
        return "department"
    if re.search(r"(局|政府|镇|街道|委|学院|公司|编办|大学)$", name) or name.startswith(("市", "省", "江苏", "上海")):
        return "external"
    return "affiliated"
