"""The static website: every published article, listings, feeds, sitemap, media.

Public API::

    export_site(db, out, *, full=False, force=False, base_url=None,
                progress=None, cancel=None) -> ExportSummary
    standalone_html(session, article) -> str      # one self-contained HTML file
    ExportSummary, ExportError, ExportCancelled
"""

from desk.core.export.errors import ExportCancelled, ExportError
from desk.core.export.exporter import ExportSummary, export_site

__all__ = ["ExportCancelled", "ExportError", "ExportSummary", "export_site", "standalone_html"]


def __getattr__(name: str):
    # standalone pulls in the renderer and the ORM: only for those who ask for it.
    if name == "standalone_html":
        from desk.core.export.standalone import standalone_html

        return standalone_html
    raise AttributeError(name)
