"""Schemathesis over every operation of /openapi.json, on an app over the small web database:
no server error, no status code the schema does not document, no response that breaks it."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from nashra.web.app import create_app
from nashra.web.security import READER_COOKIE, Signer

SECRET = "schema-test"
EXAMPLES = 25  # per operation: the whole run stays well under a minute


def test_every_api_operation(web_db):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db, secret=SECRET))
    # One reader, as a page would have made it: reports get past the CSRF check and are counted.
    signer = Signer(SECRET.encode())
    reader = "schemathesis"
    headers = {"X-CSRF-Token": signer.csrf_token(reader),
               "Cookie": f"{READER_COOKIE}={signer.cookie_value(reader)}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any(op.path.startswith("/api/") for op in operations)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers)

        check()
