"""Bring the interface's translations in step with the sources, then compile them.

    .venv/bin/python tools/update_translations.py

pyside6-lupdate reads every ``translate("Context", "text")`` (and QT_TRANSLATE_NOOP) in
desk/ and updates resources/translations/desk_fr.ts (every text) and desk_en.ts (only the
plural forms: English needs "1 article" / "3 articles" from "%n article(s)"); texts no
longer in the sources are dropped. New texts are left "unfinished" for a translator (Qt
Linguist, or any editor), and tests/ui/i18n/test_translations.py fails until they are done.
pyside6-lrelease then writes the .qm files the application loads; they are committed
next to the .ts (tests check they match), so a checkout runs without a build step and
the wheel carries them with resources/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("fr", "en")
# pyside6-lupdate marks a Python text as plural only when its count is a literal number, so
# the rule is ours: a text holding %n (or %Ln, the count in the locale's digits) has plural
# forms — French 2 (0 and 1 singular), English 2 — and English keeps only those.
PLURAL_MARKS = ("%n", "%Ln")
FORMS = {"fr": 2, "en": 2}


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this Python's environment")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desk").rglob("*.py"))


def lupdate(ts: Path, language: str) -> str:
    """Update ``ts`` from the sources (texts gone from them are dropped), then give the
    plural texts their forms."""
    args = [tool("pyside6-lupdate"), *sources(), "-ts", str(ts), "-locations", "none",
            "-source-language", "en", "-target-language", language, "-no-obsolete"]
    kept = plural_forms(ts) if ts.exists() else {}  # lupdate folds them to one form
    run = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    mark_plurals(ts, language, kept)
    return run.stdout + run.stderr


def is_plural(source: str) -> bool:
    return any(mark in source for mark in PLURAL_MARKS)


def plural_forms(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) → the forms translated so far, for each plural text of ``ts``."""
    forms = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found = [f.text or "" for f in message.iter("numerusform")]
            if found:
                forms[(name, message.findtext("source") or "")] = found
    return forms


def mark_plurals(ts: Path, language: str, kept: dict[tuple[str, str], list[str]]) -> None:
    tree = ET.parse(ts)
    root = tree.getroot()
    for context in list(root.iter("context")):
        name = context.findtext("name") or ""
        for message in list(context.iter("message")):
            source = message.findtext("source") or ""
            if not is_plural(source):
                if language == "en":
                    context.remove(message)  # English needs only the plural forms
                continue
            translation = message.find("translation")
            forms = translation.findall("numerusform")
            if message.get("numerus") != "yes" or len(forms) != FORMS[language]:
                message.set("numerus", "yes")
                texts = kept.get((name, source)) or [f.text or "" for f in forms] or [translation.text or ""]
                for child in list(translation):
                    translation.remove(child)
                translation.text = None
                for i in range(FORMS[language]):
                    form = ET.SubElement(translation, "numerusform")
                    form.text = texts[i] if i < len(texts) else ""
                if all(texts) and len(texts) >= FORMS[language]:
                    translation.attrib.pop("type", None)
                else:
                    translation.set("type", "unfinished")
        if not context.findall("message"):
            root.remove(context)
    ET.indent(tree, "    ")
    with open(ts, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)
        out.write(b"\n")


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT,
                   capture_output=True, text=True, check=True)


def main() -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        ts = TRANSLATIONS / f"desk_{language}.ts"
        print(lupdate(ts, language).strip())
        lrelease(ts, ts.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
