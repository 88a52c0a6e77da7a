"""Opportunity pages, one module per audience of the same domain: `public` (search and the
opportunity page), `member` (an organisation's own opportunities), `staff` (the review queue),
`matches` (acting on an opportunity's matches; saved matches)."""
