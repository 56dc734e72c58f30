"""
Paths as the results record them: relative to the repository, or under the variables the user sets
(``$GENIA_DIR/test.jsonl``, ``$RUN_DIR/model.tar.gz``), never the absolute folders of the machine that
measured them, so that committed results read the same on every checkout.
"""

import os
import re
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

# The benchmark runs from a checkout: it reads fixtures/ and writes benchmarks/ beside this package.
REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "fixtures"

# The variables of the Makefile's benchmark targets whose folders hold the inputs (RUNS_DIR: the folder
# of the study's training runs; CONLL03_DIR, WEIBO_DIR: the flat corpora).
PATH_VARIABLES = ("GENIA_DIR", "RUN_DIR", "ABLATIONS_DIR", "RUNS_DIR", "CONLL03_DIR", "WEIBO_DIR")


class PathNames:
    """Rewrites absolute paths under known folders: a variable's folder to ``$NAME``, the repository's to a
    relative path. Other text is left alone."""

    def __init__(self, variables: Mapping[str, Path], repo_root: Path = REPO_ROOT) -> None:
        replacements: Dict[str, str] = {}
        for name, folder in variables.items():
            for form in _forms(folder):
                replacements.setdefault(form, f"${name}")
        for form in _forms(repo_root):
            replacements.setdefault(form, ".")
        # Longest first, so that a variable's folder inside the repository keeps its variable.
        self._replacements = dict(sorted(replacements.items(), key=lambda item: -len(item[0])))
        alternatives = "|".join(re.escape(folder) for folder in self._replacements)
        # A folder counts where a path starts (not inside a longer name) and ends or goes on with "/".
        self._pattern = re.compile(rf"(?<![\w./-])({alternatives})(/|(?![\w.-]))")

    @classmethod
    def from_environment(cls, **overrides: Path) -> "PathNames":
        """The folders of `PATH_VARIABLES` set in the environment, then ``overrides``."""
        variables = {name: Path(os.environ[name]) for name in PATH_VARIABLES if os.environ.get(name)}
        return cls({**variables, **overrides})

    def text(self, text: str) -> str:
        def replace(match: "re.Match[str]") -> str:
            name, separator = self._replacements[match.group(1)], match.group(2)
            if name == "." and separator:
                return ""  # "<repository>/fixtures/x" -> "fixtures/x"
            return name + separator

        return self._pattern.sub(replace, text)

    def path(self, path: Optional[Path]) -> Optional[str]:
        return None if path is None else self.text(str(path.absolute()))

    def results(self, value: Any) -> Any:
        """Every string of a JSON-like value, rewritten."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.results(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.results(item) for item in value]
        return value


def _forms(folder: Path) -> set:
    """The folder as typed (made absolute) and with links resolved, without a trailing separator."""
    return {str(folder.absolute()).rstrip(os.sep), str(folder.resolve()).rstrip(os.sep)}
