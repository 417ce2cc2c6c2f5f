"""the kennisbank gaps worked out ahead by the worker: masked questions without a (helpful) answer

``vraag_zonder_antwoord``: one row per question, masked, with its content words and the search's
best articles; it names its conversation, so erasure and retention delete it with the conversation.
``gaten_stand``: one row (id 1) with how far the worker read Rasa's tracker store, the kennisbank
the rows were worked out with, and the worker that holds the table (bot/cijfers/vragen_zonder_antwoord.py).
The page "Vragen zonder antwoord" reads these instead of loading deduce and the search index per view.

Revision ID: 0027
Revises: 0026
Create Date: 2027-01-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vraag_zonder_antwoord",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("gesprek_id", sa.String(240), nullable=False),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("artikel_id", sa.String(120), nullable=True),
        sa.Column("woorden", sa.JSON(), nullable=False),
        sa.Column("treffers", sa.JSON(), nullable=False),
        sa.UniqueConstraint("event_id", name="uq_vraag_zonder_antwoord_event_id"),
    )
    op.create_index("ix_vraag_zonder_antwoord_gesprek_id", "vraag_zonder_antwoord", ["gesprek_id"])
    op.create_index("ix_vraag_zonder_antwoord_moment", "vraag_zonder_antwoord", ["moment"])
    stand = op.create_table(
        "gaten_stand",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tot_moment", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kennisbank", sa.JSON(), nullable=True),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("geclaimd_door", sa.String(120), nullable=True),
        sa.Column("geclaimd_tot", sa.DateTime(timezone=True), nullable=True),
    )
    op.bulk_insert(stand, [{"id": 1}])


def downgrade() -> None:
    op.drop_table("gaten_stand")
    op.drop_index("ix_vraag_zonder_antwoord_moment", table_name="vraag_zonder_antwoord")
    op.drop_index("ix_vraag_zonder_antwoord_gesprek_id", table_name="vraag_zonder_antwoord")
    op.drop_table("vraag_zonder_antwoord")
