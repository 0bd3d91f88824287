"""Undoing an answer's Content-Encoding with bounded output, so a decompression bomb costs at
most the size cap.

Each layer inflates with `max_length`, so no call produces more than the bytes still allowed;
the cap applies to decoded bytes as they are produced, never after. An answer with more
encoding layers than allowed ("gzip, gzip") is refused before anything is inflated.
"""

from __future__ import annotations

import zlib

from newsletter.gather.base import SourceError

__all__ = ["ACCEPT_ENCODING", "BodyTooLarge", "BoundedDecoder"]

ACCEPT_ENCODING = "gzip, deflate"
"""The encodings a source asks for: those `BoundedDecoder` reads."""

_GZIP = 16 + zlib.MAX_WBITS
_WBITS = {"gzip": _GZIP, "x-gzip": _GZIP, "deflate": zlib.MAX_WBITS}


class BodyTooLarge(Exception):
    """The body passed the size cap; `decompressed` when it did so while being inflated."""

    def __init__(self, max_bytes: int, *, decompressed: bool) -> None:
        super().__init__(max_bytes)
        self.max_bytes, self.decompressed = max_bytes, decompressed


class _Inflater:
    """One encoding layer, giving out at most `max_bytes` in all."""

    def __init__(self, name: str, max_bytes: int) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self.size = 0
        self._zlib = zlib.decompressobj(_WBITS[name])
        self._started = False

    def feed(self, data: bytes) -> bytes:
        out = []
        while data and not self._zlib.eof:
            try:
                piece = self._zlib.decompress(data, self.max_bytes - self.size + 1)
            except zlib.error as exc:
                if self.name == "deflate" and not self._started:
                    # some servers send raw deflate without the zlib header
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise SourceError(
                    f"the answer could not be decompressed ({self.name}: {exc})"
                ) from None
            self._started = True
            self._count(len(piece))
            out.append(piece)
            data = self._zlib.unconsumed_tail
        return b"".join(out)

    def flush(self) -> bytes:
        rest = self._zlib.flush()
        self._count(len(rest))
        return rest

    def _count(self, produced: int) -> None:
        self.size += produced
        if self.size > self.max_bytes:
            raise BodyTooLarge(self.max_bytes, decompressed=True)


class BoundedDecoder:
    """The decoded body of an answer, chunk by chunk, never more than `max_bytes` of it."""

    def __init__(self, content_encoding: str, *, max_bytes: int, max_layers: int) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",")]
        names = [name for name in names if name and name != "identity"]
        if len(names) > max_layers:
            raise SourceError(
                f"the answer is compressed {len(names)} times (Content-Encoding: "
                f"{content_encoding}); at most {max_layers} layer(s) are read, as nested "
                "compression is how decompression bombs are made (raise "
                "fetch.max_content_encodings if you trust this site)"
            )
        for name in names:
            if name not in _WBITS:
                raise SourceError(
                    f"the answer uses the {name!r} Content-Encoding, which cannot be read "
                    "(gzip and deflate can)"
                )
        # the last encoding listed was applied last, so it is undone first
        self._layers = [_Inflater(name, max_bytes) for name in reversed(names)]
        self.max_bytes = max_bytes
        self.size = 0

    def feed(self, raw: bytes) -> bytes:
        """The decoded bytes `raw` gives; BodyTooLarge once the body passes `max_bytes`,
        SourceError when it cannot be decoded."""
        data = raw
        for layer in self._layers:
            data = layer.feed(data)
        return self._count(data)

    def flush(self) -> bytes:
        """The decoded bytes still held once the raw body has ended."""
        data = b""
        for layer in self._layers:
            data = layer.feed(data) + layer.flush()
        return self._count(data)

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise BodyTooLarge(self.max_bytes, decompressed=bool(self._layers))
        return data
