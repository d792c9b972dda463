"""Printing: one HTML document and its print stylesheet to PDF bytes with WeasyPrint.

What this module guarantees, whoever calls it:

- **No fetch leaves the build.** WeasyPrint loads every URL it meets (images, stylesheets,
  `url()` in CSS) through a fetcher. The build embeds its own assets (charts, the QR code)
  as `data:` URLs, so the fetcher serves `data:` URLs and nothing else: a `file://`,
  `http://` or any other URL stops the render with `UnsafeFetch`, which names the URL. The templates escape plan text, so such a
  URL can only come from a template bug, and failing loudly finds it.
- **Same input, same bytes.** The PDF's dates come from the caller (`created`, never the
  clock) and its file identifier is a hash of the document, so two renders are identical.
- **Fonts embedded as subsets**: WeasyPrint's default. `subsetter()` tells whether the fast
  HarfBuzz subsetter is there (Debian's libharfbuzz-subset0); without it WeasyPrint falls
  back to fontTools, about ten times slower on CJK fonts, and the build says so.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from jindu.logtrap import warnings_of

VARIANTS = ("pdf/a-3b", "pdf/a-3u", "pdf/ua-1")


class PrintError(RuntimeError):
    """A document could not be printed; the message says which and why."""


class UnsafeFetch(PrintError):
    """A document asked for a URL outside the build (a file, a web address)."""


def subsetter() -> str:
    """'harfbuzz' when WeasyPrint subsets fonts with libharfbuzz-subset, else 'fonttools'."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"


SLOW_SUBSETTER = (
    "libharfbuzz-subset0 is not installed: WeasyPrint subsets the CJK fonts with fontTools, "
    "about ten times slower; install it (bash scripts/system-deps.sh)"
)


def data_url(data: bytes, mime: str) -> str:
    """Embed bytes in the document itself, so printing needs no fetch."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def make_fetcher():
    """A WeasyPrint URL fetcher that serves `data:` URLs and refuses every other URL."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class Refused(UnsafeFetch, FatalURLFetchingError):
        """Raised inside WeasyPrint; a FatalURLFetchingError stops the render at once."""

    class SealedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.split(":", 1)[0].lower() == "data":
                return super().fetch(url, headers)
            raise Refused(
                f"the document asked for {url[:200]!r}; bulletins may use only data: URLs, "
                "so nothing outside the build is ever read"
            )

    return SealedFetcher()


# Relative URLs resolve against this base, which no fetcher serves.
BASE_URL = "jindu-print:/"


@dataclass(frozen=True)
class PrintOptions:
    created: datetime  # written as the PDF's creation and modification date
    variant: str | None = None  # pdf/a-3b, pdf/a-3u or pdf/ua-1; None: plain tagged PDF 1.7
    tagged: bool = True


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...] = ()  # what WeasyPrint warned about (an ignored CSS rule, say)
    subsetter: str = ""  # `subsetter()` where it was printed ("": read from the cache)


def print_pdf(html: str, css: str, options: PrintOptions) -> Printed:
    """Render `html` with the stylesheet `css` to PDF bytes. Raises UnsafeFetch on any URL
    but `data:`, PrintError on an unknown variant."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    if options.variant is not None and options.variant not in VARIANTS:
        raise PrintError(f"PDF variant {options.variant!r} is not supported; use one of {', '.join(VARIANTS)}")
    fetcher = make_fetcher()
    stamp = options.created.isoformat(timespec="seconds")
    html = html.replace(
        "</head>",
        f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}"></head>',
        1,
    )
    identifier = hashlib.sha256(f"{html}\x00{css}\x00{options}".encode()).hexdigest()[:32].encode("ascii")
    try:
        with warnings_of("weasyprint") as warned:
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
                stylesheets=[CSS(string=css, base_url=BASE_URL, url_fetcher=fetcher)], pdf_tags=options.tagged
            )
            pdf = document.write_pdf(
                pdf_identifier=identifier, pdf_variant=options.variant, pdf_tags=options.tagged, uncompressed_pdf=False
            )
    except FatalURLFetchingError as error:
        cause = error if isinstance(error, UnsafeFetch) else error.__cause__
        raise UnsafeFetch(str(cause or error)) from None
    if pdf is None:  # write_pdf without a target always returns bytes
        raise PrintError("WeasyPrint returned no PDF")
    return Printed(pdf, len(document.pages), tuple(warned), subsetter())
