"""The catalogue of wrong solutions: the classic mistakes of each step of the tutorial.

Each entry is a realistic wrong answer, written as one edit of the reference
solution (``old`` replaced by ``new`` in ``solutions/<step file>``), the reason
a learner makes it, and words its failure sentence must contain. The kata's
own test (``selftests/test_mutants.py``) grades every entry: it must fail its
own step with that sentence and leave every later step passed (earlier steps
ran before the wrong code was even imported). A mistake a learner shows us
becomes a new entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    step: str  # the step it breaks
    name: str
    why: str  # why a learner writes it
    old: str  # text of the reference solution ...
    new: str  # ... replaced by this
    expect: str  # words of the failure sentence


MUTANTS = (
    # step 1, load
    Mutant(
        "load",
        "as_supervised_off",
        "forgot as_supervised=True; the map gets one dict",
        "as_supervised=True,",
        "as_supervised=False,",
        "missing 1 required positional argument: 'label'",
    ),
    Mutant(
        "load",
        "numpy_tokens",
        "returned get_vocabulary() as it is (numpy strings)",
        "vocabulary = [str(token) for token in vectorize.get_vocabulary()]",
        "vocabulary = vectorize.get_vocabulary()",
        "not str",
    ),
    Mutant(
        "load",
        "max_tokens_ignored",
        "hard-coded the tutorial's vocabulary size",
        "TextVectorization(max_tokens=max_tokens)",
        "TextVectorization(max_tokens=8185)",
        "max_tokens=20",
    ),
    Mutant(
        "load",
        "fixed_length",
        "copied output_sequence_length from another tutorial",
        "TextVectorization(max_tokens=max_tokens)",
        "TextVectorization(max_tokens=max_tokens, output_sequence_length=64)",
        "no fixed length",
    ),
    Mutant(
        "load",
        "shuffled_in_load",
        "shuffled while loading instead of in pad()",
        "return train_text.map(to_ids)",
        "return train_text.shuffle(1000).map(to_ids)",
        "keep the TFDS order",
    ),
    Mutant(
        "load",
        "batched_ids",
        "kept the batch axis: ids of shape (1, n)",
        "return vectorize(text[tf.newaxis])[0], label",
        "return vectorize(text[tf.newaxis]), label",
        "1-D int64 ids",
    ),
    # step 2, pad
    Mutant(
        "pad",
        "no_shuffle",
        "forgot to shuffle the training data",
        "train_data.shuffle(buffer_size).padded_batch(batch_size)",
        "train_data.padded_batch(batch_size)",
        "first 10 reviews in order",
    ),
    Mutant(
        "pad",
        "buffer_hard_coded",
        "wrote the tutorial's 1000 instead of buffer_size",
        "train_data.shuffle(buffer_size)",
        "train_data.shuffle(1000)",
        "buffer_size=50",
    ),
    Mutant(
        "pad",
        "shuffled_batches",
        "shuffled after batching: batches of neighbours",
        "train_data.shuffle(buffer_size).padded_batch(batch_size)",
        "train_data.padded_batch(batch_size).shuffle(buffer_size)",
        "neighbouring reviews",
    ),
    Mutant(
        "pad",
        "same_order_each_pass",
        "turned off reshuffling, so every epoch is the same",
        "train_data.shuffle(buffer_size)",
        "train_data.shuffle(buffer_size, reshuffle_each_iteration=False)",
        "very same batches",
    ),
    Mutant(
        "pad",
        "batch_not_padded",
        "used batch() on reviews of different lengths",
        "train_data.shuffle(buffer_size).padded_batch(batch_size)",
        "train_data.shuffle(buffer_size).batch(batch_size)",
        "InvalidArgumentError",
    ),
    Mutant(
        "pad",
        "drop_remainder",
        "dropped the last, smaller batch",
        "train_data.shuffle(buffer_size).padded_batch(batch_size)",
        "train_data.shuffle(buffer_size).padded_batch(batch_size, drop_remainder=True)",
        "keep the last, smaller batch",
    ),
    Mutant(
        "pad",
        "batch_size_hard_coded",
        "wrote the tutorial's 10 instead of batch_size",
        "train_data.shuffle(buffer_size).padded_batch(batch_size)",
        "train_data.shuffle(buffer_size).padded_batch(10)",
        "batch_size=4",
    ),
    # step 3, build
    Mutant(
        "build",
        "sigmoid_output",
        "added a sigmoid although the loss takes logits",
        "keras.layers.Dense(1),",
        'keras.layers.Dense(1, activation="sigmoid"),',
        "no activation",
    ),
    Mutant(
        "build",
        "probabilities_loss",
        "left from_logits at its default, False",
        "BinaryCrossentropy(from_logits=True)",
        "BinaryCrossentropy()",
        "from_logits=True",
    ),
    Mutant(
        "build",
        "off_by_one_rows",
        "counted the vocabulary without the padding token",
        "Embedding(vocab_size, embedding_dim)",
        "Embedding(vocab_size - 1, embedding_dim)",
        "expected Embedding(123, 16)",
    ),
    Mutant(
        "build",
        "no_accuracy",
        "compiled without metrics, so no val_accuracy",
        'metrics=["accuracy"],',
        "",
        "add 'accuracy'",
    ),
    Mutant(
        "build", "not_compiled", "forgot model.compile", "model.compile(", "dict(", "compiled model"
    ),
    Mutant(
        "build",
        "frozen_embedding",
        "froze the embedding (trainable=False), as for pretrained vectors",
        "keras.layers.Embedding(vocab_size, embedding_dim),",
        "keras.layers.Embedding(vocab_size, embedding_dim, trainable=False),",
        "the embedding must learn",
    ),
    Mutant(
        "build",
        "learning_rate_zero",
        "passed a learning rate of 0 (a typo for 1e-3)",
        'optimizer="adam",',
        "optimizer=keras.optimizers.Adam(learning_rate=0.0),",
        "compile with a learning optimizer",
    ),
    # step 4, train
    Mutant(
        "train",
        "no_validation",
        "fit without validation_data",
        "validation_data=test_batches,\n        validation_steps=validation_steps,",
        "",
        "pass validation_data=test_batches",
    ),
    Mutant(
        "train",
        "whole_test_set",
        "validated on every test batch",
        "validation_steps=validation_steps,",
        "",
        "validation_steps=validation_steps",
    ),
    Mutant(
        "train",
        "validation_steps_literal",
        "wrote the tutorial's 20 instead of the argument",
        "validation_steps=validation_steps,",
        "validation_steps=20,",
        "validation_steps=validation_steps",
    ),
    Mutant(
        "train",
        "fits_on_test_data_beneath_the_counter",
        "fitted on the test batches too (under the dataset the judge counts), for a better score",
        "    return model.fit(",
        "    model.fit(getattr(test_batches, '_input_dataset', test_batches), epochs=3, verbose=0)"
        "\n    return model.fit(",
        "never fit on test_batches",
    ),
    Mutant(
        "train",
        "returns_a_pair",
        "returned the model with the history",
        "return model.fit(",
        "return model, model.fit(",
        "return what model.fit",
    ),
    # step 5, export
    Mutant(
        "export",
        "padding_row_kept",
        "saved every row, the padding row too",
        "get_weights()[0][1:]",
        "get_weights()[0]",
        "drop row 0",
    ),
    Mutant(
        "export",
        "padding_label_kept",
        "wrote every token, '' first",
        "for token in vocabulary[1:]:",
        "for token in vocabulary:",
        "metadata lines",
    ),
    Mutant(
        "export",
        "write_not_save",
        "checkpoint.write(): no `checkpoint` file",
        "checkpoint.save(",
        "checkpoint.write(",
        "no `checkpoint` file",
    ),
    Mutant(
        "export",
        "tab_kept",
        "did not escape tabs: the projector sees two columns",
        '.replace("\\t", "\\\\t")',
        "",
        "contains a tab",
    ),
    Mutant(
        "export",
        "blank_kept",
        "wrote a blank token as a blank line, which is skipped",
        'return text if text.strip() else "[BLANK]"',
        "return text",
        "is blank",
    ),
    Mutant(
        "export",
        "other_variable_name",
        "named the checkpoint's variable differently",
        "tf.train.Checkpoint(embedding=weights)",
        "tf.train.Checkpoint(weights=weights)",
        "the checkpoint has no",
    ),
    Mutant(
        "export",
        "header_line",
        "wrote a header for a single column",
        "        for token in vocabulary[1:]:",
        '        f.write("token\\n")\n        for token in vocabulary[1:]:',
        "write no header",
    ),
    Mutant(
        "export",
        "not_utf8",
        "wrote metadata in the platform's legacy encoding",
        'encoding="utf-8", newline',
        'encoding="latin-1", newline',
        "UnicodeEncodeError",
    ),
    # step 6, configure
    Mutant(
        "configure",
        "absolute_metadata",
        "wrote the metadata path in full",
        'embedding.metadata_path = "metadata.tsv"',
        'embedding.metadata_path = os.path.join(log_dir, "metadata.tsv")',
        "relative",
    ),
    Mutant(
        "configure",
        "variable_name_as_tensor",
        "named the variable, not its checkpoint key",
        '"embedding/.ATTRIBUTES/VARIABLE_VALUE"',
        '"embedding"',
        "tensor_name is 'embedding'",
    ),
    Mutant(
        "configure",
        "checkpoint_path_set",
        "pointed the config at the checkpoint file",
        'embedding.metadata_path = "metadata.tsv"',
        'embedding.metadata_path = "metadata.tsv"\n'
        '    config.model_checkpoint_path = os.path.join(log_dir, "embedding.ckpt-1")',
        "model_checkpoint_path is",
    ),
    # step 7, analyse
    Mutant(
        "analyse",
        "argsort",
        "sorted with np.argsort, which does not keep ties in order",
        "order = np.lexsort((np.arange(len(labels)), distance))",
        "order = np.argsort(distance)",
        "keep row order",
    ),
    Mutant(
        "analyse",
        "similarity_not_distance",
        "ranked by similarity: farthest first",
        "return 1 - similarity",
        "return similarity",
        "other two tokens of its group",
    ),
    Mutant(
        "analyse",
        "query_kept",
        "listed the query as its own nearest neighbour",
        "if i != row][:k]",
        "][:k]",
        "query itself",
    ),
    Mutant(
        "analyse",
        "zero_vector_nan",
        "divided by a zero norm: NaN",
        "np.divide(weights @ query, norms, out=np.zeros(len(weights)), where=norms > 0)",
        "(weights @ query) / norms",
        "zero vector",
    ),
    Mutant(
        "analyse",
        "euclidean_ignored",
        "always used cosine",
        'if metric == "euclidean":',
        'if metric == "euclidian":',
        "metric='euclidean'",
    ),
    Mutant(
        "analyse",
        "no_suggestions",
        "let labels.index raise its own error",
        "if query not in labels:",
        "if False:",
        "suggest close spellings",
    ),
    Mutant(
        "analyse",
        "trailing_blank_label",
        "kept the '' after the last newline",
        'if labels and labels[-1] == "":',
        "if False:",
        "1 extra at the end",
    ),
    Mutant(
        "analyse",
        "labels_splitlines",
        "read metadata.tsv with splitlines(), which also splits on form feeds and separators",
        'labels = f.read().split("\\n")',
        "labels = f.read().splitlines()",
        "split on",
    ),
    Mutant(
        "analyse",
        "labels_stripped",
        "stripped each line, and with it the spaces a label may start or end with",
        'labels = f.read().split("\\n")',
        "labels = [line.strip() for line in f]",
        "strip nothing",
    ),
    # step 8, colour
    Mutant(
        "colour",
        "no_header",
        "wrote the rows only, like step 5's single column",
        'f.write("\\t".join(COLUMNS) + "\\n")',
        "pass  # no header: the rows only",
        "expected the header token, count, lean",
    ),
    Mutant(
        "colour",
        "rows_off_by_one",
        "paired row i with token id i, forgetting that row 0 (padding) was dropped",
        "enumerate(labels, start=1)",
        "enumerate(labels)",
        "the counts differ",
    ),
    Mutant(
        "colour",
        "counts_a_sample",
        "counted a sample of the reviews to save time, not every training review it was given",
        "train_data.padded_batch(1000)",
        "train_data.take(100).padded_batch(1000)",
        "the counts differ",
    ),
    Mutant(
        "colour",
        "counts_every_occurrence",
        "counted every time a word appears, not the reviews that contain it",
        "counts[present] += 1",
        "np.add.at(counts, ids[(ids > 0) & (ids <= len(labels))], 1)",
        "each review once",
    ),
    Mutant(
        "colour",
        "signed_correlation",
        "returned the correlation with its sign, which PCA's direction does not have",
        "return float(abs(np.corrcoef(ranks(along), ranks(np.asarray(lean)))[0, 1]))",
        "return float(np.corrcoef(ranks(along), ranks(np.asarray(lean)))[0, 1])",
        "expected about 1",
    ),
)
