"""The physics documentation ships with the project: every citation of docs/physics.md in the code and
in the committed tables names a section that exists, and nothing cites material outside the repository."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "physics.md"
CITATION = re.compile(r"docs/physics\.md,?\s+(?:sections?\s+)?((?:[A-Z][0-9]*[a-z]?)(?:\s*(?:,|/|-|and)\s*[A-Z][0-9]*[a-z]?\b)*)")
LABEL = re.compile(r"[A-Z][0-9]*[a-z]?")


def _labels() -> set[str]:
    text = DOC.read_text()
    labels = set(re.findall(r"^#{2,4} ([A-Z][0-9]*[a-z]?)\.", text, flags=re.M))
    labels |= set(re.findall(r"\*\*([A-Z][0-9]+[a-z]?)\.", text))
    return labels


def _sources():
    for folder in ("pheno", "models"):
        yield from (ROOT / folder).rglob("*.py")
    yield from (ROOT / "tables").glob("*.csv")
    yield ROOT / "README.md"


def test_every_citation_names_a_section_of_docs_physics():
    labels = _labels()
    assert {"A1", "C5", "F2", "G2", "H1", "M1", "N", "O", "V", "X4"} <= labels
    missing = {}
    for path in _sources():
        text = path.read_text(errors="replace") if path.suffix != ".csv" else "".join(
            line for line in path.open() if line.startswith("#"))
        for label in (lab for group in CITATION.findall(text) for lab in LABEL.findall(group)):
            if label not in labels:
                missing.setdefault(label, set()).add(str(path.relative_to(ROOT)))
    assert not missing, f"citations of docs/physics.md sections that do not exist: {missing}"


def test_the_package_cites_nothing_outside_the_repository():
    offenders = []
    for path in _sources():
        if path.suffix == ".py" and re.search(r"PHYSICS\.md|\.\./shared|/work/shared", path.read_text()):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"the package refers to material outside the repository: {offenders}"
