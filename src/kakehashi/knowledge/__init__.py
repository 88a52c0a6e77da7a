"""Knowledge: the timeline of India–Japan agreements, memoranda and initiatives, with the
platform items (event sessions, opportunities, community posts) that belong to them."""
