"""Every 繁體中文 text of the kata follows its style (``kata/curriculum/zh_style.py``): the sentence
catalogue, the registry, the stubs' text, README.zh-TW.md and the zh-TW notebooks."""

import ast
import json
import re

import pytest

from kata import ROOT
from kata.core import zh_tw
from kata.curriculum import stub_text, zh_style

pytestmark = pytest.mark.integrity

CHINESE = re.compile(f"[{zh_style.CJK}]")


def is_sentence(english: str, chinese: str) -> bool:
    """Whether a catalogue entry is a sentence (it must end with 。): its English ends with a
    period, or is long and has clauses; a path or a command at the end, or a note in
    brackets, is not."""
    if english.rstrip().endswith("."):
        return True
    clauses = len(english) > 40 and re.search(r"[;:.] ", english)
    ends_with_code = re.search(r"：[ -~]+$", chinese)  # a command to paste, as is
    return (
        bool(clauses)
        and not chinese.lstrip().startswith("（")
        and chinese[-1:] != "/"
        and not ends_with_code
    )


def texts():
    """``(where, text, is a sentence)`` for every 繁體中文 text the learner may read."""
    for english, chinese in zh_tw.TEXT.items():
        yield f"zh_tw.py: {english[:50]!r}", chinese, is_sentence(english, chinese)
    for module in ("core/steps.py", "notebook/cells.py"):
        tree = ast.parse((ROOT / "kata" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CHINESE.search(node.value):
                    yield f"{module}:{node.lineno}", node.value, False
    for module, blocks in stub_text.CHINESE_TEXT.items():
        for key, block in blocks.items():
            yield f"stub_text.py: {module} {key!r}", block, False
    for path in [ROOT / "README.zh-TW.md", *sorted(ROOT.glob("*.zh-TW.ipynb"))]:
        if path.suffix == ".md":
            yield path.name, path.read_text(encoding="utf-8"), False
            continue
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.name}, cell {number}", "".join(cell["source"]), False


def test_every_chinese_text_follows_the_style():
    found = [
        f"{where}: {problem}"
        for where, text, sentence in texts()
        for problem in zh_style.problems(text, sentence)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "text",
    [
        "第 7 步（analyse） 60 秒後停止。",  # a space after a full-width bracket
        "無法匯入： ModuleNotFoundError。",  # a space after a full-width colon
        "讀它的說明文字: 好。",  # a half-width colon after Chinese
        "從 標籤 122 開始。",  # a space between two Chinese characters
        "請 adapt TextVectorization。",  # an English verb
        "在檢查 test_reads_an_exported_log_dir 時失敗。",  # a test function's name
        "端到端的檢查通過了。",  # not Taiwan's word
        "載入評論。",
        "kata 出貨時的版本。",
        "它以 0 結束。",
    ],
)
def test_the_style_linter_catches_what_a_native_reader_flagged(text):
    assert zh_style.problems(text, sentence=True)


def test_a_sentence_ends_as_a_sentence():
    assert zh_style.problems("已重新檢查 step2_pad.py", sentence=True)
    assert not zh_style.problems("已重新檢查 step2_pad.py（3.6 秒）。", sentence=True)
    assert not zh_style.problems("對 TextVectorization 呼叫 `adapt()`，結束代碼為 0。")
