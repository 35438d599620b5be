"""Text as the case-data guard reads it, with a way back to the text as typed.

A number split by a non-breaking space, a zero-width space, a full-width digit or a Unicode dash reads the same to a
person as one typed plainly, so the guard must read it the same too. `normalise` applies Unicode NFKC to each
character, drops the invisible ones (zero-width spaces and joiners, soft hyphens, byte order marks), turns every kind
of space into " ", every dash into "-", every slash into "/" and every dot-like character into ".", and keeps for each
character it returns the index of the character typed, so a match is highlighted where the editor typed it.
"""

import unicodedata
from dataclasses import dataclass

# Characters that are there but not seen: removed before matching.
INVISIBLE = {"\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180e", "\u3164", "\ufeff"}
INVISIBLE |= {chr(c) for c in range(0x200B, 0x2010)}  # zero-width space, joiners, direction marks
INVISIBLE |= {chr(c) for c in range(0x202A, 0x202F)}  # direction embeddings
INVISIBLE |= {chr(c) for c in range(0x2060, 0x2070)}  # word joiner, invisible operators

SLASHES = {"\u2044", "\u2215", "\u29f8", "\uff0f", "\\"}
DOTS = {"\u00b7", "\u2024", "\u2027", "\u2219", "\u22c5", "\u30fb", "\uff0e", "\u3002", "\uff61", "\u0387"}
QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'"}


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple  # origin[i]: the index in the typed text of normalised character i

    def span(self, start, end):
        """The typed text's (start, end) for the normalised text's [start, end)."""
        if start >= end:
            return self.origin[start] if start < len(self.origin) else self.end, self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    @property
    def end(self):
        return self.origin[-1] + 1 if self.origin else 0


def _one(ch):
    if ch in INVISIBLE:
        return ""
    category = unicodedata.category(ch)
    if category == "Cf":  # any other formatting character is invisible too
        return ""
    if ch in "\t\n\r\v\f":
        return "\n" if ch in "\n\r\v\f" else " "
    if category in ("Zs", "Zl", "Zp"):
        return " "
    if category == "Pd" or ch in "\u2212\ufe63\uff0d":
        return "-"
    if ch in SLASHES:
        return "/"
    if ch in DOTS:
        return "."
    if ch in QUOTES:
        return QUOTES[ch]
    out = unicodedata.normalize("NFKC", ch)
    # NFKC may give a space or a dash of its own (e.g. U+2007 figure space): fold those the same way.
    return "".join(_one(c) if c != ch else c for c in out) if out != ch else out


def normalise(text):
    chars, origin = [], []
    for index, ch in enumerate(text or ""):
        for out in _one(ch):
            chars.append(out)
            origin.append(index)
    return Normalised("".join(chars), tuple(origin))
