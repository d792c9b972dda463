"""Words: everything a reader sees that is not plan text, in Chinese and English.

`labels` holds every UI word in both languages (with the state icons); `changes` puts a
plan change into words; `addresses` is the SiteMap (where each page lives and the relative
links between pages); `names` gives units, people and organizations their display names
and tasks their headings. Pages, charts, bulletins and the diff all take their words here.
"""
