"""繁體中文 (Traditional Chinese): every learner-facing sentence, keyed by its English original.

A check in solutions/test_grader.py proves that every ``say("...")`` sentence of
the kata has an entry here, with the same ``{fields}``.
"""

TEXT = {
    # the board
    "Embedding Projector kata: grading {folder}/": "嵌入投影器 kata：正在評分 {folder}/",
    "{passed}/{total} steps": "{passed}/{total} 步",
    "Watching {folder}/ for saves (Ctrl-C to stop)": "正在監看 {folder}/ 的存檔（按 Ctrl-C 停止）",
    "Not run: an earlier check of this step was stopped after {seconds} s.": (
        "未執行：這一步稍早的檢查已在 {seconds} 秒後被停止。"
    ),
    "Stopped after {seconds} s: the code hangs or loops forever.": (
        "{seconds} 秒後被停止：程式卡住了，或陷入無窮迴圈。"
    ),
    "end to end": "端到端",
    "All done: open your projector with `tox -e projector`.": (
        "全部完成：用 `tox -e projector` 打開你的投影器。"
    ),
    "Next: step {number} ({name})": "下一步：第 {number} 步（{name}）",
    "Next: the end-to-end check chains your six steps": "下一步：端到端檢查會串起你的六個步驟",
    "  (more: python -m kata hint {number}; grade one step: pytest -m {name})": (
        "  （更多提示：python -m kata hint {number}；只評這一步：pytest -m {name}）"
    ),
    "({failing} of {total} checks fail)": "（{total} 項檢查中有 {failing} 項未通過）",
    "Hint: {hint}": "提示：{hint}",
    "Re-checked {file} in {seconds:.1f} s": "已在 {seconds:.1f} 秒內重新檢查 {file}",
    "passed": "通過",
    "failing": "未通過",
    "not started": "尚未開始",
    "timed out": "逾時",
    "import error": "匯入錯誤",
    "load the reviews, learn a vocabulary": "載入評論，學習詞彙表",
    "shuffle and pad into batches": "打亂並補齊成批次",
    "build and compile the model": "建立並編譯模型",
    "train for one epoch": "訓練一個 epoch",
    "write metadata.tsv and a checkpoint": "寫出 metadata.tsv 與檢查點",
    "write projector_config.pbtxt": "寫出 projector_config.pbtxt",
    "your six steps, served by TensorBoard": "你的六個步驟，由 TensorBoard 提供",
    # the graded code's failures
    "Called {call}: it raised": "呼叫 {call}：它拋出了",
    "(run pytest with --kata-traceback to see the full traceback)": (
        "（用 pytest --kata-traceback 執行可看到完整的追蹤訊息）"
    ),
    "{path} is missing: step {number} lives there.": "找不到 {path}：第 {number} 步寫在那裡。",
    "{path} has no function {name}(): keep the names the stub gave you.": (
        "{path} 沒有函式 {name}()：請保留範本給你的名稱。"
    ),
    "{path} does not import:": "{path} 無法匯入：",
    "Step {number} ({name}) is not done yet: {function}() in {path} still raises "
    "NotImplementedError. Replace its TODO with your code.": (
        "第 {number} 步（{name}）尚未完成：{path} 中的 {function}() 仍會拋出 "
        "NotImplementedError。請用你的程式碼取代其中的 TODO。"
    ),
    # commands
    "Offline: using the built-in corpus (kata_reviews) instead of IMDB. "
    "Set KATA_DATA=imdb_reviews to insist on IMDB.": (
        "離線：改用內建語料（kata_reviews），而不是 IMDB。設定 KATA_DATA=imdb_reviews 可堅持使用 IMDB。"
    ),
    "Step {number} ({name}), hint {level} of {levels}:": (
        "第 {number} 步（{name}），提示 {level}/{levels}："
    ),
    "There is no step {number}: choose 1 to {last}.": "沒有第 {number} 步：請選 1 到 {last}。",
    # step 1, load
    "load(...) must return a tuple (train_data, test_data, vocabulary); it returned {kind}": (
        "load(...) 必須回傳元組 (train_data, test_data, vocabulary)；它回傳了 {kind}"
    ),
    "load(...) returned {kind} as the {split} data; expected a tf.data.Dataset": (
        "load(...) 回傳的 {split} 資料是 {kind}；應該是 tf.data.Dataset"
    ),
    "each {split} element must be a pair (token_ids, label); its spec is {spec}": (
        "每個 {split} 元素必須是一對 (token_ids, label)；它的規格是 {spec}"
    ),
    "{split} token ids have spec {spec}; expected 1-D int64 ids, one review each "
    "(vectorize one review at a time, e.g. vectorize(text[tf.newaxis])[0])": (
        "{split} 的 token id 規格是 {spec}；應該是一維 int64 id，每則評論一個"
        "（一次向量化一則評論，例如 vectorize(text[tf.newaxis])[0]）"
    ),
    "{split} labels have spec {spec}; expected a scalar int64 (as_supervised=True)": (
        "{split} 的標籤規格是 {spec}；應該是純量 int64（as_supervised=True）"
    ),
    "the vocabulary is a {kind}; return a list of str": "詞彙表是 {kind}；請回傳 str 的 list",
    "the vocabulary starts {start}; TextVectorization's is ['', '[UNK]', ...]": (
        "詞彙表的開頭是 {start}；TextVectorization 的開頭是 ['', '[UNK]', ...]"
    ),
    "{count} tokens are {kind}, not str (e.g. {example}): convert them with str(token)": (
        "有 {count} 個詞是 {kind} 而不是 str（例如 {example}）：請用 str(token) 轉換"
    ),
    "load('kata_reviews') learned {mine} tokens; the reference learns {expected}": (
        "load('kata_reviews') 學到 {mine} 個詞；參考答案學到 {expected} 個"
    ),
    "the vocabulary has the right size but a different order; adapt TextVectorization on "
    "the training text only, with default standardisation": (
        "詞彙表大小正確但順序不同；請只用訓練文字、以預設的標準化來 adapt TextVectorization"
    ),
    "the first training review became ids {mine}...; expected {expected}... "
    "(keep the TFDS order; do not shuffle here)": (
        "第一則訓練評論變成了 id {mine}...；應該是 {expected}...（保持 TFDS 的順序；這裡不要打亂）"
    ),
    "the first training label differs from the dataset's": "第一個訓練標籤與資料集的不同",
    "load(..., max_tokens=20) returned {count} tokens; pass max_tokens to TextVectorization": (
        "load(..., max_tokens=20) 回傳了 {count} 個詞；請把 max_tokens 傳給 TextVectorization"
    ),
    "a word seen only in the test split is in the vocabulary: adapt on the training text "
    "only, or the test accuracy flatters the model": (
        "只出現在測試集的詞進了詞彙表：請只用訓練文字來 adapt，否則測試準確率會美化模型"
    ),
    "load('imdb_reviews') learned {vocabulary}; expected the training words": (
        "load('imdb_reviews') 學到 {vocabulary}；應該是訓練集的詞"
    ),
    "the first imdb_reviews training review 'a good film' became ids that spell {words}": (
        "imdb_reviews 的第一則訓練評論 'a good film' 變成的 id 拼出 {words}"
    ),
    # step 2, pad
    "pad(train_data, test_data) must return (train_batches, test_batches); it returned {kind}": (
        "pad(train_data, test_data) 必須回傳 (train_batches, test_batches)；它回傳了 {kind}"
    ),
    "Called pad(train_data, test_data): the first batch has shape {shape} {dtype} "
    "but (10, None) int64 was expected: use padded_batch(10)": (
        "呼叫 pad(train_data, test_data)：第一個批次的形狀是 {shape} {dtype}，"
        "但應該是 (10, None) int64：請用 padded_batch(10)"
    ),
    "the first batch's labels have shape {shape}; expected (10,)": (
        "第一個批次的標籤形狀是 {shape}；應該是 (10,)"
    ),
    "the batches' id spec is {spec}; the review length must stay None (pad per batch)": (
        "批次的 id 規格是 {spec}；評論長度必須維持 None（每個批次各自補齊）"
    ),
    "the first batch is {width} ids wide but its longest review has {longest} ids: "
    "pad to the longest review in the batch, not beyond": (
        "第一個批次寬 {width} 個 id，但其中最長的評論只有 {longest} 個 id：補齊到批次中最長的評論即可，不要更長"
    ),
    "a padded row is {row}: padding (id 0) must come after the review": (
        "有一列補齊後是 {row}：填充（id 0）必須放在評論之後"
    ),
    "the first batch holds the first 10 reviews in order: shuffle(1000) before batching": (
        "第一個批次依序裝著前 10 則評論：分批前請先 shuffle(1000)"
    ),
    "the train batches hold {count} reviews; the training data has {expected}": (
        "訓練批次共有 {count} 則評論；訓練資料有 {expected} 則"
    ),
    "the first test batch has shapes {ids}, {labels}; expected (10, None) and (10,)": (
        "第一個測試批次的形狀是 {ids}、{labels}；應該是 (10, None) 和 (10,)"
    ),
    "pad(..., batch_size=4) gave a batch of {size}": "pad(..., batch_size=4) 給出大小為 {size} 的批次",
    # step 3, build
    "build({size}) returned {kind}; expected a keras.Model": (
        "build({size}) 回傳了 {kind}；應該是 keras.Model"
    ),
    "build({size}): layer 0 is {kind}; the Embedding must come first "
    "(export() reads model.layers[0])": (
        "build({size})：第 0 層是 {kind}；Embedding 必須在第一層（export() 讀取 model.layers[0]）"
    ),
    "build({size}) made Embedding({rows}, {dims}); expected Embedding({size}, 16)": (
        "build({size}) 建立了 Embedding({rows}, {dims})；應該是 Embedding({size}, 16)"
    ),
    "build() made layers {kinds}; expected {expected}": "build() 建立的層是 {kinds}；應該是 {expected}",
    "the hidden layer is Dense({units}, {activation}); expected Dense(16, activation='relu')": (
        "隱藏層是 Dense({units}, {activation})；應該是 Dense(16, activation='relu')"
    ),
    "the output layer is Dense({units}, {activation}); expected Dense(1) with no "
    "activation: the loss takes logits": (
        "輸出層是 Dense({units}, {activation})；應該是沒有激活函數的 Dense(1)：損失函數接收的是 logit"
    ),
    "the model turned a (10, 7) batch into {shape}; expected (10, 1)": (
        "模型把 (10, 7) 的批次變成了 {shape}；應該是 (10, 1)"
    ),
    "the embedding matrix is {shape}; expected ({size}, 16)": "嵌入矩陣是 {shape}；應該是 ({size}, 16)",
    "build() must return a compiled model: call model.compile(...)": (
        "build() 必須回傳編譯過的模型：請呼叫 model.compile(...)"
    ),
    "the loss is {loss}; expected keras.losses.BinaryCrossentropy(from_logits=True), "
    "because the last layer outputs logits": (
        "損失函數是 {loss}；應該是 keras.losses.BinaryCrossentropy(from_logits=True)，因為最後一層輸出 logit"
    ),
    "the optimizer is {kind}; expected 'adam'": "優化器是 {kind}；應該是 'adam'",
    "the compiled metrics are {metrics}; add 'accuracy'": "編譯的指標是 {metrics}；請加上 'accuracy'",
    # step 4, train
    "train(...) returned {kind}; return what model.fit(...) returns": (
        "train(...) 回傳了 {kind}；請回傳 model.fit(...) 的回傳值"
    ),
    "the history has {found}; expected {expected}: pass validation_data=test_batches": (
        "history 有 {found}；應該有 {expected}：請傳入 validation_data=test_batches"
    ),
    "train(...) ran {epochs} epochs; expected epochs=1": "train(...) 跑了 {epochs} 個 epoch；應該是 epochs=1",
    "validation read {read} test batches; pass validation_steps=20 to model.fit": (
        "驗證讀了 {read} 個測試批次；請把 validation_steps=20 傳給 model.fit"
    ),
    "after one epoch val_accuracy is {accuracy:.2f}; the reference reaches about 0.9 "
    "(expected >= {minimum}): train on train_batches, validate on test_batches": (
        "一個 epoch 後 val_accuracy 是 {accuracy:.2f}；參考答案約 0.9（應 >= {minimum}）："
        "用 train_batches 訓練，用 test_batches 驗證"
    ),
    "the embedding did not change: did model.fit run?": "嵌入沒有改變：model.fit 有執行嗎？",
    # step 5, export
    "export(..., log_dir) did not create log_dir": "export(..., log_dir) 沒有建立 log_dir",
    "export(...) wrote no metadata.tsv into the log dir": "export(...) 沒有在 log 目錄寫出 metadata.tsv",
    "metadata.tsv is not UTF-8 ({error}): open it with encoding='utf-8'": (
        "metadata.tsv 不是 UTF-8（{error}）：請用 encoding='utf-8' 開檔"
    ),
    "export(...) wrote no `checkpoint` file: save with tf.train.Checkpoint(...).save(...), "
    "not write(), or TensorBoard finds nothing": (
        "export(...) 沒有寫出 `checkpoint` 檔：請用 tf.train.Checkpoint(...).save(...) 而不是 "
        "write()，否則 TensorBoard 什麼也找不到"
    ),
    "the checkpoint has no {tensor} (it has {names}): "
    "save tf.train.Checkpoint(embedding=tf.Variable(weights))": (
        "檢查點裡沒有 {tensor}（它有 {names}）：請儲存 tf.train.Checkpoint(embedding=tf.Variable(weights))"
    ),
    "export(...) saved an embedding of shape {shape} for a vocabulary of {size}; "
    "expected ({rows}, 16): drop row 0 (padding) with weights[1:]": (
        "export(...) 為大小 {size} 的詞彙表儲存了形狀 {shape} 的嵌入；應該是 ({rows}, 16)："
        "用 weights[1:] 去掉第 0 列（填充）"
    ),
    "export(...) wrote {lines} metadata lines for {rows} embedding rows: drop the padding "
    "token (index 0) from the metadata too, and write no header": (
        "export(...) 為 {rows} 列嵌入寫了 {lines} 行中繼資料：中繼資料也要去掉填充詞（索引 0），且不要寫標題列"
    ),
    "metadata line {line_number} is {line} but tensor row {row} is vocabulary[{index}] "
    "= {token}: write vocabulary[1:], one token per line": (
        "中繼資料第 {line_number} 行是 {line}，但張量第 {row} 列是 vocabulary[{index}] = {token}："
        "請寫出 vocabulary[1:]，每行一個詞"
    ),
    "tensor row {row} holds embedding row {found}, not {expected}: "
    "save model.layers[0].get_weights()[0][1:], in order": (
        "張量第 {row} 列放的是嵌入第 {found} 列，而不是第 {expected} 列："
        "請依序儲存 model.layers[0].get_weights()[0][1:]"
    ),
    "export(...) removed or changed a file that was already in log_dir": (
        "export(...) 刪除或改動了 log_dir 裡原有的檔案"
    ),
    "with tokens {tokens}, export(...) wrote {lines} lines for {rows} rows: "
    "a tab or newline inside a token must not split a line": (
        "對於詞 {tokens}，export(...) 為 {rows} 列寫了 {lines} 行：詞裡的 tab 或換行不可拆斷一行"
    ),
    "line {number} ({line}) contains a tab: the projector would read it as columns": (
        "第 {number} 行（{line}）含有 tab：投影器會把它當成多個欄位"
    ),
    "line {number} (token {token}) is blank: the projector skips blank lines and every "
    "later label shifts; write a visible placeholder": (
        "第 {number} 行（詞 {token}）是空白的：投影器會略過空白行，之後的標籤全都會錯位；請寫一個看得見的佔位字"
    ),
    "line {number} is {line}; the plain token {token} was expected": (
        "第 {number} 行是 {line}；應該是原本的詞 {token}"
    ),
    # step 6, configure
    "configure(log_dir) wrote no projector_config.pbtxt: use projector.visualize_embeddings": (
        "configure(log_dir) 沒有寫出 projector_config.pbtxt：請用 projector.visualize_embeddings"
    ),
    "the config lists {count} embeddings; expected 1": "設定檔列了 {count} 個嵌入；應該是 1 個",
    "tensor_name is {found}; expected {tensor}, the name tf.train.Checkpoint gives the "
    "`embedding` variable": (
        "tensor_name 是 {found}；應該是 {tensor}，也就是 tf.train.Checkpoint 給 `embedding` 變數的名稱"
    ),
    "metadata_path is {path}; expected 'metadata.tsv', relative to the log dir, so the "
    "log dir still works when it moves": (
        "metadata_path 是 {path}；應該是相對於 log 目錄的 'metadata.tsv'，這樣搬移 log 目錄後仍可使用"
    ),
    "model_checkpoint_path is {path}: leave it out; a relative one is resolved against "
    "TensorBoard's working directory, an absolute one breaks on moves": (
        "model_checkpoint_path 是 {path}：請不要設定；相對路徑會以 TensorBoard 的工作目錄解析，絕對路徑在搬移後會失效"
    ),
    "the log dir has problems:": "log 目錄有問題：",
    "TensorBoard's projector lists no run for the moved log dir": (
        "TensorBoard 的投影器沒有為搬移後的 log 目錄列出任何 run"
    ),
    "after a move TensorBoard sees {found}; expected {tensor} of shape [{rows}, 16]": (
        "搬移後 TensorBoard 看到 {found}；應該是形狀 [{rows}, 16] 的 {tensor}"
    ),
    "after a move TensorBoard serves {lines} metadata lines; expected {rows}": (
        "搬移後 TensorBoard 提供 {lines} 行中繼資料；應該是 {rows} 行"
    ),
    # end to end
    "your log dir has problems:": "你的 log 目錄有問題：",
    "TensorBoard lists runs {runs}; expected ['.']": "TensorBoard 列出的 run 是 {runs}；應該是 ['.']",
    "TensorBoard reports shape {shape}; expected [{rows}, 16]": (
        "TensorBoard 回報的形狀是 {shape}；應該是 [{rows}, 16]"
    ),
    "TensorBoard serves {lines} metadata lines for {rows} rows": (
        "TensorBoard 為 {rows} 列提供了 {lines} 行中繼資料"
    ),
    "TensorBoard serves {values} numbers; expected {rows} x 16": (
        "TensorBoard 提供了 {values} 個數字；應該是 {rows} x 16"
    ),
    # step 7, analyse
    "nearest neighbours, as the projector": "最近鄰，與投影器的算法相同",
    "Called {call}: expected {error}, but it returned normally": (
        "呼叫 {call}：應該拋出 {error}，但它正常回傳了"
    ),
    "nearest(...) must return a list of (token, distance) pairs; it returned {found}": (
        "nearest(...) 必須回傳 (token, distance) 配對的 list；它回傳了 {found}"
    ),
    "nearest('a1', k=2) gave {found}; expected the other two tokens of its group, "
    "['a2', 'a3']": "nearest('a1', k=2) 給出 {found}；應該是同一組的另外兩個詞 ['a2', 'a3']",
    "the distances {distances} are not in increasing order: nearest first": (
        "距離 {distances} 不是遞增排列：最近的要排第一"
    ),
    "the cosine distance from (1, 0) to {token} is {found}; expected {expected} "
    "(1 - a·b / (|a| |b|))": (
        "從 (1, 0) 到 {token} 的餘弦距離是 {found}；應該是 {expected}（1 - a·b / (|a| |b|)）"
    ),
    "with cosine, (10, 0) is nearest to (1, 0) (same direction); got {found}": (
        "用餘弦距離時，(10, 0) 離 (1, 0) 最近（方向相同）；得到的是 {found}"
    ),
    "with metric='euclidean', (1, 0.5) is nearest to (1, 0), at 0.5; got {found}": (
        "用 metric='euclidean' 時，(1, 0.5) 離 (1, 0) 最近，距離 0.5；得到的是 {found}"
    ),
    "the query itself is in its neighbours: {found}": "查詢的詞本身出現在它的鄰居中：{found}",
    "two rows equal to the query tie at distance 0 and must come in row order "
    "['dup2', 'dup1'], the same every time; got {found}": (
        "兩列與查詢相同，距離都是 0，必須依列順序排成 ['dup2', 'dup1']，而且每次都一樣；得到的是 {found}"
    ),
    "from a zero vector every cosine distance is 1 (similarity 0), ties in row order; "
    "got {found}": "從零向量出發，每個餘弦距離都是 1（相似度 0），平手依列順序；得到的是 {found}",
    "the cosine distance to a zero vector must be 1, not {found}": (
        "到零向量的餘弦距離必須是 1，而不是 {found}"
    ),
    "nearest('hitchock', ...) raised {error}; suggest close spellings such as 'hitchcock'": (
        "nearest('hitchock', ...) 拋出了 {error}；請建議相近的拼法，例如 'hitchcock'"
    ),
    "nearest(..., k=100) with {count} tokens returned {found}; expected all {others} others": (
        "在 {count} 個詞中 nearest(..., k=100) 回傳了 {found} 個；應該是其他全部 {others} 個"
    ),
    "read_log_dir(...) returned {count} labels starting {start}; expected the "
    "{expected} lines of metadata.tsv": (
        "read_log_dir(...) 回傳了 {count} 個標籤，開頭是 {start}；應該是 metadata.tsv 的 {expected} 行"
    ),
    "read_log_dir(...) returned weights of shape {shape}; expected the checkpoint's "
    "{expected} tensor, row i labelled by line i": (
        "read_log_dir(...) 回傳的權重形狀是 {shape}；應該是檢查點中 {expected} 的張量，第 i 列由第 i 行標記"
    ),
    "only {count} of the 10 nearest neighbours of {word} share its sentiment: {found}": (
        "{word} 的 10 個最近鄰中只有 {count} 個與它情感相同：{found}"
    ),
}
