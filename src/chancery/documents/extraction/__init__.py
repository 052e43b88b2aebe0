"""Text extraction from received files, always on derivatives (temporary copies), never on the
stored original. ``extract(data, file_type)`` picks the extractor; ``prefill`` reads the
registration fields out of the text; ``fingerprint`` computes the near-duplicate SimHash."""

from chancery.documents.extraction.extractors import (
    Extracted,
    ExtractionFailed,
    OcrProgress,
    extract,
)

__all__ = ["Extracted", "ExtractionFailed", "OcrProgress", "extract"]
