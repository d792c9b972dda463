"""Vocabulary: the words of a portfolio, and the search tokens of a text.

The search index is made of tokens, not of the text readers see. A run of Chinese
characters gives two kinds of token:

- its words, cut by jieba with a user dictionary of the portfolio's own vocabulary (unit
  names and aliases, people, indicator, section and plan titles), in jieba's search mode
  (家庭医生 → 家庭, 医生, 家庭医生), so a query that is a whole word matches it exactly;
- its character bigrams and its last character (医联体 → 医联, 联体, 体), so a token
  starts at every character: whatever a segmenter makes of a query, each of its pieces
  is the prefix of a token where the text holds it. The browser also asks for a query's
  bigrams (`assets/jindu-search.js`), the way CJK full-text engines do.

Pagefind matches each word of a query as the prefix of a token, and in a Chinese page it
first splits the query into words with the browser's Intl.Segmenter, which knows none of
the portfolio's names: the bigrams and last characters are what make that safe.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A vocabulary word is a name: long phrases stay out (their bigrams and words find them).
LONGEST_WORD = 12
# The frequency a vocabulary word gets: high enough that jieba keeps it whole.
WORD_FREQUENCY = 100_000


def vocabulary_of(portfolio) -> list[str]:
    """The portfolio's own words, sorted: names of organizations, units (and their
    aliases) and people, and the names of indicators, sections and plans."""
    words: set[str] = set()
    for doc in portfolio.directories.values():
        directory = doc.model
        words.update(filter(None, (directory.organization.name, directory.organization.short_name)))
        for unit in directory.units:
            words.update([unit.name, *unit.aliases])
        words.update(person.name for person in directory.people)
    for plan_id in portfolio.plans:
        plan = portfolio.plan(plan_id)
        for section in plan.sections:
            words.add(section.title)
        for entry in portfolio.index(plan_id).entries:
            words.update(indicator.name for indicator in entry.task.indicators)
    names: set[str] = set()
    for word in words:
        names.update(run for run in HAN.findall(word) if 2 <= len(run) <= LONGEST_WORD)
    return sorted(names)


class Segmenter:
    """Search tokens of texts, with the words of one vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = sorted(set(vocabulary))
        self._tokenizer: jieba.Tokenizer | None = None  # made on first use: a warm build needs none
        self._run_tokens = lru_cache(maxsize=1 << 16)(self._tokens_of_run)
        # The tokens of runs an earlier build cut with the same vocabulary (search.RecordCache):
        # a page that changed a little is mostly made of them, and jieba's dictionary takes a
        # second to load. `made` holds the runs cut here.
        self.known: Mapping[str, str] = {}
        self.made: dict[str, str] = {}

    def _tokens_of_run(self, run: str) -> str:
        if len(run) == 1:
            return run
        found = self.known.get(run)
        if found is not None:
            return found
        self.made[run] = tokens = self._cut(run)
        return tokens

    def _cut(self, run: str) -> str:
        if self._tokenizer is None:
            self._tokenizer = jieba.Tokenizer()
            for word in self.vocabulary:
                self._tokenizer.add_word(word, WORD_FREQUENCY)
        words = [w for w in self._tokenizer.cut_for_search(run, HMM=False) if len(w) > 1]
        bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
        # The last character too, so a token starts at every character of the run: the
        # browser splits a Chinese query into words (Intl.Segmenter) that must each begin a
        # token (胡炯 → 胡 + 炯).
        return " ".join(dict.fromkeys([*words, *bigrams, run[-1]]))

    def tokens(self, text: str) -> str:
        """`text` with each run of Chinese characters replaced by its tokens, spaced."""
        return HAN.sub(lambda m: f" {self._run_tokens(m.group(0))} ", text)
