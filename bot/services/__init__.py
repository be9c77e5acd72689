"""The use cases, channel-neutral: what a person (or the office) asks of Duban, start to end, as an Answer to show."""
