"""Database tables of console accounts: accounts, API tokens, login sessions, login attempts.

Secrets are never stored: API tokens and session ids are kept as their SHA-256 hash,
passwords as an argon2 hash. Login attempts are in the database (not in process memory)
so that rate limiting holds across every console process.
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import relationship

from bot.kern.db import Base, Tekstwaarde, UtcDateTime, waarden_in
from bot.kern.tijd import utcnow
from bot.medewerkers.models import Medewerker


class Rol(Tekstwaarde):
    """What an account may do in the console; the rules are in bot/console/rechten.py."""

    MEDEWERKER = "medewerker"  # own cases; reads the cases of their teams
    TEAMLEIDER = "teamleider"  # also the cases of the teams they lead; edits the kennisbank
    BEHEERDER = "beheerder"  # everything, including accounts
    PRIVACY = "privacy"  # the privacy officer: requests to see or erase personal data; sees no cases


class Account(Base):
    """A login for the console; ``medewerker_id`` links it to a member of staff (beheerders may have none)."""

    __tablename__ = "account"
    __table_args__ = (
        UniqueConstraint("gebruikersnaam", name="uq_account_gebruikersnaam"),
        UniqueConstraint("medewerker_id", name="uq_account_medewerker_id"),
        CheckConstraint(waarden_in("rol", Rol), name="ck_account_rol"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    medewerker_id = Column(Integer, ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=True)
    gebruikersnaam = Column(String(80), nullable=False)
    wachtwoord_hash = Column(String(255), nullable=False)
    rol = Column(String(20), nullable=False)
    actief = Column(Boolean, nullable=False, default=True)
    # a password a beheerder gave (bot/console/accountbeheer.py): to be replaced by the user's own at the next login
    wachtwoord_tijdelijk = Column(Boolean, nullable=False, default=False, server_default=false())
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    bijgewerkt_op = Column(UtcDateTime, nullable=False, default=utcnow)

    medewerker = relationship(Medewerker)


class ApiToken(Base):
    """A token for the JSON API (``Authorization: Bearer ...``); only its SHA-256 hash is kept.

    It works until ``verloopt_op`` (set when it is made) or until it is revoked, whichever comes first.
    """

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_api_token_token_hash"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    account_id = Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    naam = Column(String(120), nullable=False)
    token_hash = Column(String(64), nullable=False)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    verloopt_op = Column(UtcDateTime, nullable=False)
    ingetrokken_op = Column(UtcDateTime, nullable=True)

    account = relationship(Account)


class ConsoleSessie(Base):
    """A login session of the web pages; the cookie holds the random id, the table its SHA-256 hash."""

    __tablename__ = "console_sessie"
    __table_args__ = (UniqueConstraint("sessie_hash", name="uq_console_sessie_sessie_hash"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    sessie_hash = Column(String(64), nullable=False)
    account_id = Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    aangemaakt_op = Column(UtcDateTime, nullable=False, default=utcnow)
    verloopt_op = Column(UtcDateTime, nullable=False)
    laatst_gezien_op = Column(UtcDateTime, nullable=False, default=utcnow)

    account = relationship(Account)


class LoginPoging(Base):
    """One login attempt, for rate limiting per username and per IP address."""

    __tablename__ = "login_poging"
    __table_args__ = (
        Index("ix_login_poging_gebruikersnaam_moment", "gebruikersnaam", "moment"),
        Index("ix_login_poging_ip_moment", "ip", "moment"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    gebruikersnaam = Column(String(200), nullable=False)
    ip = Column(String(64), nullable=False)
    moment = Column(UtcDateTime, nullable=False, default=utcnow)
    gelukt = Column(Boolean, nullable=False)
