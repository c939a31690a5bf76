"""The people who work in the office program, when the office has logins."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, VersionMixin


class User(IdMixin, VersionMixin, Base):
    __tablename__ = "users"
    # Kept lower-case, so «Aigerim» and «aigerim» are one login.
    login: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    # administrator / secretary / staff / accountant / viewer (app/services/access.py)
    role: Mapped[str] = mapped_column(String(20))
    # scrypt with its parameters and salt (app/rules/passwords.py); never the password itself.
    password_hash: Mapped[str] = mapped_column(String(300))
    # An administrator's recovery code, hashed alike: it sets a forgotten password in the sign-in window.
    recovery_hash: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when the administrator gives a new password: the user chooses their own at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in: Mapped[datetime | None] = mapped_column(DateTime)
