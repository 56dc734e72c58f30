"""Markdown pieces of the benchmark page: numbers, tables, score rows."""

from typing import Callable, Dict, List, Optional, Sequence

SCORE_HEADER = ("", "gold entities", "P", "R", "F1")


def number(value: Optional[float], decimals: int = 2) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A markdown table; `align` has one letter per column, l or r (default: first l, the rest r)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = [list(header), rule] + [list(row) for row in rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def score_rows(groups: Dict[str, Dict], label: Callable[[str], str] = str) -> List[List[str]]:
    return [
        [label(name), str(row["support"]), number(row["precision"]), number(row["recall"]), number(row["f1"])]
        for name, row in groups.items()
    ]
