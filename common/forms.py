from crispy_forms_gds.helper import FormHelper


class GOVUKForm:
    """Mixin giving a form the GOV.UK layout. Templates render it inside their own <form> tag,
    with the error summary above the heading (includes/error_summary.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
