"""The notebooks' code comes from the step files: one source, as in numpy-100.

``tutorial.ipynb`` is the answer key: its step cells hold ``solutions/``.
``kata.ipynb`` is the kata in a notebook: generated whole from ``tutorial.ipynb``'s
sections, the registry and ``exercises/``, each step's stub is followed by its
check cell (``kata.check("pad")``, see ``kata.notebook.in_notebook``).

A code cell of tutorial.ipynb whose metadata names a solution file (for example
"kata": {"source": "solutions/step5_export.py"}) holds that file's code, without
its module docstring. After editing a solution, regenerate those cells:

    python -m kata notebook

``tutorial.zh-TW.ipynb`` and ``kata.zh-TW.ipynb`` are their 繁體中文 twins: the same cells and
code. The tutorial's twin keeps only its markdown text (written in Chinese, cell by cell);
the rest comes from tutorial.ipynb. The kata's twin is generated from the same sources, the
stubs' text in Chinese (``kata.curriculum.stub_text``).

A self-test fails when a cell has drifted from its file, or kata.ipynb from what this
module generates. The same command tidies
the stored outputs of a fresh run of the notebook: a progress bar keeps only its
last line, and the NBVAL_SKIP cell (it starts TensorBoard) keeps none.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from kata import ROOT
from kata.core.i18n import CHINESE, ENGLISH

NOTEBOOK = ROOT / "tutorial.ipynb"
KATA_NOTEBOOK = ROOT / "kata.ipynb"
NOTEBOOK_ZH = ROOT / "tutorial.zh-TW.ipynb"  # the twins: the same cells, the text in 繁體中文
KATA_NOTEBOOK_ZH = ROOT / "kata.zh-TW.ipynb"
KATA_NOTEBOOKS = {ENGLISH: KATA_NOTEBOOK, CHINESE: KATA_NOTEBOOK_ZH}
BANNER = "# Generated from {source}: edit that file, then regenerate this cell.\n"


def cell_code(source: str) -> str:
    """A solution file's code as a notebook cell (source: its path in the repository)."""
    text = (ROOT / source).read_text(encoding="utf-8")
    module = ast.parse(text)
    first = module.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):  # the docstring
        text = "\n".join(text.splitlines()[first.end_lineno :])
    return BANNER.format(source=source) + text.strip()


def generated_cells(notebook) -> list:
    """The code cells of ``notebook`` that say which solution file they come from."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.metadata.get("kata", {}).get("source")
    ]


def drifted(notebook) -> list[str]:
    """The sources of the generated cells that no longer hold their file's code."""
    return [
        cell.metadata.kata.source
        for cell in generated_cells(notebook)
        if cell.source != cell_code(cell.metadata.kata.source)
    ]


def tidy(cell) -> bool:
    """Keep the last line of a progress bar, and no output of an ``NBVAL_SKIP`` cell."""
    outputs = cell.get("outputs", [])
    if "NBVAL_SKIP" in cell.source:
        cell.outputs, cell.execution_count = [], None
        return bool(outputs)
    streams = [o for o in outputs if o.output_type == "stream" and o.name == "stdout"]
    text = "".join(o.text for o in streams)
    if "\x08" not in text and "\r" not in text:
        return False
    last = re.sub(r"\x1b\[[0-9;]*m", "", text.replace("\x08", "")).split("\r")[-1]
    streams[0].text = last.strip() + "\n"
    cell.outputs = [o for o in outputs if o not in streams[1:]]
    return True


def regenerate(path: Path = NOTEBOOK) -> list[str]:
    """Rewrite the generated cells of the notebook at ``path`` and tidy its outputs; return
    what changed."""
    import nbformat  # installed with nbval

    notebook = nbformat.read(path, as_version=4)
    changed = []
    for cell in generated_cells(notebook):
        code = cell_code(cell.metadata.kata.source)
        if cell.source != code:
            cell.source = code
            changed.append(f"the cell of {cell.metadata.kata.source}")
    changed += [f"the outputs of cell {i}" for i, c in enumerate(notebook.cells) if tidy(c)]
    if changed:
        nbformat.write(notebook, path)
    return changed


INTRO = {
    ENGLISH: """\
# The Embedding Projector kata, in a notebook

[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})

Eight steps take IMDB reviews to TensorBoard's Embedding Projector, as in the TensorFlow
tutorial *Visualizing Data using the Embedding Projector in TensorBoard*. For each step: read
what it asks, fill in the TODOs of its cell, run it, then run the check cell below it.
`kata.check("pad")` runs the very checks `tox` runs on `exercises/`, on the functions this
notebook defines, and shows the step's row of the board and what to fix. Steps are checked
independently: stuck on one, go on with the next. `kata.hint("pad")` gives the next hint;
`kata.progress()` shows where you stand.

The checks run in this notebook's own kernel: they are feedback for you, not a grade. (Grades
for a class come from `python -m kata class`, Gradescope or GitHub Classroom.) The answers are
in `tutorial.ipynb`: try first.
""",
    CHINESE: """\
# 嵌入投影器 kata：筆記本版

[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})

八個步驟帶你把 IMDB 影評一路送進 TensorBoard 的嵌入投影器，內容依照 TensorFlow 教學
《使用 TensorBoard 嵌入投影器視覺化資料》。每一步都這樣做：先讀它要你做什麼，填好它那個
儲存格裡的 TODO 並執行，再執行下方的檢查儲存格。`kata.check("pad")` 會對這本筆記本定義的
函式，執行和 `tox` 評 `exercises/` 時完全相同的檢查，並顯示這一步在進度表上的那一列，以及
要修正什麼。每一步各自檢查：卡在某一步時，可以先做下一步。`kata.hint("pad")` 給出下一層
提示；`kata.progress()` 顯示你目前的進度。

檢查是在這本筆記本自己的核心（kernel）裡執行的：它是給你的回饋，不是成績。（班級的成績
來自 `python -m kata class`、Gradescope 或 GitHub Classroom。）答案在
`tutorial.zh-TW.ipynb` 裡：請先自己試試。
""",
}
COLAB = (
    "https://colab.research.google.com/github/embedding-projector-kata/"
    "embedding-projector-kata/blob/main/{notebook}"
)
CHECK = 'kata.check("{name}")'
FINISH = {
    ENGLISH: """\
## Your own embedding in the projector

Once the steps pass, the end-to-end check chains them; then `kata.projector` trains your
own steps on the IMDB reviews, writes the log dir, checks it as the projector needs it, and
the last cell opens TensorBoard on it (run it yourself: it starts a server).
""",
    CHINESE: """\
## 在投影器裡看你自己的嵌入

各步驟都通過後，端對端檢查會把它們串起來；接著 `kata.projector` 會用 IMDB 影評執行你自己的
步驟來訓練模型、寫出 log 目錄、照投影器的需求檢查它，最後一個儲存格會在 TensorBoard 裡打開它
（請自己執行：它會啟動一個伺服器）。
""",
}
WORDS = {  # the few other lines the kata notebook writes, in each language
    ENGLISH: {
        "fill": "Fill in the next cell, run it, then run its check, `{check}`.",
        "banner": "# Step {number} ({name}): your code. Then run the check below.\n",
        "there": "in {file}",
        "here": "in this notebook",
        "language": "",
        "training": "# (training prints its progress)",
        "server": "# (starts a TensorBoard server; run it yourself)",
    },
    CHINESE: {
        "fill": "填好下一個儲存格並執行，再執行它的檢查 `{check}`。",
        "banner": "# 第 {number} 步（{name}）：你的程式碼。寫好後執行下方的檢查。\n",
        "there": "請在 {file} ",
        "here": "請在這本筆記本裡",
        "language": 'os.environ["KATA_LANG"] = "zh-TW"  # 檢查、提示與進度表都用繁體中文\n',
        "training": "# （訓練時會印出進度）",
        "server": "# （會啟動 TensorBoard 伺服器；請自己執行）",
    },
}
GRADE_LINE = re.compile(r"^(Grade: |評分：)")
COMMENTS = {  # the comments of the tutorial's first code cells, in the kata's twin
    CHINESE: (
        (
            "# Colab: fetch the kata's support code (built-in corpus, log-dir checks) if it is "
            "not here.",
            "# 在 Colab 上：這裡還沒有 kata 的支援程式碼（內建語料、log 目錄檢查）時，先抓下來。",
        ),
        (
            "# `import tensorflow as tf`, without its C++ start-up chatter",
            "# 就是 `import tensorflow as tf`，只是不印出 C++ 啟動時的訊息",
        ),
        ("# stored outputs below stay the same run after run", "# 讓下面存著的輸出每次都一樣"),
        (
            "# Keras asks for shuffled tf.data input; we shuffle ourselves, so this warning is "
            "noise.",
            "# Keras 要求打亂過的 tf.data 輸入；我們自己會打亂順序，所以這個警告可以忽略。",
        ),
        (
            "# None: TFDS's own ~/tensorflow_datasets",
            "# None：用 TFDS 自己的 ~/tensorflow_datasets",
        ),
        ("(also registers the built-in corpus with TFDS)", "（也會向 TFDS 登錄內建語料）"),
    ),
}


def in_words_of(code: str, lang: str) -> str:
    """``code`` with its comments in ``lang`` (the code itself unchanged)."""
    for english, translated in COMMENTS.get(lang, ()):
        code = code.replace(english, translated)
    return code


def kata_cell(kind: str, text: str, cell: str, **kata):
    import nbformat

    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    made = make(text)
    made.metadata["kata"] = {"cell": cell, **kata}
    return made


def stub_parts(step, solved=False, lang=ENGLISH) -> tuple[str, str]:
    """A step's story (its stub's docstring in ``lang``, as markdown) and its cell's code (the
    stub, or with ``solved`` the reference answer)."""
    from kata.curriculum.stub_text import in_language

    text = in_language((ROOT / step.exercise).read_text(encoding="utf-8"), step, lang)
    module = ast.parse(text)
    story = ast.get_docstring(module) or ""
    story = "\n".join(line for line in story.splitlines() if not GRADE_LINE.match(line))
    heading, _, rest = story.partition("\n")
    words = WORDS[lang]
    markdown = f"### {heading}\n\n{rest.strip()}\n\n".replace("\n\n\n\n", "\n\n") + words[
        "fill"
    ].format(check=CHECK.format(name=step.name))
    if solved:
        code = cell_code(step.solution).split("\n", 1)[1]  # without the banner
    else:
        code = text.split("\n", ast.parse(text).body[0].end_lineno)[-1].strip()
    code = code.replace(words["there"].format(file=step.exercise), words["here"])
    banner = words["banner"].format(number=step.number, name=step.name)
    return markdown, formatted(banner + code)


@functools.cache
def formatted(code: str) -> str:
    """``code`` as ``ruff format`` writes it (the project's style), when ruff is here (once per
    text: the kata notebook is generated again by each of its checks)."""
    import shutil
    import subprocess
    import sys

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        return code
    done = subprocess.run(
        [ruff, "format", "--line-length", "100", "-"], input=code, capture_output=True, text=True
    )
    return done.stdout.rstrip("\n") if done.returncode == 0 else code


def tutorial(lang=ENGLISH):
    """tutorial.ipynb, or its 繁體中文 twin."""
    import nbformat

    english = nbformat.read(NOTEBOOK, as_version=4)
    if lang == ENGLISH:
        return english
    return twin(english, nbformat.read(NOTEBOOK_ZH, as_version=4))


def twin(english, chinese):
    """The 繁體中文 twin of the notebook ``english``: its very cells, code and outputs, each
    markdown cell's text taken from the cell of the same id in ``chinese`` (its one source)."""
    import copy

    texts = {cell.id: cell.source for cell in chinese.cells if cell.cell_type == "markdown"}
    made = copy.deepcopy(english)
    for cell in made.cells:
        if cell.cell_type == "markdown":
            if cell.id not in texts:
                raise ValueError(f"markdown cell {cell.id} has no Chinese text in its twin")
            cell.source = texts[cell.id]
    return made


def twin_drift(path: Path = NOTEBOOK_ZH) -> list[str]:
    """How the tutorial's 繁體中文 twin at ``path`` differs from tutorial.ipynb, beyond the
    text of its markdown cells."""
    import nbformat

    english = nbformat.read(NOTEBOOK, as_version=4)
    shipped = nbformat.read(path, as_version=4)
    try:
        wanted = twin(english, shipped)
    except ValueError as error:
        return [str(error)]
    if [c.id for c in shipped.cells] != [c.id for c in wanted.cells]:
        return ["its cells (added, removed or reordered)"]
    return [
        s.id
        for s, w in zip(shipped.cells, wanted.cells, strict=True)
        if s.source != w.source or s.get("outputs") != w.get("outputs")
    ]


def regenerate_twin(path: Path = NOTEBOOK_ZH) -> list[str]:
    """Rewrite the tutorial's twin from tutorial.ipynb and its own markdown; return what changed."""
    import nbformat

    changed = twin_drift(path)
    if changed:
        nbformat.write(tutorial(CHINESE), path)
    return changed


def kata_notebook(solved=False, lang=ENGLISH):
    """kata.ipynb (or its twin in ``lang``), generated: the tutorial's sections, each step's
    story, stub and check."""
    import nbformat

    from kata.core.steps import STEPS

    words = WORDS[lang]
    source = tutorial(lang)
    colab = COLAB.format(notebook=KATA_NOTEBOOKS[lang].name)
    cells = [kata_cell("markdown", INTRO[lang].format(colab=colab), "intro")]
    sections = {}  # a step's module -> the tutorial's section heading that comes before it
    heading = None
    for cell in source.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            heading = cell
        module = cell.metadata.get("kata", {}).get("source", "")
        if heading is not None and module.startswith("solutions/"):
            sections[Path(module).stem] = heading
            heading = None
    fetch, setup_heading, setup, data = (source.cells[i] for i in (1, 2, 3, 5))
    cells.append(kata_cell("code", in_words_of(fetch.source, lang), "colab"))
    cells.append(kata_cell("markdown", setup_heading.source, "setup heading"))
    setup_code = (
        in_words_of(setup.source, lang)
        + "\n\n"
        + words["language"]
        + "import kata  # noqa: E402  kata.check, kata.hint, kata.progress"
    )
    cells.append(kata_cell("code", setup_code, "setup"))
    for step in STEPS:
        section = sections.get(step.module)
        if section is not None:
            paragraphs = section.source.split("\n\n")
            text = paragraphs[0]
            if step.number == 1:  # the data source is chosen in the next cell
                text = "\n\n".join([paragraphs[0], *paragraphs[2:]])
            cells.append(kata_cell("markdown", text, f"section {step.name}"))
            if step.number == 1:
                choose = in_words_of(data.source, lang).replace('"imdb-example"', '"mine"')
                cells.append(kata_cell("code", choose, "data"))
        markdown, code = stub_parts(step, solved, lang)
        cells.append(kata_cell("markdown", markdown, f"story {step.name}"))
        cells.append(kata_cell("code", code, f"step {step.name}", file=step.exercise))
        cells.append(kata_cell("code", CHECK.format(name=step.name), f"check {step.name}"))
    cells.append(kata_cell("markdown", FINISH[lang], "finish"))
    cells.append(kata_cell("code", CHECK.format(name="end_to_end"), "check end_to_end"))
    cells.append(kata_cell("code", "kata.progress()", "progress"))
    projector = (
        f"# NBVAL_IGNORE_OUTPUT\n{words['training']}\nkata.projector(source, LOG_DIR, DATA_DIR)"
    )
    cells.append(kata_cell("code", projector, "projector"))
    tensorboard = (
        f"# NBVAL_SKIP\n{words['server']}\n%load_ext tensorboard\n%tensorboard --logdir $LOG_DIR"
    )
    cells.append(kata_cell("code", tensorboard, "tensorboard"))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=source.metadata)
    return notebook


def kata_drift(path: Path = KATA_NOTEBOOK, lang=ENGLISH) -> list[str]:
    """The cells of kata.ipynb (or its twin in ``lang``) at ``path`` that are not what this
    module generates."""
    import nbformat

    shipped = nbformat.read(path, as_version=4).cells
    wanted = kata_notebook(lang=lang).cells
    if [c.metadata.kata.cell for c in shipped] != [c.metadata.kata.cell for c in wanted]:
        return ["its cells (added, removed or reordered)"]
    return [
        w.metadata.kata.cell for s, w in zip(shipped, wanted, strict=True) if s.source != w.source
    ]


def regenerate_kata(path: Path = KATA_NOTEBOOK, lang=ENGLISH) -> list[str]:
    """Rewrite kata.ipynb (or its twin in ``lang``) from its sources, keeping the outputs of
    every unchanged cell, and tidy them; return what changed."""
    import nbformat

    old = {}
    if path.is_file():
        old = {c.metadata.kata.cell: c for c in nbformat.read(path, as_version=4).cells}
    notebook = kata_notebook(lang=lang)
    changed = []
    for i, cell in enumerate(notebook.cells):
        before = old.get(cell.metadata.kata.cell)
        if before is not None and before.source == cell.source:
            notebook.cells[i] = before
        else:
            changed.append(f"the cell {cell.metadata.kata.cell!r}")
    changed += [f"the outputs of cell {i}" for i, c in enumerate(notebook.cells) if tidy(c)]
    if changed or len(old) != len(notebook.cells):
        nbformat.write(notebook, path)
    return changed


def main(args) -> int:
    changed = regenerate()
    for what in changed:
        print(f"tutorial.ipynb: regenerated {what}")
    if not changed:
        print("tutorial.ipynb: its step cells match solutions/, and its outputs are tidy")
    changed = regenerate_twin()
    for what in changed:
        print(f"{NOTEBOOK_ZH.name}: regenerated the cell {what}")
    if not changed:
        print(f"{NOTEBOOK_ZH.name}: its code and outputs are tutorial.ipynb's")
    for lang, path in KATA_NOTEBOOKS.items():
        changed = regenerate_kata(path, lang)
        for what in changed:
            print(f"{path.name}: regenerated {what}")
        if not changed:
            print(f"{path.name}: its cells match exercises/ and the registry; its outputs are tidy")
    return 0
