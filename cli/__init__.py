"""The ``npslens`` command line: thin Typer commands over ``nlp``, ``api`` and ``training``."""
