"""Errors a user can act on. Each carries a short, readable message; the batch runner turns
them into error records (``{"source": …, "error": {"type", "message"}}``) and goes on.

The ``kind`` of each class is the ``error.type`` of the error record; other systems filter
on it, so it never changes once published."""


class CongvanError(Exception):
    """Base class: an input could not be processed, for a reason the message states."""

    kind = "error"

    def __init_subclass__(cls, *, kind: str, **rest: object) -> None:
        super().__init_subclass__(**rest)
        cls.kind = kind


class EmptyInputError(CongvanError, kind="empty_input"):
    """A zero-byte file, or a PDF or TIFF without a single page."""


class UnsupportedInputError(CongvanError, kind="unsupported_input"):
    """A format we do not read (the suffix and the first bytes are checked)."""


class CorruptInputError(CongvanError, kind="corrupt_input"):
    """The file claims a format we read but its content cannot be decoded: a truncated or
    encrypted PDF, a broken image. Re-export or re-scan it."""


class ImageTooLargeError(CongvanError, kind="image_too_large"):
    """A page over the pixel limit (a 20000×20000 image would take gigabytes to clean)."""


class BlankPageError(CongvanError, kind="blank_page"):
    """No page of the input holds text: blank pages, or ink that OCR reads as nothing (a
    photo, a drawing)."""


class NotVietnameseError(CongvanError, kind="not_vietnamese"):
    """The text read is not Vietnamese (too few Vietnamese syllables): another language
    or an unreadable page. Check the language of the scan."""
