"""Print the OpenAPI document /openapi.json serves, without a database or a server.

`make web-types` writes it to web/openapi.json and generates the web UI's types from it
(openapi-typescript); `make test` fails when either file is stale.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from shared.api import create_app
from shared.api.openapi import ApiSpec


def _no_services() -> Any:
    raise RuntimeError("the OpenAPI document is built from the declarations alone")


def openapi_document() -> dict[str, Any]:
    """The document of every declared operation."""
    app = create_app(_no_services)
    spec: ApiSpec = app.extensions["catalog.openapi"]
    return spec.document()


def main() -> None:
    """Write the document to stdout as indented JSON."""
    sys.stdout.write(json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
