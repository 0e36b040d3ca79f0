"""Write sprintkit/data/confusables.txt from Unicode's confusables.txt.

Usage: python scripts/confusables_subset.py confusables.txt > sprintkit/data/confusables.txt

The input is the data file of Unicode Technical Standard #39 (Security
Mechanisms), as published by the Unicode Consortium. Participant names need
only its mapping from a character to its prototype, and only for characters
a name can still hold after normalisation; the comments, the character names
and the derivation chains are left out, and the entries are grouped by
prototype so that the file stays small.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict

# Characters normalisation drops or refuses never reach the skeleton.
_UNUSED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def main(path: str) -> None:
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    version = re.search(r"^# Version: (\S+)", text, re.M)
    groups: dict[str, list[int]] = defaultdict(list)
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target = (field.strip() for field in data.split(";")[:2])
        code = int(source, 16)
        if unicodedata.category(chr(code)) in _UNUSED:
            continue
        groups[target].append(code)
    out = sys.stdout
    out.write("# The character -> prototype mapping of Unicode's confusables.txt "
              f"(UTS #39, version {version.group(1) if version else '?'}),\n"
              "# for the characters a participant name can hold. Made by\n"
              "# scripts/confusables_subset.py; (c) Unicode, Inc., see "
              "https://www.unicode.org/terms_of_use.html\n"
              "# Each line: prototype code points;source code points\n")
    for target in sorted(groups, key=lambda t: [int(c, 16) for c in t.split()]):
        sources = " ".join(f"{c:04X}" for c in sorted(groups[target]))
        out.write(f"{target};{sources}\n")


if __name__ == "__main__":
    main(sys.argv[1])
