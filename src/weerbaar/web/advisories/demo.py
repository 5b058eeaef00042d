"""The demo's advisories: the example CSAF documents, imported for the municipality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weerbaar.web.accounts.models import Organisation
from weerbaar.web.advisories import store
from weerbaar.web.advisories.models import AdvisoryRecord


def load(organisation: Organisation, folder: Path, user: Any) -> str:
    """Import ``folder``'s ``*.json`` advisories once; what it did, as a line of text."""
    if AdvisoryRecord.objects.filter(organisation=organisation).exists():
        return "Advisories already loaded."
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.json"))]
    if not files:
        return f"No advisories in {folder}."
    new, _replaced = store.save(organisation, store.read_uploads(files), user)
    return f"Loaded {new} advisories from {folder}."
