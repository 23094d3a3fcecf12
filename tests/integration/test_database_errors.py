"""A failing statement's error does not carry its parameters (what people sent) into the logs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from db.database import Database
from tests.support.factories import add_person


async def test_a_failing_statement_keeps_its_parameters_out_of_its_error(db: Database) -> None:
    await add_person(db, "张三", [])
    with pytest.raises(sa_exc.DBAPIError) as raised:
        async with db.transaction() as tx:
            await tx.session.execute(
                sa.text("UPDATE people SET name = :name WHERE no_such_column = 1"),
                {"name": "明天去深圳见华为"},
            )
    assert "no_such_column" in str(raised.value)  # the statement is still named
    assert "深圳" not in str(raised.value) and "深圳" not in repr(raised.value)
