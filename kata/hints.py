"""Hints: one source of truth per step, from a nudge (level 1) to nearly the answer (level 3).

``python -m kata hint N`` shows the next level for step N; the board shows level 1.
"""

HINTS = {
    "load": {
        "en": [
            "tfds.load(name, split=('train', 'test'), as_supervised=True, with_info=True, "
            "data_dir=data_dir) gives you (text, label) pairs. A keras.layers.TextVectorization "
            "turns text into ids once it has seen the training text with .adapt(...).",
            "Adapt on the training text only: train.map(lambda text, label: text).batch(1024). "
            "Then map each (text, label) to (vectorize(text[tf.newaxis])[0], label), so every "
            "review stays a 1-D vector of int64 ids.",
            "vocabulary = [str(t) for t in vectorize.get_vocabulary()] turns numpy strings into "
            "plain str. Return (train.map(to_ids), test.map(to_ids), vocabulary).",
        ],
        "zh-TW": [
            "tfds.load(name, split=('train', 'test'), as_supervised=True, with_info=True, "
            "data_dir=data_dir) 會給你 (text, label) 配對。keras.layers.TextVectorization "
            "用 .adapt(...) 看過訓練文字後，就能把文字轉成 id。",
            "只用訓練文字來 adapt：train.map(lambda text, label: text).batch(1024)。"
            "然後把每個 (text, label) 對應成 (vectorize(text[tf.newaxis])[0], label)，"
            "讓每則評論都是一維的 int64 id 向量。",
            "vocabulary = [str(t) for t in vectorize.get_vocabulary()] 把 numpy 字串轉成一般的 "
            "str。回傳 (train.map(to_ids), test.map(to_ids), vocabulary)。",
        ],
    },
    "pad": {
        "en": [
            "Reviews have different lengths; a batch must be a rectangle. tf.data can pad each "
            "batch to its longest review.",
            "dataset.shuffle(buffer_size) mixes the order; dataset.padded_batch(batch_size) "
            "groups and pads with 0, the padding id.",
            "return (train_data.shuffle(buffer_size).padded_batch(batch_size), "
            "test_data.shuffle(buffer_size).padded_batch(batch_size))",
        ],
        "zh-TW": [
            "評論長短不一，但一個批次必須是矩形。tf.data 可以把每個批次補齊到其中最長的評論。",
            "dataset.shuffle(buffer_size) 打亂順序；dataset.padded_batch(batch_size) "
            "分批並用 0（填充 id）補齊。",
            "return (train_data.shuffle(buffer_size).padded_batch(batch_size), "
            "test_data.shuffle(buffer_size).padded_batch(batch_size))",
        ],
    },
    "build": {
        "en": [
            "keras.Sequential([...]) stacks layers in order; the Embedding must be first, "
            "because export() reads model.layers[0].",
            "The layers: Embedding(vocab_size, embedding_dim), GlobalAveragePooling1D(), "
            "Dense(16, activation='relu'), Dense(1). The last one outputs a logit, not a "
            "probability.",
            "model.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy("
            "from_logits=True), metrics=['accuracy']); return model",
        ],
        "zh-TW": [
            "keras.Sequential([...]) 依序堆疊各層；Embedding 必須在第一層，"
            "因為 export() 讀取的是 model.layers[0]。",
            "各層依序為：Embedding(vocab_size, embedding_dim)、GlobalAveragePooling1D()、"
            "Dense(16, activation='relu')、Dense(1)。最後一層輸出的是 logit，不是機率。",
            "model.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy("
            "from_logits=True), metrics=['accuracy'])；然後 return model",
        ],
    },
    "train": {
        "en": [
            "Training is one call to model.fit(...); return what it returns.",
            "Pass validation_data=test_batches, so the History has val_accuracy, and "
            "validation_steps, so validation reads only that many batches.",
            "return model.fit(train_batches, epochs=epochs, validation_data=test_batches, "
            "validation_steps=validation_steps)",
        ],
        "zh-TW": [
            "訓練只需要呼叫一次 model.fit(...)；把它的回傳值回傳。",
            "傳入 validation_data=test_batches，History 才會有 val_accuracy；"
            "傳入 validation_steps，驗證就只讀取那麼多批次。",
            "return model.fit(train_batches, epochs=epochs, validation_data=test_batches, "
            "validation_steps=validation_steps)",
        ],
    },
    "export": {
        "en": [
            "Two files must agree row by row: metadata.tsv (one label per line) and a "
            "checkpoint of the embedding matrix. Row 0 is padding: drop it from both.",
            "Write vocabulary[1:] with open(path, 'w', encoding='utf-8'), one label(token) per "
            "line; weights = model.layers[0].get_weights()[0][1:]. A token with a tab or "
            "newline would break a line: escape it; a blank token needs a visible placeholder.",
            "checkpoint = tf.train.Checkpoint(embedding=tf.Variable(weights)); "
            "return checkpoint.save(os.path.join(log_dir, 'embedding.ckpt')). Use save(), not "
            "write(): save() also writes the `checkpoint` file TensorBoard looks for.",
        ],
        "zh-TW": [
            "兩個檔案必須逐列對齊：metadata.tsv（每行一個標籤）和嵌入矩陣的檢查點。"
            "第 0 列是填充：兩邊都要去掉。",
            "用 open(path, 'w', encoding='utf-8') 寫入 vocabulary[1:]，每行一個 label(token)；"
            "weights = model.layers[0].get_weights()[0][1:]。含 tab 或換行的詞會拆斷一行："
            "要跳脫；空白的詞需要看得見的佔位字。",
            "checkpoint = tf.train.Checkpoint(embedding=tf.Variable(weights))；"
            "return checkpoint.save(os.path.join(log_dir, 'embedding.ckpt'))。要用 save() "
            "而不是 write()：save() 才會寫出 TensorBoard 要找的 `checkpoint` 檔。",
        ],
    },
    "configure": {
        "en": [
            "The projector reads projector_config.pbtxt in the log dir: it names the tensor in "
            "the checkpoint and the metadata file.",
            "config = projector.ProjectorConfig(); embedding = config.embeddings.add(); the "
            "tensor of a tf.train.Checkpoint(embedding=...) is called "
            "'embedding/.ATTRIBUTES/VARIABLE_VALUE'.",
            "embedding.metadata_path = 'metadata.tsv' (relative!); "
            "projector.visualize_embeddings(log_dir, config); return "
            "os.path.join(log_dir, 'projector_config.pbtxt')",
        ],
        "zh-TW": [
            "投影器會讀取 log 目錄裡的 projector_config.pbtxt：它指明檢查點中的張量和中繼資料檔。",
            "config = projector.ProjectorConfig()；embedding = config.embeddings.add()；"
            "tf.train.Checkpoint(embedding=...) 裡的張量名稱是 "
            "'embedding/.ATTRIBUTES/VARIABLE_VALUE'。",
            "embedding.metadata_path = 'metadata.tsv'（相對路徑！）；"
            "projector.visualize_embeddings(log_dir, config)；return "
            "os.path.join(log_dir, 'projector_config.pbtxt')",
        ],
    },
    "analyse": {
        "en": [
            "Cosine distance is 1 - a·b / (|a| |b|): it compares directions, not lengths. "
            "Compute it from the query's row to every row at once with numpy.",
            "np.linalg.norm(weights, axis=1) gives every row's length; "
            "np.divide(dots, norms, out=np.zeros(n), where=norms > 0) keeps zero vectors at "
            "similarity 0. Euclidean: np.linalg.norm(weights - query, axis=1).",
            "order = np.lexsort((np.arange(n), distance)) sorts by distance, then by row; "
            "skip the query's own row and keep k. Unknown token: raise ValueError with "
            "difflib.get_close_matches(query, labels).",
        ],
        "zh-TW": [
            "餘弦距離是 1 - a·b / (|a| |b|)：它比較的是方向，不是長度。用 numpy 一次算出查詢列到每一列的距離。",
            "np.linalg.norm(weights, axis=1) 給出每一列的長度；"
            "np.divide(dots, norms, out=np.zeros(n), where=norms > 0) 讓零向量的相似度保持 0。"
            "歐氏距離：np.linalg.norm(weights - query, axis=1)。",
            "order = np.lexsort((np.arange(n), distance)) 先依距離、再依列號排序；"
            "略過查詢本身那一列，取前 k 個。未知的詞：用 difflib.get_close_matches(query, labels) "
            "拋出 ValueError。",
        ],
    },
}


def hint(step_name: str, level: int, lang: str) -> str:
    """Hint ``level`` (1-based, capped at the last) of a step, in ``lang``."""
    levels = HINTS[step_name][lang]
    return levels[min(level, len(levels)) - 1]
