"""One jieba tokenizer per process, with the genre's unit words; jieba's global is left alone."""

import functools
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba

from .data.actor_patterns import GENERIC_UNIT_WORDS

_lock = threading.Lock()
_added: set[str] = set()
# High enough that a unit name wins over the dictionary's own split of it.
_UNIT_WORD_FREQ = 200_000
_MIN_WORD_FREQ = 20
_CACHED_MAX_CHARS = 2_000


def _dictionary() -> Path:
    """jieba's dictionary without its rarest words, written once to the temp dir.

    Rare words (mostly names and idioms) matter little for finding obligations and actors,
    and leaving them out makes the per-process dictionary load several times faster.
    """
    target = Path(tempfile.gettempdir()) / f"luoshi-jieba-dict-{_MIN_WORD_FREQ}-{_uid()}.txt"
    if not target.exists():
        source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
        kept = []
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                parts = line.split(" ")
                if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= _MIN_WORD_FREQ:
                    kept.append(line)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("".join(kept), encoding="utf-8")
        os.replace(partial, target)  # atomic: a parallel process never reads half a file
    return target


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


@functools.cache
def tokenizer() -> jieba.Tokenizer:
    """The process's tokenizer; its prefix dictionary comes from a cache file after the first."""
    tk = jieba.Tokenizer(str(_dictionary()))
    tk.tmp_dir = tempfile.gettempdir()
    tk.cache_file = f"luoshi-jieba-{_MIN_WORD_FREQ}-{_uid()}.cache"
    tk.initialize()
    for word in GENERIC_UNIT_WORDS:
        tk.add_word(word, _UNIT_WORD_FREQ)
    return tk


def add_unit_names(names: Iterable[str]) -> None:
    """Teach the tokenizer the unit directory's names (idempotent, thread-safe)."""
    fresh = {n.strip() for n in names if n and n.strip()} - _added
    if not fresh:
        return
    tk = tokenizer()
    with _lock:
        for name in fresh:
            if " " not in name:
                tk.add_word(name, _UNIT_WORD_FREQ)
        _added.update(fresh)
        _cut.cache_clear()  # segmentations made before the new words are stale


@functools.lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(tokenizer().cut(text, HMM=False))


def cut(text: str) -> list[str]:
    """Dictionary-only segmentation (no HMM: unknown names stay in single characters).

    Clauses are cut once while a sentence is split and again when it is judged: cached.
    """
    if len(text) > _CACHED_MAX_CHARS:
        return tokenizer().lcut(text, HMM=False)
    return list(_cut(text))


def clear_clause_cache() -> None:
    """Forget cached segmentations (benchmarks measure a document never seen before)."""
    _cut.cache_clear()
