#!/usr/bin/env python3
"""PyTorch reference for `npm run bench -- train`: the same models, data and measurements, in PyTorch.

Optional, not part of CI (Seqlab does not need Python). Needs PyTorch (Debian: `apt-get install python3-torch`,
1.13.1, the version issue 17's targets are quoted against) and numpy. Usage:

  python3 scripts/bench-pytorch.py --csv weatherHistory.csv [--text-csv imdb_reviews_5000.csv [--text-packed]]
      [--threads 1,2] [--window 64] [--batch-size 64] [--models rnn1,lstm1,text-lstm,text-lstm-bidirectional]

Prints one JSON object per line per model and thread count, with main/bench/bench-train.ts's field names
(impl "pytorch"), so the two outputs can be joined on model and threads. What is matched (read bench-train.ts and
bench-text.ts before changing either side):
  - forecast data: the CSV's "Temperature (C)" in time order, split 70/15/15 by time, z-scored with the training
    part's mean and std, windows of `window` steps predicting the next value (the only feature is the target);
  - models: recurrent layers of 32 units (tanh SimpleRNN, LSTM, GRU) -> Linear(1), MSE, Adam(lr 0.001);
    bidirectional joins the two directions' final states; dropout 0.2 drops each layer's inputs with one mask per
    sequence (Keras' and Seqlab's dropout, not PyTorch's between-layer dropout);
  - timing: one warm-up batch, then up to 1,000 batches or 10 s of shuffled training batches; prediction over at
    most 8192 validation windows in chunks of 1024 under no_grad, the fastest of three passes;
  - text: IMDB reviews, lower-cased words, vocabulary of the 10,000 most frequent training words (0: padding,
    1: unknown), first 200 words padded at the end, Embedding 64 -> LSTM 64 read at each text's last real word ->
    Linear(1) with binary cross-entropy; up to 150 batches or 15 s; prediction over the validation part (15%);
    text-lstm-bidirectional adds a second LSTM 64 over each text's words from the last back (padding masked).
"""
import argparse
import csv
import json
import os
import re
import resource
import sys
import time
from datetime import datetime

# PyTorch's own threads are set per measurement (torch.set_num_threads); the BLAS it calls into (Debian's build links
# whichever libblas.so.3 is installed: install libopenblas0-pthread, or it gets the unoptimised reference BLAS, ~4x
# slower here) gets one thread, so two threads means PyTorch's intra-op threads, not the BLAS's.
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

TARGET = 'Temperature (C)'
MODELS = [
    dict(model='rnn1', cell='SimpleRNN', layers=1),
    dict(model='rnn3', cell='SimpleRNN', layers=3),
    dict(model='lstm1', cell='LSTM', layers=1),
    dict(model='gru1', cell='GRU', layers=1),
    dict(model='lstm1-bidirectional', cell='LSTM', layers=1, bidirectional=True),
    dict(model='lstm2-dropout', cell='LSTM', layers=2, dropout=0.2),
]
HIDDEN = 32
MAX_TRAIN_BATCHES = 1000
MAX_TRAIN_SECONDS = 10
MAX_PREDICT_WINDOWS = 8192
PREDICT_CHUNK = 1024
PREDICT_REPEATS = 3
TEXT_MAX_BATCHES = 150
TEXT_MAX_SECONDS = 15
TEXT_VOCAB = 10_000
TEXT_LENGTH = 200
TEXT_EMBEDDING = 64
TEXT_HIDDEN = 64
TEXT_PREDICT_CHUNK = 256


def blas_library():
    """The BLAS this process loaded (from its memory map), e.g. openblas-pthread/libblas.so.3."""
    with open('/proc/self/maps', encoding='utf-8') as maps:
        for line in maps:
            path = line.split()[-1]
            name = path.split('/')[-1]
            if name.startswith(('libblas', 'libopenblas', 'libmkl_rt', 'libblis')):
                return '/'.join(path.split('/')[-2:])
    return 'unknown'


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def load_average():
    return round(os.getloadavg()[0], 2)


def load_temperature(path):
    rows = []
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            stamp = datetime.strptime(row['Formatted Date'], '%Y-%m-%d %H:%M:%S.%f %z')
            rows.append((stamp, float(row[TARGET])))
    rows.sort(key=lambda r: r[0])  # Seqlab's import sorts by time too (stable)
    return np.array([v for _, v in rows], dtype=np.float64)


def windows(series, first, last, window):
    """Windows whose inputs and target lie in rows [first, last): x [n, window, 1], y [n, 1]."""
    count = (last - first) - window
    index = first + np.arange(count)[:, None] + np.arange(window)[None, :]
    x = series[index].astype(np.float32)[:, :, None]
    y = series[first + window:first + window + count].astype(np.float32)[:, None]
    return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y)


class InputDropout(nn.Module):
    """Keras-style dropout on a recurrent layer's inputs: one mask per sequence, the same at every step."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        keep = (torch.rand(x.shape[0], 1, x.shape[2]) >= self.rate).to(x.dtype)
        return x * keep / (1 - self.rate)


class Forecaster(nn.Module):
    def __init__(self, cell, layers, bidirectional=False, dropout=0.0):
        super().__init__()
        kind = {'SimpleRNN': nn.RNN, 'LSTM': nn.LSTM, 'GRU': nn.GRU}[cell]
        dirs = 2 if bidirectional else 1
        self.separate = dropout > 0
        if self.separate:
            # One layer at a time so each layer's inputs get their own mask, as in Keras.
            self.drops = nn.ModuleList([InputDropout(dropout) for _ in range(layers)])
            self.rnns = nn.ModuleList([kind(1 if i == 0 else HIDDEN * dirs, HIDDEN, batch_first=True, bidirectional=bidirectional)
                                       for i in range(layers)])
        else:
            self.rnn = kind(1, HIDDEN, num_layers=layers, batch_first=True, bidirectional=bidirectional)
        self.dirs = dirs
        self.head = nn.Linear(HIDDEN * dirs, 1)

    def forward(self, x):
        if self.separate:
            for drop, rnn in zip(self.drops, self.rnns):
                x, state = rnn(drop(x))
        else:
            x, state = self.rnn(x)
        h = state[0] if isinstance(state, tuple) else state
        # The last layer's final state per direction (the backward one's is its state after step 0).
        last = torch.cat([h[-2], h[-1]], dim=1) if self.dirs == 2 else h[-1]
        return self.head(last)


def train_and_predict(model, loss_fn, x, y, order, batch_size, max_batches, max_seconds, predict):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    batches_per_epoch = (len(order) + batch_size - 1) // batch_size

    def step(from_, size):
        idx = order[from_:from_ + size]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        optimizer.step()

    model.train()
    step(0, min(batch_size, len(order)))  # warm-up, out of the timing (allocations, optimizer state)
    samples = batches = 0
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    while batches < max_batches and time.perf_counter() - started < max_seconds:
        from_ = (batches % batches_per_epoch) * batch_size
        size = min(batch_size, len(order) - from_)
        step(from_, size)
        samples += size
        batches += 1
    train_seconds = time.perf_counter() - started
    train_cpu = cpu_seconds() - cpu_before
    model.eval()
    best_wall = best_cpu = float('inf')
    with torch.no_grad():
        predict(model)  # warm-up
        for _ in range(PREDICT_REPEATS):
            cpu_before = cpu_seconds()
            started = time.perf_counter()
            count = predict(model)
            best_wall = min(best_wall, time.perf_counter() - started)
            best_cpu = min(best_cpu, cpu_seconds() - cpu_before)
    return dict(
        batchesTimed=batches,
        trainSamplesPerSecond=round(samples / train_seconds),
        trainSamplesPerCpuSecond=round(samples / train_cpu) if train_cpu > 0 else None,
        predictSamplesPerSecond=round(count / best_wall),
        predictSamplesPerCpuSecond=round(count / best_cpu) if best_cpu > 0 else None,
        peakRssMB=peak_rss_mb(),
        loadAverage=load_average(),
    )


def bench_forecast(path, window, batch_size, threads, chosen):
    series = load_temperature(path)
    n = len(series)
    train_end = int(n * 0.7)
    validation_end = int(n * 0.85)
    mean = series[:train_end].mean()
    std = series[:train_end].std()
    scaled = (series - mean) / std
    x, y = windows(scaled, 0, train_end, window)
    vx, _ = windows(scaled, train_end, validation_end, window)
    vx = vx[:MAX_PREDICT_WINDOWS]
    order = torch.from_numpy(np.random.default_rng(0).permutation(len(x)))

    def predict(model):
        for first in range(0, len(vx), PREDICT_CHUNK):
            model(vx[first:first + PREDICT_CHUNK])
        return len(vx)

    for spec in MODELS:
        if chosen and spec['model'] not in chosen:
            continue
        for t in threads:
            torch.set_num_threads(t)
            torch.manual_seed(0)
            model = Forecaster(spec['cell'], spec['layers'], spec.get('bidirectional', False), spec.get('dropout', 0.0))
            figures = train_and_predict(model, nn.MSELoss(), x, y, order, batch_size, MAX_TRAIN_BATCHES, MAX_TRAIN_SECONDS, predict)
            print(json.dumps(dict(
                bench='train', model=spec['model'], impl='pytorch', threads=t, cell=spec['cell'], layers=spec['layers'],
                hiddenUnits=HIDDEN, bidirectional=spec.get('bidirectional', False), dropout=spec.get('dropout', 0),
                window=window, batchSize=batch_size, backend=f'torch-{torch.__version__}', blas=blas_library(), **figures,
            )), flush=True)


WORD = re.compile(r"[a-z0-9']+")


def load_reviews(path):
    texts, labels = [], []
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            texts.append(WORD.findall(row['review'].lower().replace('<br />', ' ')))
            labels.append(float(row['sentiment']))
    return texts, np.array(labels, dtype=np.float32)


class TextClassifier(nn.Module):
    def __init__(self, vocab, packed=False, bidirectional=False):
        super().__init__()
        # packed: the LSTM runs each text only to its last real word (pack_padded_sequence), as Seqlab's fused text
        # net does; unpacked it runs all 200 steps and the head picks each text's state at its last word.
        # bidirectional: a second LSTM reads each text's words from its last back to its first (the padding still
        # after them), as Seqlab's masked bidirectional model does; the head reads both directions' final states.
        self.packed = packed
        self.embedding = nn.Embedding(vocab, TEXT_EMBEDDING, padding_idx=0)
        self.lstm = nn.LSTM(TEXT_EMBEDDING, TEXT_HIDDEN, batch_first=True)
        self.backward_lstm = nn.LSTM(TEXT_EMBEDDING, TEXT_HIDDEN, batch_first=True) if bidirectional else None
        self.head = nn.Linear(TEXT_HIDDEN * (2 if bidirectional else 1), 1)

    def forward(self, ids):
        if self.packed:
            lengths = (ids != 0).sum(dim=1).clamp(min=1)
            packed = nn.utils.rnn.pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
            _, (final, _) = self.lstm(packed)
            return self.head(final[-1])
        lengths = (ids != 0).sum(dim=1)
        rows = torch.arange(ids.shape[0])
        # Each text's state at its last real word (the padding comes after it), as Seqlab's model reads it.
        last = (lengths - 1).clamp(min=0)
        states, _ = self.lstm(self.embedding(ids))
        final = states[rows, last]
        if self.backward_lstm is not None:
            steps = torch.arange(ids.shape[1])[None, :]
            reversed_at = torch.where(steps < lengths[:, None], lengths[:, None] - 1 - steps, steps)
            back, _ = self.backward_lstm(self.embedding(ids.gather(1, reversed_at)))
            final = torch.cat([final, back[rows, last]], dim=1)
        return self.head(final)


TEXT_MODELS = [dict(model='text-lstm', bidirectional=False), dict(model='text-lstm-bidirectional', bidirectional=True)]


def bench_text(path, batch_size, threads, packed_too=False, chosen=None):
    texts, labels = load_reviews(path)
    order = np.random.default_rng(0).permutation(len(texts))
    train_rows = order[:int(len(texts) * 0.7)]
    validation_rows = order[int(len(texts) * 0.7):int(len(texts) * 0.85)]
    counts = {}
    for r in train_rows:
        for w in texts[r]:
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))[:TEXT_VOCAB - 2]
    index = {w: i + 2 for i, w in enumerate(words)}
    ids = np.zeros((len(texts), TEXT_LENGTH), dtype=np.int64)
    for r, text in enumerate(texts):
        row = [index.get(w, 1) for w in text[:TEXT_LENGTH]]
        ids[r, :len(row)] = row
    x = torch.from_numpy(ids[train_rows])
    y = torch.from_numpy(labels[train_rows])[:, None]
    vx = torch.from_numpy(ids[validation_rows])
    train_order = torch.from_numpy(np.random.default_rng(1).permutation(len(x)))

    def predict(model):
        for first in range(0, len(vx), TEXT_PREDICT_CHUNK):
            torch.sigmoid(model(vx[first:first + TEXT_PREDICT_CHUNK]))
        return len(vx)

    runs = [(spec, t, packed) for spec in TEXT_MODELS if not chosen or spec['model'] in chosen for t in threads
            for packed in ([False, True] if packed_too and not spec['bidirectional'] else [False])]
    for spec, t, packed in runs:
        torch.set_num_threads(t)
        torch.manual_seed(0)
        model = TextClassifier(TEXT_VOCAB, packed, spec['bidirectional'])
        figures = train_and_predict(model, nn.BCEWithLogitsLoss(), x, y, train_order, batch_size, TEXT_MAX_BATCHES, TEXT_MAX_SECONDS, predict)
        print(json.dumps(dict(
            bench='train', model=spec['model'], impl='pytorch-packed' if packed else 'pytorch', threads=t, cell='LSTM', layers=1,
            bidirectional=spec['bidirectional'], hiddenUnits=TEXT_HIDDEN,
            embeddingDim=TEXT_EMBEDDING, maxLength=TEXT_LENGTH, vocabSize=TEXT_VOCAB, batchSize=batch_size,
            backend=f'torch-{torch.__version__}', blas=blas_library(), **figures,
        )), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--csv', required=True, help='the Szeged weather CSV (weatherHistory.csv)')
    parser.add_argument('--text-csv', help='IMDB reviews CSV (columns review, sentiment) for text-lstm')
    parser.add_argument('--window', type=int, default=64)
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--threads', default='1')
    parser.add_argument('--models', help='comma-separated subset, e.g. rnn1,lstm1,text-lstm')
    parser.add_argument('--text-packed', action='store_true',
                        help='also time text-lstm with packed sequences (impl "pytorch-packed": each text only to its last word)')
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(',')]
    chosen = set(args.models.split(',')) if args.models else None
    # One inter-op thread: the models are one op after another; set_num_threads sets the intra-op (BLAS) threads.
    torch.set_num_interop_threads(1)
    text_models = {spec['model'] for spec in TEXT_MODELS}
    if not chosen or chosen - text_models:
        bench_forecast(args.csv, args.window, args.batch_size, threads, chosen)
    if args.text_csv and (not chosen or chosen & text_models):
        bench_text(args.text_csv, args.batch_size, threads, args.text_packed, chosen)


if __name__ == '__main__':
    sys.exit(main())
