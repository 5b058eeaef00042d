"""The pure sharing rules: TLP labels, the disclosure rule, recipients, the k threshold."""

from __future__ import annotations

import pytest

from weerbaar.sharing.detail import DependencyFact, MapDetail
from weerbaar.sharing.disclosure import Holding, Viewer, may_relabel, may_see, problems
from weerbaar.sharing.threshold import check_k, enough, figure
from weerbaar.sharing.tlp import TLP, is_lowering

OWNER, PARTNER, OTHER = 1, 2, 3
AUTHOR, COLLEAGUE, NAMED = 10, 11, 12
REGIO = 100

author = Viewer(user=AUTHOR, organisations=frozenset({OWNER}), communities=frozenset({REGIO}))
colleague = Viewer(user=COLLEAGUE, organisations=frozenset({OWNER}))
named = Viewer(user=NAMED, organisations=frozenset({OTHER}))
partner = Viewer(user=20, organisations=frozenset({PARTNER}))
member = Viewer(user=30, organisations=frozenset({OTHER}), communities=frozenset({REGIO}))
outsider = Viewer(user=40, organisations=frozenset({OTHER}))


def item(tlp: TLP) -> Holding:
    return Holding(
        tlp=tlp,
        owner=OWNER,
        author=AUTHOR,
        community=REGIO,
        recipient_organisations=frozenset({PARTNER}) if tlp is TLP.AMBER else frozenset(),
        recipient_users=frozenset({NAMED}) if tlp is TLP.RED else frozenset(),
    )


@pytest.mark.parametrize(
    ("tlp", "who"),
    [
        (TLP.RED, {"author", "named"}),
        (TLP.AMBER_STRICT, {"author", "colleague"}),
        (TLP.AMBER, {"author", "colleague", "partner"}),
        (TLP.GREEN, {"author", "colleague", "member"}),
        (TLP.CLEAR, {"author", "colleague", "named", "partner", "member", "outsider"}),
    ],
)
def test_it_discloses_each_label_to_exactly_its_audience(tlp: TLP, who: set[str]) -> None:
    viewers = {
        "author": author,
        "colleague": colleague,
        "named": named,
        "partner": partner,
        "member": member,
        "outsider": outsider,
    }
    assert {name for name, v in viewers.items() if may_see(item(tlp), v)} == who


def test_it_never_shows_red_to_an_organisation_as_a_whole() -> None:
    assert not may_see(item(TLP.RED), Viewer(organisations=frozenset({OWNER})))


def test_it_orders_labels_and_knows_a_lowering() -> None:
    assert [t.rank for t in TLP] == [0, 1, 2, 3, 4]
    assert is_lowering(TLP.RED, TLP.AMBER)
    assert not is_lowering(TLP.GREEN, TLP.AMBER)
    assert not is_lowering(TLP.GREEN, TLP.GREEN)


@pytest.mark.parametrize(
    ("text", "tlp"),
    [
        ("amber", TLP.AMBER),
        ("TLP:AMBER+STRICT", TLP.AMBER_STRICT),
        ("AMBER_STRICT", TLP.AMBER_STRICT),
    ],
)
def test_it_parses_labels_as_written(text: str, tlp: TLP) -> None:
    assert TLP.parse(text) is tlp


def test_it_refuses_tlp_1_white() -> None:
    with pytest.raises(ValueError, match="unknown TLP label 'white'"):
        TLP.parse("white")


def test_it_writes_labels_and_tags() -> None:
    assert TLP.AMBER_STRICT.label == "TLP:AMBER+STRICT"
    assert TLP.AMBER_STRICT.tag == "tlp:amber+strict"


def test_it_refuses_recipients_the_label_does_not_use() -> None:
    wrong = Holding(
        tlp=TLP.GREEN,
        owner=OWNER,
        recipient_organisations=frozenset({PARTNER}),
        recipient_users=frozenset({NAMED}),
    )
    fields = [m.field for m in problems(wrong)]
    assert fields == ["recipient_users", "recipient_organisations", "community"]


def test_it_wants_a_person_for_red_and_an_organisation_for_amber() -> None:
    assert [m.field for m in problems(Holding(tlp=TLP.RED, owner=OWNER))] == ["recipient_users"]
    assert [m.field for m in problems(Holding(tlp=TLP.AMBER, owner=OWNER))] == [
        "recipient_organisations"
    ]
    assert problems(item(TLP.AMBER)) == []
    assert problems(item(TLP.RED)) == []


def test_it_lets_only_the_owner_relabel() -> None:
    assert may_relabel(item(TLP.AMBER), colleague, shares_for_owner=True)
    assert not may_relabel(item(TLP.AMBER), colleague, shares_for_owner=False)
    assert not may_relabel(item(TLP.AMBER), partner, shares_for_owner=True)
    # A colleague not named in a RED item may not even see it.
    assert not may_relabel(item(TLP.RED), colleague, shares_for_owner=True)
    assert may_relabel(item(TLP.RED), author, shares_for_owner=True)


def test_it_withholds_a_figure_below_k_and_names_only_green_or_lower() -> None:
    labels = {"a": TLP.GREEN, "b": TLP.AMBER, "c": TLP.CLEAR}
    assert figure("x", ["a", "b"], labels, 3) is None
    shown = figure("x", ["a", "b", "c"], labels, 3)
    assert shown is not None
    assert (shown.contributors, shown.named) == (3, ("a", "c"))


@pytest.mark.parametrize("k", [0, 1, True, 2.5])
def test_it_refuses_a_k_that_is_no_aggregate(k: object) -> None:
    with pytest.raises(ValueError, match="k must be"):
        check_k(k)  # type: ignore[arg-type]


def test_it_counts_contributors_at_k() -> None:
    assert enough(3, 3)
    assert not enough(2, 3)


def test_it_orders_map_detail_levels() -> None:
    assert MapDetail.NODES.includes(MapDetail.SUPPLIERS)
    assert not MapDetail.SUPPLIERS.includes(MapDetail.NODES)


def test_it_round_trips_a_dependency_fact() -> None:
    fact = DependencyFact("Hosting BV", "leverancier", ("Uitkeringen",))
    assert DependencyFact.from_json(fact.to_json()) == fact
    assert fact.count == 1
