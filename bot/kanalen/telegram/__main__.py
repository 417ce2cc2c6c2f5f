"""``python -m bot.kanalen.telegram poll`` / ``webhook-instellen``: see bot/kanalen/telegram/cli.py."""

import sys

from bot.kanalen.telegram.cli import main

sys.exit(main())
