"""The notification centre: one notice per event that concerns a member, from every app.

A domain app calls `services.notify(...)` inside the transaction of the action (an interest
received, a thread message, a seat confirmed …); the member reads the notices in their own
language (`kinds.py` holds each kind's sentence, filled with the parameters stored on the
notice) and marks them read. `services.email_recipients` tells an app which people switched
the e-mail of a kind off, so the app's existing e-mails respect the switches on /settings/.
"""
