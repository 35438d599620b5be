from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    # app.js imports govuk-frontend as an ES module: rewrite that import to the hashed name too.
    support_js_module_import_aggregation = True
