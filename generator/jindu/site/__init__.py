"""Site: the generated pages of the public progress site.

`pages` renders every page (home, plan, task, unit, person, month, quarter, attention,
bulletins) as Markdown through the Jinja2 templates in site_templates/pages/; `search`
refines the search index MkDocs writes. Nothing here imports mkdocs: the same pages
build with the plugin or with `jindu render --out`.
"""
