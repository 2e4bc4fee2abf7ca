"""Pages shown in the preview."""

from __future__ import annotations

import html

import markdown
from sqlalchemy.orm import Session

from . import articles
from .settings import SiteSettings


def preview_html(session: Session, article_id: int) -> str:
    article = articles.get(session, article_id)
    body = markdown.markdown(article.body, extensions=["extra", "smarty"])
    return (
        "<!doctype html><html><head><meta charset='utf-8'></head><body>"
        f"<h1>{html.escape(article.headline)}</h1><p>{html.escape(article.standfirst)}</p>"
        f"{body}</body></html>"
    )


def empty_page(site: SiteSettings) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'></head><body>"
        f"<p>{html.escape(site.name)}: no article yet. Create one with File › New.</p>"
        "</body></html>"
    )
