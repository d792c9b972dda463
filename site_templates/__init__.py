"""jindu's templates, shipped inside the package as `jindu.site_templates`.

pages/ (the generated Markdown pages), print/ (the bulletin's HTML and CSS), assets/ (the
site's CSS and scripts), overrides/ (theme partials) and scaffold/ (what `jindu new`
writes). An office overrides one file by placing its own copy under its templates folder
(jindu/templating.py). FORMAT is the templates' format: it goes up when a template's
variables or a file's role changes, so an override written for an older format is refused
with a message instead of printing a wrong page.
"""

FORMAT = 1
