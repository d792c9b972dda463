"""Theme: what jindu adds to a site engine's configuration, whichever engine builds it.

jindu's theme partials (footer, header, search box, reader toggles) read `extra.jindu_words`
and `extra.jindu_as_of`, and the pages need jindu's stylesheet and scripts. The MkDocs plugin
adds these in `on_config`; `jindu site` writes them into the configuration it hands an engine
(`publish/engineconfig.py`). Both take them from here, so every engine shows the same words.
"""

from __future__ import annotations

import datetime as dt

from jindu.site.search import SEARCH_WORDS
from jindu.words.locale import Words

STYLESHEETS = ("assets/jindu.css", "assets/jindu-search.css")
SCRIPTS = ("assets/jindu-readers.js", "assets/jindu-search.js")


def theme_words(lang: str) -> dict[str, str]:
    """The words jindu's theme partials show, in one language."""
    words = Words(lang)
    return {
        "as_of": words("as_of"),
        "host": words("footer_host"),
        "site_code": words("footer_site_code"),
        "badge": words("footer_badge"),
        "correction": words("footer_correction"),
        "colon": words.marks.colon,
        "readers": words("readers"),
        "large_text": words("large_text"),
        "high_contrast": words("high_contrast"),
        **{key: words(key) for key in SEARCH_WORDS},
    }


def theme_extra(lang: str, as_of: dt.date) -> dict[str, object]:
    """The entries jindu adds to the site configuration's `extra`."""
    return {"jindu_as_of": as_of.isoformat(), "jindu_words": theme_words(lang)}
