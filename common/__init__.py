"""Small helpers every app needs: access decorators, email, PDF, sanitising, CSV, concurrency.

An app below every other, importing none of them, so `members`, `meetings` and `actionplans` can all use it. It
holds one table, the one-time tokens of forms sent (`models.FormSubmission`); otherwise only abstract models
(`rendered.RenderedPdf`), whose tables belong to the apps that subclass them.
"""
