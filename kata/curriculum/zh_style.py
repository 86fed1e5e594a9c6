"""How the kata writes 繁體中文 (Taiwan), and the linter that holds every text to it.

寫給譯者與維護者：kata 的中文由我們自己寫，照臺灣人的說法寫，不逐字翻譯英文。

- 中文後面用全形標點：，。：；？！（）「」；不在中文後面接半形的 ``:`` ``,`` ``;``。
- 全形括號的內外、全形冒號之後都不留空格：「第 7 步（analyse）執行 60 秒後」。
- 中文與數字或英文之間可以留一個半形空格：「第 2 步」「8,184 個點」。
- 完整的句子以 。、？ 或 ！ 結尾；引號用「」，引號裡再引用用『』。
- 程式碼、檔名、API 名稱與值放在反引號裡（或照終端機裡的樣子寫），讓學員可以直接貼上；
  不用全形標點把兩段程式碼接起來。
- 句子裡不出現測試函式的名稱，也不夾英文動詞：寫「對 TextVectorization 呼叫 ``adapt()``」，
  不寫「adapt TextVectorization」。
- 一個概念只用一個詞，見 ``TERMS``（臺灣用語在左，要避免的在右）。

``problems(text)`` lists what breaks these rules in one text (code in backticks and code
blocks left out); ``selftests/test_zh_style.py`` runs it on every 繁體中文 text of the kata:
the sentence catalogue, the registry, the stubs' text, README.zh-TW.md and the zh-TW
notebooks.
"""

from __future__ import annotations

import re

TERMS = {  # Taiwan's word: the words to avoid for the same idea (regular expressions)
    "端對端": ("端到端",),
    "影評": ("評論",),
    "追蹤訊息": ("錯誤追蹤",),
    "第 N 步": ("步驟 1", "步驟 2", "步驟 3", "步驟 4", "步驟 5", "步驟 6", "步驟 7", "步驟 8"),
    "評分程式": ("評分者", "評分器"),
    "補齊長度後分批": ("補齊成批次",),
    "打亂順序": ("洗牌",),
    "一般化能力": ("泛化",),
    "原本附的版本": ("出貨",),
    "結束代碼為 0": ("以 0 結束",),
    "行程": ("進程",),
    "執行緒": ("線程",),
    "外掛": ("插件",),
    "中繼資料": ("元數據", "元資料"),
    "預設": ("默認",),
    "資料夾": ("文件夾",),
    "資訊": ("信息",),
    "資料": ("數據",),
    "程式碼": ("(?<!結束)代碼",),
    "逾時": ("超時",),
    "儲存格": ("單元格",),
    "執行": ("運行",),
    "呼叫": ("調用",),
    "物件": ("對象",),
    "字串": ("字符串",),
    "變數": ("變量",),
    "印出": ("打印",),
    "實作": ("實現",),
    "支援": ("支持",),
    "記憶體": ("內存",),
    "網路": ("網絡",),
    "使用者": ("用戶",),
    "軟體": ("軟件",),
    "選單": ("菜單",),
    "螢幕": ("屏幕",),
    "連結": ("鏈接",),
    "檔案": ("文件中",),
}
# Latin words a Chinese sentence may carry outside backticks: names of things, not English.
NAMES = {
    "accuracy", "analyse", "api", "autograder", "bubblewrap", "build", "cgroup",
    "checkpoint", "chromium", "class", "colab", "colour", "color", "configure", "count",
    "cpu", "csv", "ctrl", "dir", "docstring", "embedding", "enter", "epoch", "export", "fifo",
    "github", "gradescope", "html", "id", "imdb", "json", "jupyter", "kata", "keras", "lab",
    "label", "lean", "load", "log", "logit", "lint", "macos", "metadata", "nearest", "numpy",
    "pad", "pca", "points", "projector", "pytest", "python", "shell", "spearman", "tab",
    "tensorboard", "tensorflow", "tfds", "tox", "traceback", "train", "tsv", "uid", "unix",
    "utf", "uv", "watch", "by", "ipynb", "pbtxt", "ckpt", "linux", "windows", "git", "zip",
    "ruff", "nbval", "unk", "todo", "board", "end", "to", "error", "mine", "solutions",
    "exercises", "tests", "notebook", "tutorial", "bash", "terminal", "stdin", "stdout",
    "stderr", "sigkill", "pid", "gpu", "ram", "gb", "mb", "kb", "ms", "tmp", "tmpfs", "shm",
    "dev", "home", "etc", "usr", "root", "user", "sandbox", "worker", "harness", "readme",
    "str", "list", "exit", "reset", "clone", "compare", "setpriv", "epochs", "embeddings",
    "distances", "follows", "history", "run", "runs", "lang", "hint", "grade", "check",
}  # fmt: skip
CJK = r"\u3400-\u9fff\uf900-\ufaff"
FULL = "，。：；？！（）「」『』、"
GLOSS = re.compile(rf"（[^{CJK}（）]*）")  # （user namespaces）: the English term, glossed
CODE_LIKE = re.compile(r"[()\[\]='\"_.{}/\\<>*-]|\d")  # a run of code, a path, a value
CODE = re.compile(r"```.*?```|``[^`]*``|`[^`\n]*`", re.DOTALL)
RULES = (
    (re.compile(rf"[{CJK}）」][:,;?!]"), "a half-width mark after Chinese: use ：，；？！"),
    (re.compile(rf"[{CJK}]\((?![^)]*`)"), "a half-width bracket after Chinese: use （）"),
    (re.compile(rf"[{FULL}] +(?=[^\s|])"), "a space after a full-width mark"),
    (re.compile(r"(?<=[^\s|#>]) +[（「]"), "a space before a full-width bracket"),
    (re.compile(rf"[{CJK}] +[{CJK}]"), "a space between two Chinese characters"),
    (re.compile(r"\btest_[a-z]+(?:_[a-z]+){2,}"), "a test function's name: say the check's title"),
)


def without_code(text: str) -> str:
    """``text`` with code spans and code blocks blanked out (they are not prose)."""
    return CODE.sub(lambda match: " " * 0 + "`…`", text)


def problems(text: str, sentence: bool = False) -> list[str]:
    """What in ``text`` (one 繁體中文 text) breaks the kata's style, one line each; with
    ``sentence``, it must also end as a sentence does."""
    prose = without_code(text)
    found = [f"{why}: {match.group()!r}" for rule, why in RULES for match in rule.finditer(prose)]
    for good, bad in TERMS.items():
        found += [f"say {good}, not {word}" for word in bad if re.search(word, prose)]
    chinese = re.search(f"[{CJK}]", prose)
    for run in re.findall(rf"[^{CJK}{FULL}]+", GLOSS.sub("", prose)) if chinese else ():
        if CODE_LIKE.search(run):
            continue  # code, written as a terminal shows it: foo(x=1), 'a good film', a_b
        for word in re.findall(r"[A-Za-z]{3,}", run):
            if word.lower() not in NAMES and word.islower():  # Capitalised: a name, an API
                found.append(f"an English word inside Chinese (backticks for code): {word!r}")
    if sentence and chinese and not re.search(r"(?:[。？！][」）]?|……|：)$", text.rstrip()):
        found.append("a sentence that does not end with 。")
    return found
