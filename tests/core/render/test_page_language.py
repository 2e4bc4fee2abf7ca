"""The page in the article's language: its own language (or the site's), French labels,
dates and typography, the same in the preview, the export and the WordPress body."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
import pytest

from desk.cli.run import main
from desk.core.articles import editing as articles, frontmatter
from desk.core.site import pages, settings
from desk.core.errors import InputError
from desk.core.export.exporter import export_site
from desk.core.site.languages import article_language
from desk.core.publish.plan import post_content
from desk.core.render import BodyRenderer, render_body
from desk.core.render import assets
from desk.core.render.labels import LABELS, date_time_text, label
from desk.core.render.service import render_incremental
from desk.core.render.typography import NBSP, NNBSP, french_html, french_text

from tests.core.export_helpers import override_checklist

FRENCH_BODY = ('Le ministre a dit "nous irons jusqu\'au bout" ; vraiment? '
               "Voir https://example.org/a?b=1:2 et `a ; b : c ?` ici.\n\n"
               "```\nx = \"a\" ; y = 1 ?\n```\n\n"
               '[le site](https://example.org/q?x=1 "titre : oui")\n')


# --- typography ---------------------------------------------------------------------

def test_french_typography_of_text():
    assert french_text("« Oui » ; non : peut-être ! Pourquoi?") == (
        f"«{NBSP}Oui{NBSP}»{NNBSP}; non{NBSP}: peut-être{NNBSP}! Pourquoi{NNBSP}?")
    assert french_text("\u201cOui\u201d dit-il") == f"«{NBSP}Oui{NBSP}» dit-il"
    assert french_text("l'homme") == "l’homme"
    # Times, ratios, "?!" and entities keep their characters.
    assert french_text("à 14:05, en 3:2") == "à 14:05, en 3:2"
    assert french_text("Quoi?! AT&amp;T") == f"Quoi{NNBSP}?! AT&amp;T"


def test_french_typography_never_touches_code_urls_attributes_or_credits():
    html = ('<p title="a ; b : c ?">Voir <a href="https://x.org/?a=1;b=2">https://x.org/?a=1;b=2</a> ; '
            '<code>a ; b ?</code> fin!</p><pre><code>x ; y ?\n</code></pre>'
            '<figure><figcaption><span class="caption">Photo : la place</span> '
            '<span class="credit">©AFP ; Paris</span></figcaption></figure>')
    out = french_html(html)
    assert out == ('<p title="a ; b : c ?">Voir <a href="https://x.org/?a=1;b=2">https://x.org/?a=1;b=2</a>'
                   f'{NNBSP}; <code>a ; b ?</code> fin{NNBSP}!</p><pre><code>x ; y ?\n</code></pre>'
                   f'<figure><figcaption><span class="caption">Photo{NBSP}: la place</span> '
                   '<span class="credit">©AFP ; Paris</span></figcaption></figure>')


def test_french_body_rendered_incrementally_equals_one_pass():
    body = FRENCH_BODY + "\n\nUn autre paragraphe : « citation »!\n"
    one_pass = render_body(body, language="fr")
    renderer = BodyRenderer(language="fr")
    assert renderer.render(body) == one_pass
    assert "\u00ab\u00a0nous irons jusqu\u2019au bout\u00a0\u00bb\u202f; vraiment\u202f?" in one_pass
    assert "<code>a ; b : c ?</code>" in one_pass
    assert 'x = "a" ; y = 1 ?' in one_pass or "x = &quot;a&quot; ; y = 1 ?" in one_pass
    assert 'href="https://example.org/q?x=1"' in one_pass and 'title="titre : oui"' in one_pass
    assert "https://example.org/a?b=1:2" in one_pass


def test_english_bodies_are_unchanged_byte_for_byte():
    body = FRENCH_BODY.replace("Le ministre", "The minister")
    assert render_body(body, language="en") == render_body(body)
    assert render_body(body, language="en-GB") == render_body(body)
    renderer = BodyRenderer()
    renderer.use_language("en")
    assert renderer.render(body) == render_body(body)


# --- the catalogue ------------------------------------------------------------------

def _template_sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in assets.templates_dir().glob("*.html")}


def test_every_template_label_has_its_french():
    used = set()
    for name, source in _template_sources().items():
        used |= set(re.findall(r"""\bt\("((?:[^"\\]|\\.)*)"\s*[,)]""", source))
    assert {"Home", "Related Articles", "This article was originally published on",
            "{minutes} min read", "Updated"} <= used
    missing = sorted(u for u in used if "fr" not in LABELS.get(u, {}))
    assert missing == [], f"template labels without French: {missing}"


def test_no_template_has_visible_english_outside_the_catalogue():
    """Text between tags (and aria-label, title, alt values) must come through t()."""
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    offenders = []
    for name, source in _template_sources().items():
        # The template with every Jinja tag, expression and comment made a blank.
        plain = "".join(value if kind == "data" else " " for _line, kind, value in env.lex(source))
        text = re.sub(r"<[^>]*>", " ", plain)
        # Attribute values people hear or see, written literally in the tag.
        said = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', plain)
        for words in [*text.split("\n"), *said]:
            if re.search(r"[A-Za-z]{2,}", words):
                offenders.append((name, words.strip()))
    assert offenders == []


def test_french_dates_from_tables():
    moment = dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.timezone.utc)
    assert date_time_text(moment, "fr") == "2\u00a0décembre 2026 à 14\u00a0h\u00a005 UTC"
    assert date_time_text(moment.replace(day=1, month=8), "fr-CA").startswith("1er\u00a0août 2026")
    assert date_time_text(moment, "en") == "2 December 2026, 14:05 UTC"
    assert label("{minutes} min read", "fr", minutes=3) == "3\u00a0min de lecture"
    with pytest.raises(KeyError):
        label("Not a label", "fr")


# --- from the article to the page -----------------------------------------------------

def _french_article(db, **fields):
    with db.write() as s:
        settings.save(s, base_url="https://news.example.org")
        article = articles.create(
            s, "Réforme : le gouvernement recule", body=FRENCH_BODY, language="fr",
            source_name="lindependant.fr", source_url="https://www.lindependant.fr/x",
            status="draft", **fields)
        return article.id


def _assert_french_page(html: str) -> None:
    assert '<html lang="fr" dir="auto">' in html
    assert '<meta property="og:locale" content="fr_FR">' in html
    assert '"inLanguage": "fr"' in html
    assert ">Accueil</a>" in html and ">Home<" not in html
    assert "Mis à jour le <time" in html or "Publié le <time" in html
    assert re.search(r"\d{1,2}(?:er)?\u00a0(?:janvier|février|mars|avril|mai|juin|juillet|août|"
                     r"septembre|octobre|novembre|décembre) \d{4} à \d{1,2}\u00a0h\u00a0\d\d", html)
    assert "1\u00a0min de lecture" in html
    assert "Cet article a été publié initialement sur" in html
    assert "Réforme\u00a0: le gouvernement recule</h1>" in html
    assert "\u00ab\u00a0nous irons jusqu\u2019au bout\u00a0\u00bb\u202f; vraiment\u202f?" in html
    assert "<code>a ; b : c ?</code>" in html


def test_french_article_in_preview_and_desk_render(db):
    article_id = _french_article(db)
    with db.read() as s:
        article = articles.get(s, article_id)
        assert article_language(article, settings.load(s)) == "fr"
        page = pages.build_page(s, article)
        stored = pages.render_article(s, article)
    preview, _pieces = render_incremental(page)  # the window's renderer process
    assert preview == stored
    _assert_french_page(preview)


def test_french_article_in_the_export(db, tmp_path):
    article_id = _french_article(db, byline="Marie Dupont", category="Politique")
    with db.write() as s:
        articles.update(s, articles.get(s, article_id), status="published",
                        published_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc))
    override_checklist(db, article_id)
    out = tmp_path / "site"
    export_site(db, out)
    page = next(out.glob("2026/12/01/*/index.html"))
    html = page.read_text(encoding="utf-8")
    _assert_french_page(html)
    assert "Publié le <time" in html and "1er\u00a0décembre 2026 à 10\u00a0h\u00a030 CET" in html
    # The English site's feeds say which entry is French.
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">' \
        in (out / "atom.xml").read_text(encoding="utf-8")
    assert '<entry xml:lang="fr">' in (out / "atom.xml").read_text(encoding="utf-8")
    assert "<dc:language>fr</dc:language>" in (out / "feed.xml").read_text(encoding="utf-8")


def test_french_typography_in_the_wordpress_body():
    content = post_content(FRENCH_BODY, [], {}, "fr")
    assert "\u00ab\u00a0nous irons jusqu\u2019au bout\u00a0\u00bb\u202f; vraiment\u202f?" in content
    assert "<code>a ; b : c ?</code>" in content
    assert post_content(FRENCH_BODY, [], {}, "en") == post_content(FRENCH_BODY, [], {})
    assert "\u00ab" not in post_content(FRENCH_BODY, [], {}, "en")


def test_the_wordpress_plan_takes_the_article_language(db):
    from desk.core.publish.plan import PublishPlan

    article_id = _french_article(db)
    with db.read() as s:
        article = articles.get(s, article_id)
        language = article_language(article, settings.load(s))
    assert language == "fr"
    assert "language" in PublishPlan.__dataclass_fields__


# --- front matter and the command line -------------------------------------------------

def test_front_matter_language_is_read_and_checked(tmp_path):
    tz = settings.DEFAULTS.tz
    good = tmp_path / "a.md"
    good.write_text("---\ntitle: Bonjour\nlanguage: fr_ca\n---\nCorps.\n", encoding="utf-8")
    assert frontmatter.parse_file(good, tz).language == "fr-CA"
    bad = tmp_path / "b.md"
    bad.write_text("---\ntitle: Hello\nslug: hello\nlanguage: 'not a tag'\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        frontmatter.parse_file(bad, tz)
    assert str(err.value) == f"{bad}:4: language 'not a tag' must be a language tag such as en, fr or fr-CA"


def test_cli_imports_sets_and_follows_the_site_language(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    story = tmp_path / "story.md"
    story.write_text("---\ntitle: A story\nslug: a-story\n---\nShe said: \"yes\"!\n", encoding="utf-8")
    french = tmp_path / "fr.md"
    french.write_text("---\ntitle: Une histoire\nslug: une-histoire\nlanguage: fr\n---\nElle a dit : oui!\n",
                      encoding="utf-8")
    assert main(["--db", db, "import", str(story), str(french)]) == 0
    assert main(["--db", db, "language", "une-histoire"]) == 0
    assert main(["--db", db, "language", "a-story"]) == 0
    out = capsys.readouterr().out
    assert "fr\n" in out and "en (the site's default)" in out
    out_file = tmp_path / "p.html"
    assert main(["--db", db, "render", "a-story", "--out", str(out_file)]) == 0
    english = out_file.read_text(encoding="utf-8")
    assert '<html lang="en"' in english and ">Home</a>" in english and "1 min read" in english
    # The site's default switches: the article without its own language follows it.
    assert main(["--db", db, "settings", "set", "language", "fr"]) == 0
    assert main(["--db", db, "render", "a-story", "--out", str(out_file)]) == 0
    french_page = out_file.read_text(encoding="utf-8")
    assert '<html lang="fr"' in french_page and ">Accueil</a>" in french_page
    assert "Elle" not in french_page and "She said\u00a0: \u00ab\u00a0yes\u00a0\u00bb\u202f!" in french_page
    # Its own language wins again; "default" gives it back to the site.
    assert main(["--db", db, "language", "a-story", "en"]) == 0
    assert main(["--db", db, "render", "a-story", "--out", str(out_file)]) == 0
    assert '<html lang="en"' in out_file.read_text(encoding="utf-8")
    assert main(["--db", db, "language", "a-story", "default"]) == 0
    assert main(["--db", db, "language", "a-story", "nope nope"]) == 2
    assert "must be a language tag" in capsys.readouterr().err
