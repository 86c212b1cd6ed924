"""The same environment next year: requirements.lock pins every dependency of pyproject.toml,
transitive ones included, with hashes; the manifest records its fingerprint."""
import re
import tomllib

from chiffres_cles import pipeline
from chiffres_cles.params import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements.lock"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^ ;\\]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_every_declared_dependency_is_pinned_exactly():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = _pins()
    missing = [d for d in declared if _name(d) not in pins]
    assert not missing, f"absent de requirements.lock (make lock) : {missing}"
    assert len(pins) > len(declared)  # transitive dependencies are pinned too


def test_every_pin_carries_hashes():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    packages = [b for b in blocks if re.match(r"^[A-Za-z0-9_.\-]+==", b)]
    assert packages
    assert all("--hash=sha256:" in b for b in packages), [b.splitlines()[0] for b in packages if "--hash" not in b]


def test_manifest_versions_record_the_lock_fingerprint():
    assert re.fullmatch(r"[0-9a-f]{16}", pipeline.versions()["requirements.lock"])
