"""`python -m auth0_explore`: the same command line as `auth0-explore`."""

from auth0_explore.cli import main

main()
