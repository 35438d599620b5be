"""The membership views, one module per screen family; `members/urls.py` names each route."""
