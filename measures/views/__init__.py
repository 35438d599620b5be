"""The plan measures views, one module per screen family; `measures/urls.py` names each route."""
