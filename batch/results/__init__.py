"""The one classify results format: its schema, the writer, the reader and the join with the survey."""
