"""The frozen programs' entry point (PyInstaller runs this file as __main__)."""

import sys

from app.main import main

sys.exit(main())
