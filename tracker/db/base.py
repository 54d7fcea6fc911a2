"""Declarative base, naming convention and reusable column types."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, Integer, MetaData, String, Text, func
from sqlalchemy.orm import DeclarativeBase, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
created_at = Annotated[
    dt.datetime,
    mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now(), nullable=False),
]
short_str = Annotated[str, mapped_column(String(255))]
long_text = Annotated[str, mapped_column(Text)]
json_list = Annotated[list[Any], mapped_column(JSON, default=list, nullable=False)]
json_dict = Annotated[dict[str, Any], mapped_column(JSON, default=dict, nullable=False)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
