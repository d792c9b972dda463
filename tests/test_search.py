"""Search records and tokens (site/search.py, site/vocabulary.py), and a real Pagefind index
read back. The browser test (test_browser.py) asks the built seed site the issue's queries."""

from __future__ import annotations

import json

import pytest

from jindu.plans.loading import load_portfolio
from jindu.site.bundles import parts_of, write_index
from jindu.site.search import RecordCache, SearchRecord, record_of, scope_of
from jindu.site.vocabulary import Segmenter, vocabulary_of
from search_bundle import search_fragments


def test_tokens_are_words_bigrams_and_the_last_character():
    segmenter = Segmenter(["医联体"])
    assert segmenter.tokens("深化医联体建设").split() == [
        "深化",
        "联体",
        "医联体",
        "建设",
        "化医",
        "医联",
        "体建",
        "设",
    ]  # fmt: skip  (jieba's words in search mode, then the bigrams not already there)
    assert segmenter.tokens("Q2 完成").split() == ["Q2", "完成", "成"]
    assert segmenter.tokens("胡").split() == ["胡"]


def test_the_vocabulary_holds_the_portfolios_names(root):
    words = vocabulary_of(load_portfolio([root / "plans"]))
    for name in ("胡炯", "疾病预防科", "青浦区卫健委"):
        assert name in words
    assert all(2 <= len(w) <= 12 for w in words)
    assert Segmenter(words).tokens("胡炯同志").split()[0] == "胡炯"


@pytest.mark.parametrize(
    "path, generated, scope",
    [
        ("plans/2023-qingpu/i14.md", True, "whole"),
        ("plans/2023-qingpu/index.md", True, "summary"),
        ("units/qingpu/jibing-yufang-ke.md", True, "summary"),
        ("people/qingpu/hu-jiong.md", True, "summary"),
        ("units/index.md", True, "title"),
        ("calendar/2023-07.md", True, "title"),
        ("attention.md", True, "title"),
        ("plans/2020-xinbei/forms/form.md", True, "title"),
        ("index.md", True, "title"),
        ("how-to/import.md", False, "whole"),
    ],
)
def test_scope_by_page(path, generated, scope):
    assert scope_of(path, generated) == scope


PAGE = """<h1>1 推进医联体建设</h1>
<p class="jd-crumbs"><a href="../">2023年计划</a> › 一、改革</p>
<p class="jd-asof">数据截至 2023-07-15</p>
<div class="jd-verdict"><span class="jd-status">超期</span><p class="jd-reason">超期12天</p></div>
<p>推进紧密型<b>医联体</b>建设。</p>
<table><tr><td>第一季度</td><td>完成方案</td><td><span class="jd-status">未报送</span></td></tr></table>
<figure><svg><text>图表文字</text></svg></figure>
"""


def test_a_task_record_keeps_its_own_text_and_drops_what_changes_daily():
    record = record_of("plans/p/t1/", "1 推进医联体建设", PAGE, "whole")
    assert record.context == "2023年计划 › 一、改革"
    assert record.text == "推进紧密型医联体建设。 第一季度 完成方案"


def test_summary_and_title_records_leave_out_their_listings():
    assert record_of("units/u/", "疾病预防科", PAGE, "summary").text == "推进紧密型医联体建设。"
    listing = record_of("calendar/2023-07/", "月", PAGE.replace("1 推进医联体建设", "2023年7月", 1), "title")
    assert (listing.title, listing.text, listing.context) == ("2023年7月", "", "2023年计划 › 一、改革")


def test_a_real_index_reads_back_with_text_kept_as_text(tmp_path):
    probe = '<img src=x onerror=alert(1)> "引号" & 医联体'
    records = [
        SearchRecord("plans/p/t1/", probe, "计划 › 板块", "正文" + probe, "whole"),
        SearchRecord("units/u/", "疾病预防科", "部门", "", "summary"),
    ]
    cache = RecordCache(tmp_path / "cache.json", "salt")
    write_index(tmp_path / "site", records, Segmenter(["医联体"]), "zh", cache)
    cache.save()
    found = {r["url"]: r for r in search_fragments(tmp_path / "site")}
    assert found["/plans/p/t1/"]["meta"] == {"title": probe, "context": "计划 › 板块", "text": "正文" + probe}
    assert "医联体" in found["/plans/p/t1/"]["content"].split()
    assert found["/units/u/"]["meta"] == {"title": "疾病预防科", "context": "部门"}
    again = RecordCache(tmp_path / "cache.json", "salt")
    write_index(tmp_path / "site", records, Segmenter([]), "zh", again)
    assert (again.hits, again.misses) == (2, 0)
    other = RecordCache(tmp_path / "cache.json", "another vocabulary")
    write_index(tmp_path / "site", records, Segmenter([]), "zh", other)
    assert (other.hits, other.misses) == (0, 2)


def test_records_and_the_bundle_come_from_the_cache_when_nothing_changed(tmp_path):
    page = "<h1>疾病预防科</h1><p class='jd-crumbs'>部门 › 青浦</p>"
    first = RecordCache(tmp_path / "cache" / "records-zh.json", "salt")
    record = first.record("units/u/", "疾病预防科", page, "summary")
    write_index(tmp_path / "one", [record], Segmenter([]), "zh", first)
    first.save()
    kept = list((tmp_path / "cache" / "records-zh-bundle" / "part-1").iterdir())
    assert len(kept) == 1  # one bundle kept, for this set of documents

    second = RecordCache(tmp_path / "cache" / "records-zh.json", "salt")
    assert len(second.stored_records) == 1
    again = second.record("units/u/", "疾病预防科", page, "summary")
    assert again == record
    write_index(tmp_path / "two", [again], Segmenter([]), "zh", second)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two

    changed = RecordCache(tmp_path / "cache" / "records-zh.json", "salt")
    other = changed.record("units/u/", "疾病预防科", page.replace("青浦", "闵行"), "summary")
    assert other.context == "部门 › 闵行"
    write_index(tmp_path / "three", [other], Segmenter([]), "zh", changed)
    assert [p.name for p in (tmp_path / "cache" / "records-zh-bundle" / "part-1").iterdir()] != [k.name for k in kept]


def test_a_changed_page_made_of_known_runs_is_cut_without_jieba(tmp_path):
    """The runs of Chinese text an earlier build cut are kept with the records: a page whose text
    changed only outside them is tokenized as a fresh segmenter would, without loading jieba."""
    path = tmp_path / "cache" / "records-zh.json"
    before = SearchRecord("plans/p/t1/", "推进医联体建设", "计划 › 板块", "第二季度 已完成 Q2", "whole")
    after = SearchRecord("plans/p/t1/", "推进医联体建设", "计划 › 板块", "已完成 第二季度 Q3", "whole")
    first = RecordCache(path, "salt")
    write_index(tmp_path / "one", [before], Segmenter(["医联体"]), "zh", first)
    first.save()
    assert path.with_name("records-zh-runs.json").is_file()

    second, segmenter = RecordCache(path, "salt"), Segmenter(["医联体"])
    write_index(tmp_path / "two", [after], segmenter, "zh", second)
    assert (second.hits, second.misses) == (0, 1)
    assert segmenter._tokenizer is None  # every run was known: jieba's dictionary was not loaded
    fresh = RecordCache(None, "salt")
    assert second.document(after, segmenter, "zh") == fresh.document(after, Segmenter(["医联体"]), "zh")

    other, cut = RecordCache(path, "another vocabulary"), Segmenter(["医联体"])
    write_index(tmp_path / "three", [after], cut, "zh", other)
    assert cut._tokenizer is not None  # runs cut with another vocabulary are not used


def test_a_preview_and_a_site_build_do_not_evict_each_others_records(tmp_path):
    """`make serve` and `make site` write different pages (the preview lists no drafts): built
    one after the other, each finds its records and its bundle in the cache, not indexed again."""
    cache = tmp_path / "cache" / "records-zh.json"
    site = "<h1>疾病预防科</h1><p class='jd-crumbs'>部门 › 青浦</p><p>草稿简报</p>"
    preview = "<h1>疾病预防科</h1><p class='jd-crumbs'>部门 › 青浦</p>"

    def build(page: str, out: str) -> tuple[RecordCache, bool]:
        search = RecordCache(cache, "salt")
        record = search.record("units/u/", "疾病预防科", page, "task")
        bundle_kept = (
            bool(search.stored_records) and len(list((cache.parent / "records-zh-bundle" / "part-1").iterdir())) == 2
        )
        write_index(tmp_path / out, [record], Segmenter([]), "zh", search)
        search.save()
        return search, bundle_kept

    build(site, "one")
    build(preview, "two")
    third, kept = build(site, "three")
    assert kept and third.hits == 1 and third.misses == 0  # the site's document, from the cache
    lines = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(third.used_records) == 1 and [kind for kind, _, _ in lines].count("r") == 2
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    three = {p.relative_to(tmp_path / "three"): p.read_bytes() for p in (tmp_path / "three").rglob("*") if p.is_file()}
    assert one == three


def test_the_record_cache_is_read_and_written_a_line_at_a_time_and_reads_an_earlier_file(tmp_path):
    """The cache is JSON Lines (a header, then one entry a line), so a large site never holds its
    text whole; the one JSON object an earlier jindu wrote is still read (no page is segmented
    again after an upgrade); a broken file is an empty cache, never an error."""
    from jindu.site.search import CACHE_VERSION, RECORDS_FORMAT

    path = tmp_path / "records-zh.json"
    first = RecordCache(path, "salt")
    record = first.record("plans/p/t01/", "任务一", "<h1>任务一</h1><p>医联体建设</p>", "task")
    first.document(record, Segmenter(["医联体"]), "zh")
    first.save()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": RECORDS_FORMAT, "version": CACHE_VERSION}
    assert sorted(json.loads(line)[0] for line in lines[1:]) == ["d", "r"]
    again = RecordCache(path, "salt")
    assert again.stored == first.used and again.stored_records == first.used_records

    earlier = {"version": CACHE_VERSION, "documents": first.used, "records": first.used_records}
    path.write_text(json.dumps(earlier, ensure_ascii=False), encoding="utf-8")
    upgraded = RecordCache(path, "salt")
    assert upgraded.stored == first.used and upgraded.stored_records == first.used_records

    for broken in (lines[0] + "\n" + lines[1][:40], "{", "", json.dumps({"format": RECORDS_FORMAT, "version": "0"})):
        path.write_text(broken, encoding="utf-8")
        empty = RecordCache(path, "salt")
        assert empty.stored == {} and empty.stored_records == {}, broken


def test_parts_keep_each_plan_together_and_split_only_a_plan_larger_than_a_part():
    documents = [(f"plans/a/t{n}/", "") for n in range(5)] + [("plans/b/", ""), ("plans/b/t1/", ""), ("units/u/", "")]
    parts = parts_of(documents, 3)
    assert [[url for url, _ in part] for part in parts] == [
        ["plans/a/t0/", "plans/a/t1/", "plans/a/t2/"],
        ["plans/a/t3/", "plans/a/t4/"],  # plan a is larger than a part
        ["plans/b/", "plans/b/t1/", "units/u/"],
    ]
    assert parts_of([], 3) == [[]] and len(parts_of(documents, 2000)) == 1


def test_an_index_in_parts_reads_back_whole_and_an_edit_indexes_only_its_part_again(tmp_path):
    path = tmp_path / "cache" / "records-zh.json"
    records = [SearchRecord(f"plans/{p}/t{n}/", f"任务{p}{n}", "计划", "正文", "whole") for p in "abc" for n in (1, 2)]
    first = RecordCache(path, "salt")
    write_index(tmp_path / "one", records, Segmenter([]), "zh", first, per_part=2)
    first.save()
    bundle = tmp_path / "one" / "pagefind"
    assert json.loads((bundle / "jindu-parts.json").read_text()) == ["part-2/", "part-3/"]
    assert (bundle / "pagefind-entry.json").is_file() and (bundle / "part-3" / "pagefind-entry.json").is_file()
    assert sorted(r["url"] for r in search_fragments(tmp_path / "one")) == sorted("/" + r.url for r in records)

    kept = tmp_path / "cache" / "records-zh-bundle"
    before = {part.name: sorted(p.name for p in part.iterdir()) for part in kept.iterdir()}
    edited = [
        r if r.url != "plans/b/t2/" else SearchRecord(r.url, r.title, r.context, "正文 已完成", "whole")
        for r in records
    ]
    second = RecordCache(path, "salt")
    write_index(tmp_path / "two", edited, Segmenter([]), "zh", second, per_part=2)
    after = {part.name: sorted(p.name for p in part.iterdir()) for part in kept.iterdir()}
    # Parts 1 and 3 came from the cache; part 2, plan b's, was indexed again and kept beside the old one.
    assert after["part-1"] == before["part-1"] and after["part-3"] == before["part-3"]
    assert len(after["part-2"]) == 2 and before["part-2"][0] in after["part-2"]
    one, two = tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind"
    assert (one / "part-3" / "pagefind-entry.json").read_bytes() == (
        two / "part-3" / "pagefind-entry.json"
    ).read_bytes()

    fewer = RecordCache(path, "salt")
    write_index(tmp_path / "three", records, Segmenter([]), "zh", fewer)
    assert sorted(p.name for p in kept.iterdir()) == ["part-1"]  # the other parts' bundles are gone
    assert sorted(p.name for p in (tmp_path / "cache" / "records-zh-source").iterdir()) == ["part-1"]
    assert json.loads((tmp_path / "three" / "pagefind" / "jindu-parts.json").read_text()) == []
