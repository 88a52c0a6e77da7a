"""Expressions of interest, introductions, their conversation threads and outcomes."""
