"""Bulletins: the 工作简报, a numbered PDF per plan per period.

`series` decides which periods a plan's series has and numbers its issues; `compose`
turns a status report into a `Bulletin` of plain values (counts, lists, the period's
battle map specs) with every word in the UI language; `press` lays a Bulletin out in the
print template and prints it, caching PDFs by content and printing misses in a process
pool; `printing` runs WeasyPrint with a sealed URL fetcher, fixed dates and identifier.
"""
