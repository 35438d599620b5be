from django.conf import settings


def service(request):
    """Names every page needs for its header, footer and title."""
    return {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "council_name": settings.COUNCIL_NAME,
    }
