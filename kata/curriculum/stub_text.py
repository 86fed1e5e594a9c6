"""The stubs' prose in both languages: one source for ``python -m kata lang zh-TW``, ``reset``,
the notebooks and the hints' paste test.

A stub's *prose* is its module docstring, each function's docstring and TODO comment, and
the message of its ``raise NotImplementedError``; everything else is *code*, the same in
every language. ``in_language(source, step, lang)`` rewrites the prose of a stub and keeps
its code exactly as it is, so a learner's added import survives a change of language.
``exercises/`` ships the English stubs; a self-test checks that they are what this module
writes, and that both languages of each stub are the same code.
"""

from __future__ import annotations

import ast
import json
import re

from kata.core.i18n import CHINESE, ENGLISH, LANGUAGES

MESSAGE = {
    ENGLISH: "step {number} ({name}): write {function}() in {file}",
    CHINESE: "第 {number} 步（{name}）：請在 {file} 寫出 {function}()",
}
NOTES = {  # the comments that follow the imports a learner will need
    ENGLISH: {"these": "(you will need these)", "it": "(you will need it)"},
    CHINESE: {"these": "（你會用到這些）", "it": "（你會用到它）"},
}

ENGLISH_TEXT = {
    "step1_load": {
        "": '''\
"""Step 1, load: read the reviews with TFDS and learn a vocabulary.

The upstream tutorial used the ``imdb_reviews/subwords8k`` encoder, which
TFDS 4.9 no longer has. We learn our own vocabulary with a Keras
``TextVectorization`` layer instead. It reserves index 0 for padding (``''``)
and index 1 for unknown words (``'[UNK]'``), and maps every other word to an id.

Try it: ``import kata.data.corpus`` registers the offline corpus, then
``load("kata_reviews")`` works without a network. Grade: ``pytest -m load``.
"""''',
        "load": '''\
"""Return ``(train_data, test_data, vocabulary)`` for the TFDS dataset ``name``.

- ``train_data``, ``test_data``: ``tf.data.Dataset`` of ``(token_ids, label)``,
  one review each: a 1-D int64 tensor of ids and an int64 label (0 or 1).
- ``vocabulary``: a list of ``str``; ``vocabulary[0] == ''`` (padding),
  ``vocabulary[1] == '[UNK]'``, at most ``max_tokens`` entries.

The vocabulary is learned from the *training* text only, so that the test
reviews tell us honestly how well the model generalises.
"""''',
        "load todo": """\
# TODO: load both splits of ``name`` (from data_dir) as text and label; learn a vocabulary
#       of at most max_tokens from the training text alone; turn each review into a 1-D
#       vector of ids. Return both datasets, and the vocabulary as plain str.""",
    },
    "step2_pad": {
        "": '''\
"""Step 2, pad: shuffle the reviews and pad them into batches.

Reviews have different lengths, but a batch must be a rectangle.
``padded_batch`` pads every review in a batch with id 0 (the padding token)
up to the longest review in that batch, so batches have shape ``(10, None)``.

Grade: ``pytest -m pad``.
"""''',
        "pad": '''\
"""Return ``(train_batches, test_batches)``: shuffled, padded batches of ``batch_size``."""''',
        "pad todo": """\
# TODO: each batch is a rectangle of batch_size reviews, padded with id 0 up to its
#       longest review, drawn in a mixed order from a buffer of buffer_size; both splits.""",
    },
    "step3_build": {
        "": '''\
"""Step 3, build: a small model whose first layer is the embedding we will project.

``Embedding(vocab_size, 16)`` is a table with one 16-number row per token.
Training moves rows of words used alike closer together; that table is what
the Embedding Projector shows. ``GlobalAveragePooling1D`` averages the rows of
a review, and two ``Dense`` layers turn that average into one logit.

Grade: ``pytest -m build``.
"""''',
        "build": '''\
"""Return a compiled ``keras.Sequential`` model with the ``Embedding`` layer first."""''',
        "build todo": """\
# TODO: the first layer is the embedding (vocab_size rows of embedding_dim numbers); the
#       rows of a review are averaged, then two dense layers end in one logit per review.
#       Compile it to learn positive vs negative from logits, and to report accuracy.""",
    },
    "step4_train": {
        "": '''\
"""Step 4, train: one epoch is enough to give the embedding some shape.

Grade: ``pytest -m train``.
"""''',
        "train": '''\
"""Fit ``model`` on ``train_batches``, validating on ``validation_steps`` test batches.

Return the ``History`` that ``model.fit`` gives back: its ``history`` dict
holds ``loss``, ``accuracy``, ``val_loss`` and ``val_accuracy`` per epoch.
"""''',
        "train todo": """\
# TODO: train for ``epochs`` epochs, validating on ``validation_steps`` test batches;
#       return the history that training gives back.""",
    },
    "step5_export": {
        "": '''\
"""Step 5, export: the two files the projector reads, with their rows aligned.

Row 0 of the embedding belongs to the padding token ``''``. Like the tutorial,
which dropped its unknown-word row, we drop it: row i of the exported tensor is
vocabulary entry i + 1, and so is line i of ``metadata.tsv``.

The projector reads ``metadata.tsv`` one label per line and *skips blank lines*,
so one bad token would shift every later label. ``label()`` must make each
token one safe, visible line: no tab, no line break, never blank.

Grade: ``pytest -m export``.
"""''',
        "label": '''\
"""The token as one safe, visible line of ``metadata.tsv``."""''',
        "label todo": """\
# TODO: no tab or line break may survive (write them as visible escapes, and say how in
#       this docstring); a token that would print blank needs a visible placeholder.""",
        "export": '''\
"""Write ``metadata.tsv`` and ``embedding.ckpt-1`` into ``log_dir``; return the checkpoint path.

``log_dir`` is created if missing; files already in it are left alone.
"""''',
        "export todo": """\
# TODO: line i of metadata.tsv and row i of the saved tensor both stand for vocabulary
#       entry i + 1 (the padding row 0 is dropped). Save that tensor as a variable named
#       ``embedding`` in a checkpoint in log_dir, with the index file TensorBoard reads;
#       return the checkpoint's path.""",
    },
    "step6_configure": {
        "": '''\
"""Step 6, configure: tell the projector which tensor to show and how to label it.

``projector_config.pbtxt`` names the tensor inside the checkpoint and the
metadata file. Keep ``metadata_path`` relative (it is resolved against the log
dir), and leave ``model_checkpoint_path`` out: TensorBoard then finds the
checkpoint through the ``checkpoint`` file, and the log dir can be moved.

Grade: ``pytest -m configure``.
"""''',
        "configure": '''\
"""Write ``projector_config.pbtxt`` into ``log_dir`` and return its path."""''',
        "configure todo": """\
# TODO: one embedding entry that names your checkpoint's tensor (look up its key in the
#       checkpoint) and labels it with metadata.tsv, by a path that still works after the
#       log dir moves. Return the path of the config file.""",
    },
    "step7_analyse": {
        "": '''\
"""Step 7, analyse: nearest neighbours, computed as the projector's inspector computes them.

Click a point in the Projector and its "nearest points" panel lists the
closest tokens *in the original 16-dimensional space*, not in the 2-D or 3-D
picture. With the default cosine metric the distance is
``1 - cos(a, b) = 1 - a·b / (|a| |b|)``: 0 for the same direction, 1 for
orthogonal, 2 for opposite. Length does not matter, only direction. With the
Euclidean metric it is ``|a - b|``. The point itself is left out.

Two details the projector leaves undefined, and we fix: a zero vector has no
direction, so its cosine similarity to anything is taken as 0 (distance 1)
where the projector would compute 0/0; and ties are broken by row order, so
the answer is always the same.

Grade: ``pytest -m analyse``.
"""''',
        "read_log_dir": '''\
"""Return ``(labels, weights)`` of an exported log dir: line i of metadata.tsv labels row i."""''',
        "read_log_dir todo": """\
# TODO: the labels, one per line of metadata.tsv (UTF-8; no empty label after the last
#       line), and the tensor step 5 saved, read back from the checkpoint in log_dir.""",
        "distances": '''\
"""Distance from row ``row`` of ``weights`` to every row, by ``metric``."""''',
        "distances todo": """\
# TODO: cosine distance (this module's docstring; similarity 0 where a vector is zero) or
#       euclidean distance, for every row at once.""",
        "nearest": '''\
"""The ``k`` tokens nearest to ``query``: a list of ``(token, distance)``, nearest first.

``labels[i]`` names row i of ``weights``. Raises ``ValueError`` for a token
that is not in ``labels`` (suggesting close spellings) or an unknown metric.
A ``k`` larger than the vocabulary returns every other token.
"""''',
        "nearest todo": """\
# TODO: a clear ValueError for an unknown metric or token (suggest close spellings); rows
#       ordered by distance, ties by row number; the query itself left out; at most k.""",
    },
    "step8_colour": {
        "": '''\
"""Step 8, colour: give each point columns the projector can colour by.

A ``metadata.tsv`` of several columns starts with a header line, then one row per
point, its cells separated by tabs. The projector's "Color by" and "Label by"
menus then offer every column. Here each word gets two more: how many training
reviews contain it (``count``) and its *lean*, the share of positive reviews among
them (0 = only in negative reviews, 1 = only in positive ones; a word no training
review contains gets 0.5). The counts come from the training reviews alone, as
step 1's vocabulary did.

After one epoch of a sentiment model, most words moved along one direction, from
negative to positive: the first principal component (the projector's PCA x-axis)
follows the lean. ``follows()`` says how closely, as a rank correlation.

Grade: ``pytest -m colour``.
"""''',
        "colour": '''\
"""Write ``metadata_lean.tsv`` beside ``metadata.tsv`` in ``log_dir`` and point the
projector config at it; return its path.

Row i is the point of row i: its label from ``metadata.tsv`` (token id i + 1),
the number of training reviews that contain that token, and their share of
positive ones, with three decimals.
"""''',
        "colour todo": """\
# TODO: read the labels back from metadata.tsv; for each token id count the training
#       reviews that contain it (once per review) and the positive ones among them; write
#       the header line (COLUMNS, tab-separated), then one row per label; point the
#       config's embedding at FILE. Return the new file's path.""",
        "follows": '''\
"""How closely the first principal component of ``weights`` follows ``lean``: the absolute
Spearman rank correlation, from 0 (not at all) to 1 (in the same order)."""''',
        "follows todo": """\
# TODO: centre the rows, take the first right singular vector (PCA's first direction),
#       project the rows on it; rank both sequences and return the absolute correlation
#       of the ranks (the direction's sign means nothing).""",
    },
}

CHINESE_TEXT = {
    "step1_load": {
        "": '''\
"""第 1 步，load：用 TFDS 讀進影評，並學出一份詞彙表。

原版教學用的是 ``imdb_reviews/subwords8k`` 編碼器，但 TFDS 4.9 已經沒有它了。
所以我們改用 Keras 的 ``TextVectorization`` 層自己學詞彙表：索引 0 留給補齊用的
空字串（``''``），索引 1 留給不認得的詞（``'[UNK]'``），其他每個詞各對應一個 id。

動手試試：先 ``import kata.data.corpus`` 登錄離線語料，之後不必連網也能執行
``load("kata_reviews")``。

評分：``pytest -m load``。
"""''',
        "load": '''\
"""回傳 TFDS 資料集 ``name`` 的 ``(train_data, test_data, vocabulary)``。

- ``train_data``、``test_data``：元素為 ``(token_ids, label)`` 的 ``tf.data.Dataset``，
  一筆一則影評：由 id 組成的一維 int64 張量，加上 int64 的標籤（0 或 1）。
- ``vocabulary``：由 ``str`` 組成的串列；``vocabulary[0] == ''``（補齊用），
  ``vocabulary[1] == '[UNK]'``，最多 ``max_tokens`` 個。

詞彙表只從*訓練*文字學出來，這樣測試影評才能誠實反映模型的一般化能力。
"""''',
        "load todo": """\
# TODO: 從 data_dir 載入 ``name`` 的兩個分割（文字與標籤）；只用訓練文字學出最多
#       max_tokens 個詞的詞彙表；把每則影評轉成一維的 id 向量。回傳兩個資料集，
#       以及由一般 str 組成的詞彙表。""",
    },
    "step2_pad": {
        "": '''\
"""第 2 步，pad：打亂影評的順序，補齊長度後分批。

每則影評長短不一，但一個批次必須是整齊的矩形。``padded_batch`` 會用 id 0（補齊用的
詞元）把批次裡的每則影評補到該批最長那則的長度，所以批次的形狀是 ``(10, None)``。

評分：``pytest -m pad``。
"""''',
        "pad": '''\
"""回傳 ``(train_batches, test_batches)``：打亂順序、補齊長度，每批 ``batch_size`` 則。"""''',
        "pad todo": """\
# TODO: 每個批次是 batch_size 則影評排成的矩形，用 id 0 補到該批最長那則的長度；
#       影評從大小為 buffer_size 的緩衝區以打亂的順序取出；兩個分割都要做。""",
    },
    "step3_build": {
        "": '''\
"""第 3 步，build：建一個小模型，第一層就是我們要投影的嵌入層。

``Embedding(vocab_size, 16)`` 是一張表，每個詞元一列，每列 16 個數字。訓練會讓用法
相近的詞所對應的列彼此靠近；Embedding Projector 畫的就是這張表。
``GlobalAveragePooling1D`` 把一則影評的各列取平均，再由兩層 ``Dense`` 把平均值變成
一個 logit。

評分：``pytest -m build``。
"""''',
        "build": '''\
"""回傳一個已編譯的 ``keras.Sequential`` 模型，第一層是 ``Embedding``。"""''',
        "build todo": """\
# TODO: 第一層是嵌入層（vocab_size 列，每列 embedding_dim 個數字）；先把一則影評的各列
#       取平均，再接兩層全連接層，每則影評最後得到一個 logit。編譯時要讓模型從 logit
#       學會分辨正評與負評，並回報準確率（accuracy）。""",
    },
    "step4_train": {
        "": '''\
"""第 4 步，train：只要訓練一個 epoch，嵌入就會開始有點形狀。

評分：``pytest -m train``。
"""''',
        "train": '''\
"""用 ``train_batches`` 訓練 ``model``，並用 ``validation_steps`` 個測試批次驗證。

回傳 ``model.fit`` 給的 ``History``：它的 ``history`` 字典記著每個 epoch 的
``loss``、``accuracy``、``val_loss`` 與 ``val_accuracy``。
"""''',
        "train todo": """\
# TODO: 訓練 ``epochs`` 個 epoch，用 ``validation_steps`` 個測試批次驗證；
#       回傳訓練給的 history。""",
    },
    "step5_export": {
        "": '''\
"""第 5 步，export：寫出投影器要讀的兩個檔案，而且兩者的列要對齊。

嵌入的第 0 列屬於補齊用的詞元 ``''``。原版教學丟掉了不認得的詞那一列，我們也一樣
丟掉第 0 列：匯出的張量第 i 列是詞彙表第 i + 1 項，``metadata.tsv`` 的第 i 行也是。

投影器讀 ``metadata.tsv`` 時一行一個標籤，而且*會跳過空白行*，所以只要有一個詞元
出問題，後面的標籤就全部錯位。``label()`` 必須把每個詞元變成安全、看得見的一行：
不含 tab、不含換行，也絕不空白。

評分：``pytest -m export``。
"""''',
        "label": '''\
"""把詞元變成 ``metadata.tsv`` 裡安全、看得見的一行。"""''',
        "label todo": """\
# TODO: 不能留下任何 tab 或換行（改寫成看得見的跳脫字元，並在這段說明裡寫清楚怎麼
#       寫）；印出來會是空白的詞元，要換成看得見的替代文字。""",
        "export": '''\
"""把 ``metadata.tsv`` 與 ``embedding.ckpt-1`` 寫進 ``log_dir``，回傳檢查點的路徑。

``log_dir`` 不存在就建立；裡面原有的檔案保持不動。
"""''',
        "export todo": """\
# TODO: metadata.tsv 的第 i 行與存下的張量第 i 列，都代表詞彙表第 i + 1 項（補齊用的
#       第 0 列丟掉）。把這個張量存成名為 ``embedding`` 的變數，寫進 log_dir 裡的
#       檢查點，連同 TensorBoard 要讀的索引檔；回傳檢查點的路徑。""",
    },
    "step6_configure": {
        "": '''\
"""第 6 步，configure：告訴投影器要顯示哪個張量、用什麼當標籤。

``projector_config.pbtxt`` 寫明檢查點裡張量的名稱，以及中繼資料檔。``metadata_path``
要用相對路徑（以 log dir 為基準），``model_checkpoint_path`` 則不要寫：這樣
TensorBoard 會透過 ``checkpoint`` 檔找到檢查點，log dir 搬到別處也照樣能用。

評分：``pytest -m configure``。
"""''',
        "configure": '''\
"""把 ``projector_config.pbtxt`` 寫進 ``log_dir``，回傳它的路徑。"""''',
        "configure todo": """\
# TODO: 寫一個 embedding 項目，填上你檢查點裡張量的名稱（到檢查點裡查它的鍵），並用
#       metadata.tsv 當標籤，路徑要在 log dir 搬家後依然有效。回傳設定檔的路徑。""",
    },
    "step7_analyse": {
        "": '''\
"""第 7 步，analyse：照投影器檢視面板的算法，找出最近鄰。

在投影器裡點一個點，「nearest points」面板列出的是*在原本 16 維空間裡*最近的詞元，
而不是 2D 或 3D 圖上看起來最近的。預設的餘弦度量下，距離是
``1 - cos(a, b) = 1 - a·b / (|a| |b|)``：方向相同是 0，互相垂直是 1，方向相反是 2。
只看方向，不管長度。改用歐氏距離度量時則是 ``|a - b|``。點本身不算在內。

有兩個細節投影器沒有規定，我們把它定下來：零向量沒有方向，投影器會算出 0/0，我們
則把它與任何向量的餘弦相似度當成 0（距離 1）；距離相同時依列的順序排，所以答案
永遠一樣。

評分：``pytest -m analyse``。
"""''',
        "read_log_dir": '''\
"""回傳已匯出的 log dir 的 ``(labels, weights)``：metadata.tsv 第 i 行是第 i 列的標籤。"""''',
        "read_log_dir todo": """\
# TODO: 標籤是 metadata.tsv 的每一行（UTF-8；最後一行之後不要多出空標籤）；張量是
#       第 5 步存下的那個，從 log_dir 裡的檢查點讀回來。""",
        "distances": '''\
"""依 ``metric`` 算出 ``weights`` 第 ``row`` 列到每一列的距離。"""''',
        "distances todo": """\
# TODO: 餘弦距離（見這個模組開頭的說明；遇到零向量時相似度當成 0）或歐氏距離，
#       一次算完所有列。""",
        "nearest": '''\
"""離 ``query`` 最近的 ``k`` 個詞元：由 ``(token, distance)`` 組成的串列，最近的在前。

``labels[i]`` 是 ``weights`` 第 i 列的名字。詞元不在 ``labels`` 裡（附上拼法相近的
建議）或度量不認得時，丟出 ``ValueError``。``k`` 比詞彙表還大時，回傳其他所有詞元。
"""''',
        "nearest todo": """\
# TODO: 度量或詞元不認得時，丟出說明清楚的 ValueError（附上拼法相近的建議）；依距離
#       排序，距離相同時依列號；不含查詢的詞本身；最多 k 個。""",
    },
    "step8_colour": {
        "": '''\
"""第 8 步，colour：給每個點幾個欄位，讓投影器依欄位上色。

有好幾欄的 ``metadata.tsv``，第一行是標題列，之後每個點一列，欄位之間用 tab 隔開。
這樣投影器的「Color by」與「Label by」選單就會列出每一欄。這裡每個詞多兩欄：有幾則
訓練影評含有這個詞（``count``），以及它的*傾向*（``lean``），也就是這些影評中正評
所占的比例（0 表示只出現在負評，1 表示只出現在正評；沒有任何訓練影評含有的詞記為
0.5）。計數只用訓練影評，和第 1 步的詞彙表一樣。

情感模型訓練一個 epoch 之後，大部分的詞都沿著同一個方向移動，從負面往正面：第一
主成分（投影器 PCA 的 x 軸）跟著傾向走。``follows()`` 用等級相關係數說出兩者有多
一致。

評分：``pytest -m colour``。
"""''',
        "colour": '''\
"""在 ``log_dir`` 裡、``metadata.tsv`` 旁邊寫出 ``metadata_lean.tsv``，並讓投影器
設定指向它；回傳它的路徑。

第 i 列對應第 i 個點：它在 ``metadata.tsv`` 裡的標籤（詞元 id 為 i + 1）、含有這個
詞元的訓練影評則數，以及其中正評的比例（取到小數第三位）。
"""''',
        "colour todo": """\
# TODO: 從 metadata.tsv 讀回標籤；對每個詞元 id，數出含有它的訓練影評（每則只算一次）
#       以及其中的正評；先寫標題列（COLUMNS，用 tab 隔開），再每個標籤寫一列；讓設定
#       裡的 embedding 指向 FILE。回傳新檔案的路徑。""",
        "follows": '''\
"""``weights`` 的第一主成分與 ``lean`` 有多一致：Spearman 等級相關係數的絕對值，
從 0（毫無關係）到 1（順序完全相同）。"""''',
        "follows todo": """\
# TODO: 先把各列置中，取第一個右奇異向量（PCA 的第一個方向），把各列投影上去；兩個
#       序列各自排名次，回傳名次相關係數的絕對值（方向的正負沒有意義）。""",
    },
}

TEXT = {ENGLISH: ENGLISH_TEXT, CHINESE: CHINESE_TEXT}


def message(step, function: str, lang: str) -> str:
    """The stub's ``NotImplementedError`` message for ``function``, in ``lang``."""
    template = MESSAGE[lang]
    return template.format(
        number=step.number, name=step.name, function=function, file=step.exercise
    )


def spans(source: str, step) -> list[tuple[int, int, str, str]]:
    """Where the prose of the stub ``text`` of ``step`` lies: ``(first, end, key, indent)``
    line ranges (0-based, end excluded) of the module docstring (key ``""``), each function's
    docstring (``"name"``) and TODO comment (``"name todo"``), and each stub's raise
    (``"name raise"``). Raises ``ValueError`` when a function is no longer a stub."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    first = tree.body[0] if tree.body else None
    if not _is_docstring(first):
        raise ValueError("no module docstring")
    found.append((first.lineno - 1, first.end_lineno, "", ""))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    for name in step.functions:
        node = functions.get(name)
        if node is None or len(node.body) != 2 or not _is_docstring(node.body[0]):
            raise ValueError(f"{name}() is not a stub")
        doc, stop = node.body
        if not _is_stub_raise(stop):
            raise ValueError(f"{name}() is not a stub")
        indent = " " * doc.col_offset
        found.append((doc.lineno - 1, doc.end_lineno, name, indent))
        todo = [i for i in range(doc.end_lineno, stop.lineno - 1) if lines[i].strip()]
        if not todo or not all(lines[i].lstrip().startswith("#") for i in todo):
            raise ValueError(f"{name}() has more than its TODO")
        if not lines[todo[0]].lstrip().startswith("# TODO"):
            raise ValueError(f"{name}() has no TODO")
        found.append((todo[0], todo[-1] + 1, f"{name} todo", indent))
        found.append((stop.lineno - 1, stop.end_lineno, f"{name} raise", indent))
    return found


def _is_docstring(node) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_stub_raise(node) -> bool:
    return (
        isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and getattr(node.exc.func, "id", "") == "NotImplementedError"
        and len(node.exc.args) == 1
        and isinstance(node.exc.args[0], ast.Constant)
    )


def in_language(source: str, step, lang: str) -> str:
    """The stub ``text`` of ``step`` with its prose in ``lang``, its code as it is.
    Raises ``ValueError`` when a function is no longer a stub."""
    texts = TEXT[lang][step.module]
    lines = source.splitlines()
    for first, end, key, indent in sorted(spans(source, step), reverse=True):
        if key.endswith(" raise"):
            function = key.split()[0]
            text = "\n".join(lines[first:end])
            literal = json.dumps(message(step, function, lang), ensure_ascii=False)
            start, stop = re.search(r'"(?:[^"\\]|\\.)*"', text).span()
            text = text[:start] + literal + text[stop:]
            new = text.splitlines()
        else:
            block = texts[key]
            new = [indent + line if line else "" for line in block.splitlines()]
        lines[first:end] = new
    text = "\n".join(lines) + "\n"
    for other in LANGUAGES:
        for key, note in NOTES[other].items():
            text = text.replace(note, NOTES[lang][key])
    return text


def language_of(source: str, step) -> str | None:
    """The language of an untouched stub (every function still a stub, the prose exactly
    as the kata wrote it in that language), or None."""
    for lang in LANGUAGES:
        try:
            if in_language(source, step, lang) == source:
                return lang
        except (ValueError, SyntaxError):
            return None
    return None
