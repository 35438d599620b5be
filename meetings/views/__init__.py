"""The meetings app's views, one module per screen family; `meetings/urls.py` names each route."""
