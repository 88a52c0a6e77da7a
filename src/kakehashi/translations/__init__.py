"""Versions of member-written text in other languages, and machine translation.

A *source* (an app's kind of text: an opportunity, an interest, a thread message, a post …)
is registered here by its app (`sources.register`), the way apps register collections with
the matching engine; this app imports no domain app.
"""
