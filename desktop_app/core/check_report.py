"""What ``sourcebook check`` found and repaired (shared by check and its parts)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckReport:
    """Problems found and, with repair, what was fixed."""

    problems: list[dict[str, object]] = field(default_factory=list)
    repaired: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is left to worry about."""
        fixed = {(p["kind"], str(p.get("detail"))) for p in self.repaired}
        return all((p["kind"], str(p.get("detail"))) in fixed for p in self.problems)

    @property
    def damaged(self) -> bool:
        """True when the database itself is damaged (and not yet repaired)."""
        fixed = {(p["kind"], str(p.get("detail"))) for p in self.repaired}
        return any(
            p["kind"] == "database" and (p["kind"], str(p.get("detail"))) not in fixed
            for p in self.problems
        )

    def to_json(self) -> dict[str, object]:
        """``{"ok", "problems", "repaired"}``."""
        return {"ok": self.ok, "problems": self.problems, "repaired": self.repaired}

    def add(self, kind: str, detail: str, *, repaired: bool = False, how: str = "") -> None:
        """Record a problem (and whether it was repaired, and how)."""
        item: dict[str, object] = {"kind": kind, "detail": detail}
        self.problems.append(item)
        if repaired:
            self.repaired.append({**item, "how": how} if how else dict(item))

    def mark_repaired(self, kind: str, how: str = "") -> None:
        """Record every problem of ``kind`` as repaired, saying ``how``."""
        for problem in self.problems:
            if problem["kind"] == kind:
                self.repaired.append({**problem, **({"how": how} if how else {})})
