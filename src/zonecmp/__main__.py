"""`python -m zonecmp`: the same as the `zonecmp` command."""

from .cli import main

main()
