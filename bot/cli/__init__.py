"""The `duban` command line: the parser, each command, what the terminal shows, and the process roles."""
