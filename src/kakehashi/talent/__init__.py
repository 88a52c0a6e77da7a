"""Specified Skilled Worker (SSW) pathway: the fields and rules as data, and the eligibility engine."""
