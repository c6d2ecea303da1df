"""Sentences of the evidence pack: the draft witness statement and the PDF headings."""
