"""Reading the engine's XML into typed records.

``parse(data)`` reads a whole document; ``IncrementalReader`` reads one as it
arrives (``feed(chunk)`` -> completed collection members, ``close()`` -> the
single record, or the last members of a collection). Both raise
``console.api.errors.ParseError`` for anything they cannot read.
"""

from console.api.reader.documents import COLLECTIONS, SINGULAR
from console.api.reader.incremental import IncrementalReader, parse

__all__ = ["COLLECTIONS", "SINGULAR", "IncrementalReader", "parse"]
