"""The action plan views, one module per screen family; `actionplans/urls.py` names each route."""
