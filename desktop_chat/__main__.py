"""`python -m desktop_chat` runs the command line (the window by default)."""

import sys

from desktop_chat.cli import main

sys.exit(main())
