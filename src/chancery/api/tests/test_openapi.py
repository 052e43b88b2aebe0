from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate

PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in item:
        _hash, section, name = item["$ref"].rsplit("/", 2)
        item = document["components"][section][name]
    return item


def test_openapi_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert re.fullmatch(r"3\.1\.\d+", document["openapi"])
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema


def test_every_operation_has_a_unique_operation_id(document: dict[str, Any]) -> None:
    ids = [operation.get("operationId") for _p, _m, operation in _operations(document)]
    assert all(ids)
    assert len(ids) == len(set(ids))
    assert "core_list_units" in ids


def test_every_operation_documents_problem_responses(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        expected = {"401", "403", "422", "429", "500"}
        if "{" in path:
            expected.add("404")
        if method == "post":
            expected |= {"409", "413", "415"}
        assert expected <= set(responses), (method, path)
        for status in expected:
            content = _resolve(document, responses[status])["content"]
            assert list(content) == [PROBLEM_JSON], (method, path, status)


def test_posts_document_idempotency_key_and_scopes(document: dict[str, Any]) -> None:
    create = document["paths"]["/api/v1/tokens"]["post"]
    parameters = [_resolve(document, parameter) for parameter in create["parameters"]]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
    assert {"TokenAuth": ["write:tokens"]} in create["security"]
    assert {"SessionAuth": []} in create["security"]


def test_docs_page_loads_its_assets_locally(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html
