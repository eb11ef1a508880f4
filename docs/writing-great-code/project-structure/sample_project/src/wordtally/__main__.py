"""The command line: ``wordtally FILE...`` or ``python -m wordtally FILE...``."""

import argparse
import sys
from pathlib import Path

from wordtally.core import top_words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wordtally", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="text files to read")
    parser.add_argument("--top", type=int, default=3, help="how many words to show")
    args = parser.parse_args(argv)
    text = "\n".join(path.read_text(encoding="utf-8") for path in args.files)
    for word, count in top_words(text, args.top):
        print(f"{count:>6} {word}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
