"""Charts: specs decided from the status report, then drawn, cached and checked.

`specs` holds the chart spec types (plain data: every word, date, link and tooltip a
chart shows) and `planner` decides one spec per chart from the status report. The
drawing code knows nothing of plans: `figures` draws battle maps, trajectories and
summaries with matplotlib, `strip` the task timeline as hand-made SVG, `style` the
shared colours and marks, and `svgdoc` finishes and allow-lists the SVG before it is
inlined. `cache` keeps drawn files by the hash of their spec and draws misses in a
process pool; `fonts` finds the CJK font and `glyphs` reports plan text it cannot draw.
"""
