"""Photos and files: what people are told when one cannot be kept, and lines beside media."""

MEDIA_REFUSED_TYPE = (
    "The file you sent with {ref} could not be kept: we keep photos (JPEG, PNG or WebP) and "
    "PDF files only. Your report is filed and the police have it. To add a photo, send "
    "add {ref} and then the photo."
)
MEDIA_REFUSED_SIZE = (
    "The file you sent with {ref} is too large to keep (at most {limit} MB here). Your "
    "report is filed and the police have it. To add a smaller photo, send add {ref} and then "
    "the photo."
)
MEDIA_REFUSED_UNREADABLE = (
    "The photo you sent with {ref} could not be opened, so it was not kept. Your report is "
    "filed and the police have it. To try again, send add {ref} and then the photo."
)
MEDIA_REFUSED_EVENT = "A photo could not be kept ({why})"
MEDIA_WHY = {
    "type": "not a photo or PDF",
    "size": "too large",
    "unreadable": "could not be opened",
}
CONSOLE_FILE = "File: {path}"
