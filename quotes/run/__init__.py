"""Running the pipeline: one article (``analyse``), a corpus into the database (``ingest``,
yielding an event per article), in worker processes (``parallel``) or on Dask (``distributed``)."""
