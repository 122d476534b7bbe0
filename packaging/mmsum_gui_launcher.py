"""Entry script for frozen builds (PyInstaller); the installed command is ``mmsum-gui``."""
import sys

from ui.app import main

if __name__ == "__main__":  # the worker process of a frozen build re-enters here
    sys.exit(main())
