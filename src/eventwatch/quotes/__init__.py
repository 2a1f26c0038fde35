"""quotes layer."""
