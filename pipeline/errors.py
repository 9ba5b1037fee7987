"""Errors a user can act on. Each carries a short, readable message; the batch runner turns
them into error records (``{"source": …, "error": {"type", "message"}}``) and goes on."""


class CongvanError(Exception):
    """Base class: an input could not be processed, for a reason the message states."""

    kind = "error"


class EmptyInputError(CongvanError):
    kind = "empty_input"


class UnsupportedInputError(CongvanError):
    kind = "unsupported_input"


class CorruptInputError(CongvanError):
    kind = "corrupt_input"


class ImageTooLargeError(CongvanError):
    kind = "image_too_large"


class BlankPageError(CongvanError):
    kind = "blank_page"


class NoTextError(CongvanError):
    kind = "no_text"


class NotVietnameseError(CongvanError):
    kind = "not_vietnamese"
