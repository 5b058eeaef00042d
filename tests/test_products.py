"""Nodes name the products they run: CPE 2.3, package URL, vendor/product/version."""

from __future__ import annotations

from pathlib import Path

import pytest

from weerbaar.model import MapError, Product, dump_yaml, parse_map
from weerbaar.model.excel import export_xlsx, import_xlsx
from weerbaar.model.products import NameError_, parse_cpe, parse_purl
from weerbaar.model.schema import json_schema

MAP = """\
weerbaar: 1
nodes:
  - id: gateway
    products:
      - cpe: "cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"
  - id: website
    products:
      - purl: pkg:composer/drupal/core@10.2.3
      - vendor: Zaakgericht Werken BV
        product: ZaakDossier
        version: "7.3.0"
"""


def test_it_reads_the_products_of_a_node() -> None:
    m = parse_map(MAP)
    assert m.node("gateway").products == (
        Product(cpe="cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:*:*:*:*"),
    )
    assert m.node("website").products[1] == Product(
        vendor="Zaakgericht Werken BV", product="ZaakDossier", version="7.3.0"
    )


MEASURE = """\
measures:
  - id: reserve
    name: Reservegateway
    changes:
      - add_node:
          id: gateway-b
          products:
            - {vendor: Citrix, product: NetScaler ADC, version: "14.1"}
"""


def test_it_writes_them_back_the_same(tmp_path: Path) -> None:
    m = parse_map(MAP + MEASURE)
    assert parse_map(dump_yaml(m)) == m
    export_xlsx(m, tmp_path / "kaart.xlsx")
    again = import_xlsx(tmp_path / "kaart.xlsx")
    assert again.nodes == m.nodes and again.measures == m.measures


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ('cpe: "cpe:/a:citrix:netscaler"', 4, "not a CPE 2.3 formatted string"),
        ('cpe: "cpe:2.3:a:*:netscaler_adc"', 4, "names its vendor and product"),
        ('cpe: "cpe:2.3:q:citrix:adc"', 4, "CPE part 'q'"),
        ("purl: pkg:pypi", 4, "pkg:TYPE/NAME"),
        ("purl: https://example.org/x", 4, "starts with 'pkg:'"),
        ("vendor: Citrix", 4, "at least a `product`"),
        ("product: ADC\n        version: 13.10", 5, "write it in quotes"),
        ("prodcut: ADC", 4, "did you mean 'product'"),
    ],
)
def test_it_locates_a_bad_product(entry: str, line: int, message: str) -> None:
    text = f"weerbaar: 1\nnodes:\n  - id: a\n    products:\n      - {entry}\n"
    text = text.replace("    products:\n      - ", "    products:\n      - ")
    with pytest.raises(MapError) as caught:
        parse_map(text, "kaart.yaml")
    (problem,) = caught.value.problems
    assert problem.line == line + 1
    assert message in problem.message


def test_the_schema_allows_no_other_key_on_a_product() -> None:
    product = json_schema()["$defs"]["ProductEntry"]
    assert product["additionalProperties"] is False
    assert set(product["properties"]) == {"cpe", "purl", "vendor", "product", "version"}


def test_it_parses_cpe_and_purl_and_refuses_malformed_ones() -> None:
    assert parse_cpe(r"cpe:2.3:a:foo\:bar:baz:1.0").vendor == "foo:bar"
    assert parse_purl("pkg:npm/%40angular/core@17.0.0").namespace == "@angular"
    with pytest.raises(NameError_):
        parse_cpe("cpe:2.3:a:vendor:product:1:2:3:4:5:6:7:8:9:10")
    with pytest.raises(NameError_):
        parse_purl("pkg:pypi/django@")
