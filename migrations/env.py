"""Alembic environment: migrates the database named by INGANG_DATABASE_URL."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from bot.accounts import models as _accounts_models  # noqa: F401  (registers account tables)
from bot.cijfers import archief as _archief_models  # noqa: F401  (registers gesprek_archief)
from bot.cijfers import vragen_zonder_antwoord as _gaten_models  # noqa: F401  (vraag_zonder_antwoord, gaten_stand)
from bot.integraties.openklant import models as _openklant_models  # noqa: F401  (registers zaak_export)
from bot.kanalen import boekhouding as _kanalen_models  # noqa: F401  (registers kanaal_verwerkt, kanaal_venster)
from bot.kennisbank import models as _kennisbank_models  # noqa: F401  (registers tables)
from bot.kern import hartslag as _hartslag_models  # noqa: F401  (registers hartslag)
from bot.kern import tempo as _tempo_models  # noqa: F401  (registers tempo_teller, gesprek_herkomst)
from bot.kern.db import Base, make_engine
from bot.kern.settings import load_settings
from bot.overname import models as _overname_models  # noqa: F401  (registers overname)
from bot.uitgaand import models as _uitgaand_models  # noqa: F401  (registers tables)
from bot.zaken import models as _zaken_models  # noqa: F401  (registers tables, medewerkers too)

if context.config.config_file_name is not None:
    fileConfig(context.config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def database_url() -> str:
    return context.config.attributes.get("database_url") or load_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
