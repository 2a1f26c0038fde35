"""`python -m eventwatch.cli ...` runs the `eventwatch` command."""

from eventwatch.cli import main

main()
