"""Learner-facing text in English or Traditional Chinese (繁體中文).

``say(english, **fields)`` returns the sentence in the learner's language. The
English sentence is its own key (as with gettext), so code stays readable; the
Traditional Chinese catalogue is ``kata/core/zh_tw.py``. The language is
``KATA_LANG`` (``en`` or ``zh-TW``), else the learner's choice (kept in ``.kata/lang`` by
``python -m kata lang zh-TW``), else a ``zh_TW`` locale, else English.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ENGLISH = "en"
CHINESE = "zh-TW"
LANGUAGES = (ENGLISH, CHINESE)
BETWEEN_CHINESE = re.compile(r"(?<=[\u3400-\u9fff）」]) (?=[\u3400-\u9fff（「])")
CHOSEN = Path(__file__).resolve().parents[2] / ".kata" / "lang"  # python -m kata lang


def language() -> str:
    """``"zh-TW"`` or ``"en"``, from KATA_LANG, then the learner's choice, then the locale."""
    wanted = os.environ.get("KATA_LANG", "")
    if not wanted:
        try:
            wanted = CHOSEN.read_text(encoding="utf-8").strip()[:16]
        except (OSError, UnicodeError):
            wanted = ""
    if not wanted:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
            if os.environ.get(name):
                wanted = os.environ[name]
                break
    normal = wanted.replace("_", "-").lower()
    return CHINESE if normal.startswith(("zh-tw", "zh-hant")) else ENGLISH


def say(english: str, **fields) -> str:
    """``english`` in the learner's language, with ``fields`` filled in."""
    template = english
    if language() == CHINESE:
        from kata.core.zh_tw import TEXT

        template = TEXT.get(english, english)
        fields = {name: "空值" if value is None else value for name, value in fields.items()}
        text = template.format(**fields) if fields else template
        return BETWEEN_CHINESE.sub("", text)  # a field that is Chinese: no space beside it
    return template.format(**fields) if fields else template
