"""The map's YAML in pieces (for a streamed download): the same text as in one go."""

from __future__ import annotations

from pathlib import Path

import pytest

from weerbaar.model import RiskMap, dump_yaml, load_map, parse_map
from weerbaar.model.dump import dump_yaml_chunks
from weerbaar.scale.generate import generate_map

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gemeente-voorbeeld.yaml"


@pytest.mark.parametrize("size", [1, 3, 250])
@pytest.mark.parametrize(
    "m",
    [
        load_map(SAMPLE),
        generate_map(3, seed=1),
        # Empty lists stay "[]" on their key's line.
        parse_map("weerbaar: 1\nname: x\nnodes: [{id: a}]\n"),
    ],
    ids=["sample", "generated", "empty-lists"],
)
def test_it_joins_the_pieces_to_the_text_of_dump_yaml(m: RiskMap, size: int) -> None:
    pieces = list(dump_yaml_chunks(m, size))
    assert "".join(pieces) == dump_yaml(m)
    assert len(pieces) > 1
