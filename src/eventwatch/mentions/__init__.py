"""mentions layer."""
