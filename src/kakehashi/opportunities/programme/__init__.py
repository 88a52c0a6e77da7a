"""The staff programme view: opportunities, matches, interests, introductions and outcomes."""
