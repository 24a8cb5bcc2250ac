"""One module per ``scenecraft`` subcommand (see ``agent.cli``)."""
