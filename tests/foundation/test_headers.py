import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_and_hardening_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_page_of_the_shell_has_inline_script(client, admin_client, partner_client):
    for who in (client, admin_client, partner_client):
        html = who.get("/").content.decode()
        for tag in html.split("<script")[1:]:
            assert 'src="' in tag.split(">")[0], "every script is an external file"
        assert " style=" not in html


def test_session_cookie_is_http_only_and_same_site(client, partner_user):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": partner_user.email, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
