"""File jobs shared by the CLI and the API: input tables, the classify results format, the Ray engine, analyze."""
