"""Word lists the running code reads, built from public lexical resources."""
