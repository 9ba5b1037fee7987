"""congvan: scanned Vietnamese official letters (công văn) to clean text and structured JSON.

Stages, one module each: ingest → cleanup → ocr → normalize/restore → parse → record.
"""

__version__ = "0.1.0"
