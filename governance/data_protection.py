"""Retention: once a former member's details are anonymised, their register of interests goes too (it was kept for
the register, which lists current members); a declaration they made stays with the meeting's record, with the words
of the interest kept in it, under the anonymous label `members.data_protection` gives them."""

from .models import Declaration, Interest, InterestConfirmation


def anonymise(person, *, original, label, email):
    for declaration in Declaration.objects.filter(person=person, text="", interest__isnull=False).select_related(
        "interest"
    ):
        declaration.text = str(declaration.interest)
        declaration.save(update_fields=["text"])
    Interest.objects.filter(person=person).delete()
    InterestConfirmation.objects.filter(person=person).delete()
