"""Duban's adapters: use cases (services), the scheduled rounds, chat rendering, channels, the CLI, the rehearsal."""
