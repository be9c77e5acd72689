"""Readers that turn files (plan documents, rosters, calendar files) into workflows values."""
