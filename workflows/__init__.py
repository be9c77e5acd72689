"""The pure core of Duban: calendar, deadline rules, plans, units and due items.

Nothing here reads a file, the clock, the network or a database: callers pass
text, dates and data in, and get frozen values back.
"""
