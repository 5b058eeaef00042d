"""The OpenAPI document's metadata and the API's version.

Plain constants without Django or DRF imports, so ``settings.py`` may import
them too; the served document (``/api/v1/openapi.json``) applies them as
drf-spectacular's custom settings.
"""

from __future__ import annotations

from typing import Any

#: The full (semantic) version of the API; the major version is in the URI.
API_VERSION = "1.0.0"

DESCRIPTION = """\
The local digital risk map of a municipality: its maps, their nodes, the
scenarios with their simulated cascades and scores, the criticality of every
node, and the audit trail of changes.

Start at `/api/v1`: it lists the resources as links. The same document is
readable in a browser at `/api/documentatie/`.

## Conventions

This API follows the Dutch API design rules (NL API Design Rules, the
"API-strategie voor de Nederlandse overheid") where they fit:

- Resources are plural nouns in kebab-case paths without trailing slashes.
- The major version is part of the URI (`/api/v1`); every response carries the
  full version in the `API-Version` header.
- Requests and responses are JSON. Fields that describe the API's own
  resources (metadata, versions, analyses) are camelCase. The **content of a
  map** (`/content`, `/nodes`, `/scenarios`) is exactly the map file format of
  `weerbaar check` and `weerbaar schema`, as JSON, with that format's own keys
  (for example `per_day`, `daily_life`), so a map exported here is a valid
  map file and the other way round.
- Texts (problem details, descriptions) are English, like the names and the
  messages of `weerbaar check`; the map's own content stays as written.
- Lists are paginated: `page` and `pageSize` (at most 1000) in the query;
  `count`, `next`, `previous` and `results` in the body.
- Errors are problem details (RFC 9457, `application/problem+json`) with
  `type`, `title`, `status`, `detail` and `instance`. A change that would make
  the map invalid is answered `422` with `invalidParams`: one
  `{name, code, reason}` per problem, where `name` is the JSONPath of the
  problem in the request body (`$.nodes[3].requires[0]`), or the path
  parameter (`nodeId`) when the change breaks another part of the map (for
  example deleting a node that another node still requires).
- Changes are validated exactly as `weerbaar check` validates a file, and
  every change is written to the audit trail (`/versions`) with its author.

## Authentication and permissions

Send `Authorization: Token <key>`; an administrator creates or rotates a
user's key with `weerbaar-web token <username>`, which prints it once. A
browser session of the web application works as well. The permissions are
those of the web pages: a map you may not see is `404`, an action your role
may not do is `403`; a bestuurder reads only, and a ketenpartner sees and
changes only the nodes of its own organisation (and reads the whole map only
when the municipality shared it whole). This document itself is public: it
describes the API, not any municipality's data. Use HTTPS.

## Optimistic locking

`GET` of a map's content or of a node returns an `ETag` with the map's
version (`"12"`). Send it back as `If-Match` when you change the map: when the
map has changed since, the change is refused with `412` and nothing is
stored. Replacing the whole content requires `If-Match` (`428` without it);
node changes without it are applied to the latest version.

A ketenpartner without the whole map is not told the version number, nor
when or how often the map changes: most changes are to parts it cannot see.
Its `ETag` is an opaque tag of the part it sees (`"v3f9c…"`), the same for
every version that looks the same to it; it changes only when that part
changes, and only that makes its `If-Match` fail. Compare it only as a
whole; a number sent as its `If-Match` never matches. `currentVersion` and
`updated` of the map are `null` for it.
"""

TAGS = [
    {"name": "meta", "description": "Where to start."},
    {"name": "maps", "description": "Maps and their whole content."},
    {"name": "nodes", "description": "The nodes of a map, one at a time."},
    {"name": "analyses", "description": "Scenarios, simulations and criticality."},
    {"name": "versions", "description": "The audit trail of a map."},
]

SCHEMA_SETTINGS: dict[str, Any] = {
    "TITLE": "Weerbaar API",
    "DESCRIPTION": DESCRIPTION,
    "VERSION": API_VERSION,
    "TAGS": TAGS,
    "LICENSE": {
        "name": "EUPL-1.2",
        "url": "https://interoperable-europe.ec.europa.eu/collection/eupl",
    },
}
