"""Secret comparison for the API token (REST + WebSockets) and the admin password (pages): constant-time. The rate
limits on guessing live in the database (aisobes.limits), shared by every instance."""
from __future__ import annotations

import hmac


def secret_ok(expected: str | None, given: str | None) -> bool:
    if not expected or given is None:
        return False
    return hmac.compare_digest(expected.encode('utf-8'), given.encode('utf-8'))

