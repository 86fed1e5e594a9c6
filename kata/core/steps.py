"""The registry of steps: everything the kata says about a step, said once.

A step is one file name in three rooms: ``exercises/step5_export.py`` (the
learner's stub), ``solutions/step5_export.py`` (the reference answer) and
``tests/test_step5_export.py`` (its graded checks, marked ``export``). Here each
step has its number, its name (also its pytest marker), the functions the
learner writes, its title in English and Traditional Chinese, and its hint
ladder: level 1 adds to what the board said, level 2 points at the API, level
3 nearly answers (the board shows level 1; ``python -m kata hint N`` the next
level for step N), and its link in the chain: which earlier results its function
takes and what it gives back. The board, the hint command, the pytest markers,
the README's step table and every chain of the pipeline (``kata.judge.chain``: the main
job, the reference world, the end-to-end check, the notebook) read this file.

The board's rows are ``ROWS``: the eight steps, then the end-to-end check.
To add a step: add it here, then write the three files it names.
"""

from __future__ import annotations

from dataclasses import dataclass

EN, ZH = "en", "zh-TW"


@dataclass(frozen=True)
class Link:
    """How a step is called in the chain: ``function`` takes the values named in ``takes``,
    in order (``"data_dir="`` passes one by keyword), and what it returns is named ``gives``
    (one name: the value itself; several: a tuple, unpacked)."""

    function: str
    takes: tuple[str, ...]
    gives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # also the pytest marker: `pytest -m pad`
    functions: tuple[str, ...]  # what the learner writes, in the file's order
    title: dict  # language -> a short title, as on the board
    hints: dict  # language -> (level 1, level 2, level 3)
    link: Link | None = None  # its call in the chain; None: not part of it

    def label(self, lang: str = EN) -> str:
        """Its short name on the board and on the class platforms: "2 pad"."""
        return f"{self.number} {self.name}"

    @property
    def module(self) -> str:
        return f"step{self.number}_{self.name}"

    @property
    def exercise(self) -> str:
        return f"exercises/{self.module}.py"

    @property
    def solution(self) -> str:
        return f"solutions/{self.module}.py"

    @property
    def test_file(self) -> str:
        return f"tests/test_{self.module}.py"

    def marker(self, lang: str = EN) -> str:
        """The text of its pytest marker, as pytest lists its markers."""
        return f"{self.name}: " + (
            f"第 {self.number} 步，{self.title[ZH]}"
            if lang == ZH
            else f"step {self.number}, {self.title[EN]}"
        )

    def hint(self, level: int, lang: str = EN) -> str:
        """Hint ``level`` (1-based, capped at the last one) in ``lang``."""
        levels = self.hints[lang]
        return levels[min(max(level, 1), len(levels)) - 1]

    def why(self, lang: str = EN) -> str:
        """What the step is for, and where TensorFlow's or Keras's docs explain it (``WHY``)."""
        sentence, link = WHY[self.name][lang], WHY[self.name]["link"]
        return f"{sentence} ({link})"


def answer(lang: str, **bodies: str) -> str:
    """A level-3 hint: for each function, a comment naming it, then the lines that replace its
    ``TODO`` and ``raise NotImplementedError`` (paste them there, at the function's
    indentation). The code is the same in both languages; a self-test pastes every one."""
    head = {EN: "# in {function}():", ZH: "# 寫在 {function}() 裡："}[lang]
    return "\n".join(
        head.format(function=function) + "\n" + body.strip("\n")
        for function, body in bodies.items()
    )


LOAD = """
train_text, test_text = tfds.load(
    name, split=["train", "test"], as_supervised=True, data_dir=data_dir
)
vectorize = keras.layers.TextVectorization(max_tokens=max_tokens)
vectorize.adapt(train_text.map(lambda text, label: text).batch(1024))


def to_ids(text, label):
    return vectorize(text[tf.newaxis])[0], label


vocabulary = [str(token) for token in vectorize.get_vocabulary()]
return train_text.map(to_ids), test_text.map(to_ids), vocabulary
"""
PAD = """
train_batches = train_data.shuffle(buffer_size).padded_batch(batch_size)
test_batches = test_data.shuffle(buffer_size).padded_batch(batch_size)
return train_batches, test_batches
"""
BUILD = """
model = keras.Sequential(
    [
        keras.layers.Embedding(vocab_size, embedding_dim),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ]
)
model.compile(
    optimizer="adam",
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
return model
"""
TRAIN = """
return model.fit(
    train_batches,
    epochs=epochs,
    validation_data=test_batches,
    validation_steps=validation_steps,
)
"""
LABEL = r"""
text = token.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
return text if text.strip() else "[BLANK]"
"""
EXPORT = """
os.makedirs(log_dir, exist_ok=True)
with open(os.path.join(log_dir, "metadata.tsv"), "w", encoding="utf-8", newline="\\n") as f:
    for token in vocabulary[1:]:
        f.write(label(token) + "\\n")
weights = tf.Variable(model.layers[0].get_weights()[0][1:])
checkpoint = tf.train.Checkpoint(embedding=weights)
return checkpoint.save(os.path.join(log_dir, "embedding.ckpt"))
"""
CONFIGURE = """
config = projector.ProjectorConfig()
embedding = config.embeddings.add()
embedding.tensor_name = "embedding/.ATTRIBUTES/VARIABLE_VALUE"
embedding.metadata_path = "metadata.tsv"
projector.visualize_embeddings(log_dir, config)
return os.path.join(log_dir, "projector_config.pbtxt")
"""
READ_LOG_DIR = """
with open(os.path.join(log_dir, "metadata.tsv"), encoding="utf-8") as f:
    labels = f.read().split("\\n")
if labels and labels[-1] == "":
    labels.pop()
weights = tf.train.load_checkpoint(log_dir).get_tensor("embedding/.ATTRIBUTES/VARIABLE_VALUE")
return labels, weights
"""
DISTANCES = """
weights = np.asarray(weights, dtype="float64")
query = weights[row]
if metric == "euclidean":
    return np.linalg.norm(weights - query, axis=1)
norms = np.linalg.norm(weights, axis=1) * np.linalg.norm(query)
dots = weights @ query
similarity = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
return 1 - similarity
"""
COLOUR = r"""
with open(os.path.join(log_dir, "metadata.tsv"), encoding="utf-8") as f:
    labels = f.read().split("\n")
if labels and labels[-1] == "":
    labels.pop()
counts = np.zeros(len(labels) + 1, dtype="int64")
positives = np.zeros(len(labels) + 1, dtype="int64")
for batch, batch_labels in train_data.padded_batch(1000).as_numpy_iterator():
    for ids, label in zip(batch, batch_labels, strict=True):
        present = np.unique(ids[(ids > 0) & (ids <= len(labels))])
        counts[present] += 1
        positives[present] += int(label)
lean = np.divide(positives, counts, out=np.full(len(counts), 0.5), where=counts > 0)
path = os.path.join(log_dir, FILE)
with open(path, "w", encoding="utf-8", newline="\n") as f:
    f.write("\t".join(COLUMNS) + "\n")
    for row, text in enumerate(labels, start=1):
        f.write(f"{text}\t{counts[row]}\t{lean[row]:.3f}\n")
config_path = os.path.join(log_dir, "projector_config.pbtxt")
config = projector.ProjectorConfig()
with open(config_path, encoding="utf-8") as f:
    text_format.Parse(f.read(), config)
config.embeddings[0].metadata_path = FILE
with open(config_path, "w", encoding="utf-8") as f:
    f.write(text_format.MessageToString(config))
return path
"""
FOLLOWS = """
centred = np.asarray(weights, dtype="float64")
centred = centred - centred.mean(axis=0)
first = np.linalg.svd(centred, full_matrices=False)[2][0]
along = centred @ first


def ranks(values):
    return np.argsort(np.argsort(values, kind="stable"), kind="stable")


return float(abs(np.corrcoef(ranks(along), ranks(np.asarray(lean)))[0, 1]))
"""
NEAREST = """
if metric not in METRICS:
    raise ValueError(f"unknown metric {metric!r}; choose one of {METRICS}")
labels = list(labels)
if query not in labels:
    close = difflib.get_close_matches(query, labels)
    raise ValueError(f"{query!r} is not in the vocabulary; did you mean {close}?")
row = labels.index(query)
distance = distances(weights, row, metric)
order = np.lexsort((np.arange(len(distance)), distance))
return [(labels[i], float(distance[i])) for i in order if i != row][:k]
"""


STEPS = (
    Step(
        1,
        "load",
        ("load",),
        {EN: "load the reviews, learn a vocabulary", ZH: "載入影評，學習詞彙表"},
        {
            EN: (
                "Each element must be one review as a 1-D vector of int64 ids with its own "
                "label, and the vocabulary must come from the training text alone: the test "
                "reviews are there to measure how well the model generalises.",
                "tfds.load can return (text, label) pairs for both splits at once "
                "(as_supervised). A keras.layers.TextVectorization learns its vocabulary "
                "with .adapt(...) on a dataset of text batches, and turns a batch of texts "
                "into a batch of ids: give it one review as a batch of one and take row 0.",
                answer(EN, load=LOAD),
            ),
            ZH: (
                "每個元素必須是一則影評：一維的 int64 id 向量，配上它自己的標籤；"
                "詞彙表只能從訓練文字學習：測試影評是用來衡量模型的一般化能力的。",
                "tfds.load 可以一次回傳兩個分割的 (text, label) 配對（as_supervised）。"
                "keras.layers.TextVectorization 用 .adapt(...) 在文字批次的資料集上學習詞彙表，"
                "並把一批文字轉成一批 id：把一則影評當成一個大小為 1 的批次，再取第 0 列。",
                answer(ZH, load=LOAD),
            ),
        },
        link=Link("load", ("source", "data_dir="), ("train_data", "test_data", "vocabulary")),
    ),
    Step(
        2,
        "pad",
        ("pad",),
        {EN: "shuffle and pad into batches", ZH: "打亂順序，補齊長度後分批"},
        {
            EN: (
                "A batch must be a rectangle, but reviews differ in length; and the model "
                "must not read the reviews in the order of the file. Both splits get the "
                "same treatment, with the sizes the caller passed.",
                "tf.data.Dataset has one method that mixes elements within a buffer, and one "
                "that groups elements into batches and pads each batch with 0 (the padding "
                "id) to its longest element. Order matters: mix first, then batch.",
                answer(EN, pad=PAD),
            ),
            ZH: (
                "一個批次必須是矩形，但影評長短不一；而且模型不該照檔案的順序讀影評。"
                "兩個分割都要同樣處理，並使用呼叫者傳入的大小。",
                "tf.data.Dataset 有一個方法會在緩衝區內打亂元素，另一個會把元素分批，"
                "並用 0（補齊用的 id）把每個批次補齊到其中最長的元素。順序很重要：先打亂，再分批。",
                answer(ZH, pad=PAD),
            ),
        },
        link=Link("pad", ("train_data", "test_data"), ("train_batches", "test_batches")),
    ),
    Step(
        3,
        "build",
        ("build",),
        {EN: "build and compile the model", ZH: "建立並編譯模型"},
        {
            EN: (
                "The embedding must be the first layer (export() reads model.layers[0]) with "
                "one row per token, and the model must give one number per review: a logit. "
                "The loss has to be told that it receives logits, not probabilities.",
                "keras.Sequential stacks Embedding(vocab_size, embedding_dim), "
                "GlobalAveragePooling1D, Dense(16, relu) and Dense(1). Compile it with the "
                "Adam optimizer, binary cross-entropy from logits, and the accuracy metric.",
                answer(EN, build=BUILD),
            ),
            ZH: (
                "嵌入層必須是第一層（export() 讀取的是 model.layers[0]），每個詞一列；"
                "模型對每則影評輸出一個數字：logit。損失函數必須知道它收到的是 logit，不是機率。",
                "keras.Sequential 依序堆疊 Embedding(vocab_size, embedding_dim)、"
                "GlobalAveragePooling1D、Dense(16, relu) 與 Dense(1)。用 Adam 最佳化器、"
                "以 logit 計算的二元交叉熵，以及 accuracy 指標來編譯。",
                answer(ZH, build=BUILD),
            ),
        },
        link=Link("build", ("vocab_size",), ("model",)),
    ),
    Step(
        4,
        "train",
        ("train",),
        {EN: "train for one epoch", ZH: "訓練一個 epoch"},
        {
            EN: (
                "Training is a single call on the model. What it returns records each "
                "epoch's metrics, and the validation metrics appear only when the model is "
                "given the test batches (and told how many of them to read).",
                "model.fit(...) takes the training batches, epochs, validation_data and "
                "validation_steps; return the History it gives back.",
                answer(EN, train=TRAIN),
            ),
            ZH: (
                "訓練只需要對模型呼叫一次。它的回傳值記錄每個 epoch 的指標；"
                "只有把測試批次交給模型（並告訴它讀幾批）時，才會有驗證指標。",
                "model.fit(...) 接受訓練批次、epochs、validation_data 與 validation_steps；"
                "回傳它給你的 History。",
                answer(ZH, train=TRAIN),
            ),
        },
        link=Link("train", ("model", "train_batches", "test_batches"), ("history",)),
    ),
    Step(
        5,
        "export",
        ("label", "export"),
        {EN: "write metadata.tsv and a checkpoint", ZH: "寫出 metadata.tsv 與檢查點"},
        {
            EN: (
                "Two files must agree row by row: metadata.tsv (one label per line) and a "
                "checkpoint of the embedding matrix. Row 0 is padding: drop it from both. "
                "The projector skips blank lines and splits on tabs and newlines, so no "
                "label may be blank or contain one.",
                "label(): replace tabs and line breaks with visible escapes (\\t, \\n) and "
                "give an empty token a placeholder. export(): the weights are "
                "model.layers[0].get_weights()[0]; tf.train.Checkpoint(embedding=...) saves "
                "a tf.Variable, and its .save() also writes the `checkpoint` file "
                "TensorBoard looks for.",
                answer(EN, label=LABEL, export=EXPORT),
            ),
            ZH: (
                "兩個檔案必須逐列對齊：metadata.tsv（每行一個標籤）和嵌入矩陣的檢查點。"
                "第 0 列是補齊用的：兩邊都要去掉。投影器會略過空白行，也會在 tab 與換行處切開，"
                "所以標籤不能是空白，也不能含有這些字元。",
                "label()：把 tab 與換行換成看得見的跳脫字元（\\t、\\n），空的詞給一個佔位字。"
                "export()：權重是 model.layers[0].get_weights()[0]；"
                "tf.train.Checkpoint(embedding=...) 儲存一個 tf.Variable，它的 .save() "
                "還會寫出 TensorBoard 要找的 `checkpoint` 檔。",
                answer(ZH, label=LABEL, export=EXPORT),
            ),
        },
        link=Link("export", ("model", "vocabulary", "log_dir"), ("checkpoint",)),
    ),
    Step(
        6,
        "configure",
        ("configure",),
        {EN: "write projector_config.pbtxt", ZH: "寫出 projector_config.pbtxt"},
        {
            EN: (
                "The projector finds the tensor by its key inside the checkpoint, and the "
                "labels by a path it resolves against the log dir. A path that works only "
                "from your working directory breaks as soon as the log dir moves.",
                "tensorboard.plugins.projector has ProjectorConfig (add one entry to its "
                "embeddings) and visualize_embeddings(log_dir, config). "
                "tf.train.list_variables(log_dir) lists the checkpoint's keys: yours starts "
                "with 'embedding/'.",
                answer(EN, configure=CONFIGURE),
            ),
            ZH: (
                "投影器用檢查點裡的鍵找到張量，並以 log 目錄為基準解析路徑來找到標籤。"
                "只在你的工作目錄下才有效的路徑，一搬動 log 目錄就會失效。",
                "tensorboard.plugins.projector 有 ProjectorConfig（在它的 embeddings 裡加一筆）"
                "與 visualize_embeddings(log_dir, config)。tf.train.list_variables(log_dir) "
                "會列出檢查點的鍵：你的那個以 'embedding/' 開頭。",
                answer(ZH, configure=CONFIGURE),
            ),
        },
        link=Link("configure", ("log_dir",), ("config_path",)),
    ),
    Step(
        7,
        "analyse",
        ("read_log_dir", "distances", "nearest"),
        {EN: "the inspector's nearest neighbours", ZH: "檢視器列出的最近鄰"},
        {
            EN: (
                "The inspector measures in the original 16-D space, never in the picture. "
                "Cosine distance compares directions, not lengths; the clicked point is not "
                "its own neighbour; ties come out in row order; a zero vector has similarity "
                "0 to everything.",
                "read_log_dir: tf.train.load_checkpoint(log_dir).get_tensor(key), with the "
                "key that step 6 names as tensor_name. distances: np.linalg.norm(weights, axis=1) "
                "gives every row's length, and np.divide(..., where=norms > 0) avoids 0/0. "
                "nearest: a stable sort by distance, then row.",
                answer(EN, read_log_dir=READ_LOG_DIR, distances=DISTANCES, nearest=NEAREST),
            ),
            ZH: (
                "檢視器是在原本的 16 維空間中量距離，不是在畫面上。餘弦距離比較的是方向，"
                "不是長度；被點選的點不是自己的鄰居；距離相同時依列號排序；零向量與任何向量的相似度都是 0。",
                "read_log_dir：用第 6 步寫成 tensor_name 的那個鍵呼叫 "
                "tf.train.load_checkpoint(log_dir).get_tensor(key)。distances："
                "np.linalg.norm(weights, axis=1) 給出每一列的長度，np.divide(..., where=norms > 0) "
                "避免 0/0。nearest：先依距離、再依列號的穩定排序。",
                answer(ZH, read_log_dir=READ_LOG_DIR, distances=DISTANCES, nearest=NEAREST),
            ),
        },
    ),
    Step(
        8,
        "colour",
        ("colour", "follows"),
        {EN: "colour each word by its lean", ZH: "依傾向替每個詞上色"},
        {
            EN: (
                "The projector colours points by any column of a metadata file that starts "
                "with a header line. A word's lean is a share: of the training reviews that "
                "contain it, how many are positive. Count a review once per word, however "
                "often the word appears in it, and keep row i for token id i + 1.",
                "np.unique(ids) gives the words of one review once each; "
                "np.divide(positives, counts, out=np.full(len(counts), 0.5), where=counts > 0) "
                "avoids 0/0. text_format.Parse and text_format.MessageToString read and write "
                "the config. follows: np.linalg.svd(centred)[2][0] is PCA's first direction; "
                "np.argsort(np.argsort(values)) gives ranks; np.corrcoef correlates them.",
                answer(EN, colour=COLOUR, follows=FOLLOWS),
            ),
            ZH: (
                "投影器可以依中繼資料檔的任何一欄替點上色，只要檔案的第一行是標題列。一個詞的傾向是一個比例："
                "在含有這個詞的訓練影評中，正面的佔多少。一則影評裡不管這個詞出現幾次，都只算一次；"
                "第 i 列對應詞元 id i + 1。",
                "np.unique(ids) 讓一則影評裡的每個詞只出現一次；"
                "np.divide(positives, counts, out=np.full(len(counts), 0.5), where=counts > 0) "
                "避免 0/0。text_format.Parse 和 text_format.MessageToString 負責讀寫設定檔。"
                "follows：np.linalg.svd(centred)[2][0] 是 PCA 的第一個方向；"
                "np.argsort(np.argsort(values)) 得到名次；再用 np.corrcoef 算名次的相關係數。",
                answer(ZH, colour=COLOUR, follows=FOLLOWS),
            ),
        },
        link=Link("colour", ("train_data", "log_dir"), ("lean_path",)),
    ),
)

# What the chain derives between links: build(vocab_size) takes len(vocabulary).
DERIVED = {"vocab_size": ("vocabulary", len)}
CHAINED = tuple(step for step in STEPS if step.link)  # load ... configure, colour


@dataclass(frozen=True)
class EndToEnd:
    """The board's last row: the check that chains the learner's own steps (``CHAINED``) and
    lets TensorBoard's projector plugin read the log dir they wrote."""

    name: str
    title: dict
    number = None  # not a step: no number, no hints, no step file

    def label(self, lang: str = EN) -> str:
        return "端對端" if lang == ZH else "end to end"

    def marker(self, lang: str = EN) -> str:
        return f"{self.name}: your own steps chained, checked by TensorBoard's projector"

    @property
    def test_file(self) -> str:
        return f"tests/test_{self.name}.py"


END_TO_END = "end_to_end"  # its marker: `pytest -m end_to_end`
END_TO_END_ROW = EndToEnd(
    END_TO_END,
    {EN: "your seven steps, in TensorBoard", ZH: "你的七個步驟在 TensorBoard 中顯示"},
)
ROWS = (*STEPS, END_TO_END_ROW)  # the board's rows, in order

# Shown once, when a step passes for the first time: why it matters, and where to read more.
WHY = {
    "load": {
        EN: "A model reads numbers, not words: the vocabulary turns each word into an id, and "
        "its order becomes the order of the rows the projector shows.",
        ZH: "模型讀的是數字，不是文字：詞彙表把每個詞變成一個 id，而它的順序就是投影器顯示的列的順序。",
        "link": "https://www.tensorflow.org/api_docs/python/tf/keras/layers/TextVectorization",
    },
    "pad": {
        EN: "Batches let the model learn from many reviews at once; shuffling keeps it from "
        "learning the order of the file instead of the sentiment.",
        ZH: "批次讓模型一次從許多影評學習；打亂順序讓它學到的是情感，而不是檔案的順序。",
        "link": "https://www.tensorflow.org/guide/data#batching_tensors_with_padding",
    },
    "build": {
        EN: "The Embedding layer is the table the projector shows: one row of 16 numbers per "
        "word, learned like any other weight.",
        ZH: "嵌入層就是投影器顯示的那張表：每個詞一列 16 個數字，和其他權重一樣是學出來的。",
        "link": "https://www.tensorflow.org/text/guide/word_embeddings",
    },
    "train": {
        EN: "Training moves the rows of words used alike closer together: it turns a random "
        "table into a map of meaning.",
        ZH: "訓練讓用法相近的詞的列彼此靠近：它把一張隨機的表變成一張意義的地圖。",
        "link": "https://keras.io/api/models/model_training_apis/",
    },
    "export": {
        EN: "The projector reads a checkpoint and a metadata file: row i of one must label row "
        "i of the other, or every point shows the wrong word.",
        ZH: "投影器讀取一個檢查點和一個中繼資料檔：兩者的第 i 列必須互相對應，否則每個點都會顯示錯的詞。",
        "link": "https://www.tensorflow.org/tensorboard/tensorboard_projector_plugin",
    },
    "configure": {
        EN: "projector_config.pbtxt is how TensorBoard finds your tensor and its labels; paths "
        "relative to the log dir keep working when the folder moves.",
        ZH: "TensorBoard 靠 projector_config.pbtxt 找到你的張量和它的標籤；相對於 log 目錄的路徑在資料夾搬動後仍然有效。",
        "link": "https://www.tensorflow.org/tensorboard/tensorboard_projector_plugin",
    },
    "analyse": {
        EN: "Nearest neighbours are how you read an embedding: they are what the projector's "
        "inspector lists when you click a word.",
        ZH: "最近鄰是解讀嵌入的方式：你在投影器中點選一個詞時，檢視器列出的就是它們。",
        "link": "https://www.tensorflow.org/text/guide/word_embeddings",
    },
    "colour": {
        EN: "Coloured by lean, the picture gets its meaning: after one epoch most words moved "
        "along one direction, from negative to positive, and PCA's first axis is that "
        "direction.",
        ZH: "依傾向上色之後，畫面就有了意義：訓練一個 epoch 後，大部分的詞都沿著同一個方向移動，從負面到正面，"
        "而 PCA 的第一軸就是這個方向。",
        "link": "https://www.tensorflow.org/tensorboard/tensorboard_projector_plugin",
    },
}

# The one scale of points: grades.csv, Gradescope's results.json and GitHub Classroom's
# workflow all read it. Change a number here and all three follow.
POINTS = {
    "load": 1, "pad": 1, "build": 1, "train": 1, "export": 1, "configure": 1, "analyse": 1,
    "colour": 1,
}  # fmt: skip
POINTS[END_TO_END] = 1
assert list(POINTS) == [row.name for row in ROWS]

BY_MODULE = {step.module: step for step in STEPS}
BY_NAME = {step.name: step for step in STEPS}
BY_ROW = {row.name: row for row in ROWS}


def title(name: str, lang: str = EN) -> str:
    """The board's title of a row (a step, or the end-to-end check) in ``lang``."""
    return BY_ROW[name].title[lang]
