"""`python -m scsim_analysis ...` is `scsim-plot ...`."""

from .cli import main

raise SystemExit(main())
