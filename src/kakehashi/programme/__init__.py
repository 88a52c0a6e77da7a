"""The programme dashboard: what the partnership produced, for the running body's staff and,
when it chooses to publish it, as a public summary.

sections.py  the list of section providers, one per app (each reads its app's figures.py)
filters.py   the date-range and country filters (form, also used by the API)
public.py    the public summary: staff's choice to publish it, small cells hidden
exports.py   CSV and XLSX of every table and series (formula cells neutralised)
views.py     dashboard, charts (SVG), exports, publishing, the public summary
api.py       GET /api/v1/programme/figures (staff)
"""
