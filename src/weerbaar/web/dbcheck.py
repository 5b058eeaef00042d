"""``python -m weerbaar.web.dbcheck URL``: exit 0 when that PostgreSQL answers.

`make test` uses it to run the web tests on PostgreSQL where a server is
reachable, and to say clearly that it skips them where none is.
"""

from __future__ import annotations

import sys


def reachable(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.Error as exc:
        print(f"PostgreSQL at {url}: {exc}".strip(), file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if len(sys.argv) == 2 and reachable(sys.argv[1]) else 1)
