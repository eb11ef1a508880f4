"""Check requests and responses against the API's written contract (notes_api.openapi.json).

The contract is OpenAPI 3.1, whose schemas are JSON Schema 2020-12, so the ``jsonschema``
library validates bodies against it directly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

CONTRACT = Path(__file__).with_name("notes_api.openapi.json")
BASE = "urn:notes-api"  # the document's name while validating; never fetched


def _pointer(keys: list[str]) -> str:
    """A JSON Pointer (RFC 6901) to ``keys`` in the document, as a URI fragment."""
    return "/" + "/".join(key.replace("~", "~0").replace("/", "~1") for key in keys)


class Contract:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(BASE, resource)

    @classmethod
    def load(cls, path: Path = CONTRACT) -> Contract:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def response_problems(
        self, method: str, path: str, status: int, content_type: str, body: object
    ) -> list[str]:
        """Every way a response breaks the contract; empty when it keeps it."""
        keys = self._operation(method, path)
        where = f"{method} {keys[1]} {status}"
        keys = [*keys, "responses", str(status)]
        if self._get(keys) is None:
            return [f"{where}: the status is not in the contract"]
        keys = self._follow(keys)  # a shared response: #/components/responses/...
        media_type = content_type.split(";")[0].strip()
        if self._get([*keys, "content", media_type]) is None:
            return [f"{where}: {media_type} is not a content type the contract gives"]
        problems = self._problems([*keys, "content", media_type, "schema"], body)
        return [f"{where}: {problem}" for problem in problems]

    def request_problems(self, method: str, path: str, body: object) -> list[str]:
        """Every way a JSON request body breaks the contract; empty when it keeps it."""
        keys = self._operation(method, path)
        return self._problems([*keys, "requestBody", "content", "application/json", "schema"], body)

    def _operation(self, method: str, path: str) -> list[str]:
        """Where the operation serving ``method path`` is: ["paths", template, method]."""
        for template, operations in self.document["paths"].items():
            pieces = re.split(r"(\{[^}]+\})", template)
            pattern = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in pieces)
            if re.fullmatch(pattern, path) and method.lower() in operations:
                return ["paths", template, method.lower()]
        raise LookupError(f"the contract has no operation for {method} {path}")

    def _get(self, keys: list[str]) -> Any:
        node: Any = self.document
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def _follow(self, keys: list[str]) -> list[str]:
        ref = self._get([*keys, "$ref"])
        return keys if ref is None else ref.removeprefix("#/").split("/")

    def _problems(self, keys: list[str], instance: object) -> list[str]:
        # Point into the document by name, so the schema's own "#/components/..." $refs
        # resolve against the whole document.
        schema = {"$ref": f"{BASE}#{_pointer(keys)}"}
        validator = Draft202012Validator(schema, registry=self._registry)
        return [
            f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
            for error in sorted(validator.iter_errors(instance), key=str)
        ]
