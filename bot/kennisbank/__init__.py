"""The kennisbank: articles on files, validated, stored in the database, and searched."""
