"""Small helpers every app needs: access decorators, email, PDF, sanitising, CSV, concurrency.

Not a Django app and imports no app, so `members`, `meetings` and `actionplans` can all use it. It holds no
tables: only abstract models (`rendered.RenderedPdf`), whose tables belong to the apps that subclass them.
"""
