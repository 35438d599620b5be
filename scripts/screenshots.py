"""Screenshots of the running app (make run) for the README: python scripts/screenshots.py [base_url] [name,user,path]

docs/screenshots/login-single-sign-on.png is the sign-in page of a server started with single sign-on configured
(e.g. SSO_CLIENT_ID=partnership SSO_CLIENT_SECRET=secret SSO_PROVIDER_NAME=Microsoft
SSO_ISSUER=https://login.microsoftonline.com/<tenant>/v2.0 PASSWORD_SIGN_IN_OFF_FOR_DOMAINS=northport.gov.uk):
pass `login-single-sign-on,-,/accounts/login/`.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "partnership-demo"  # noqa: S105 - the published demo password

# (file name, account or None for the public, path)
SHOTS = [
    ("home-public", None, "/"),
    ("login", None, "/accounts/login/"),
    ("home-admin", "admin@example.org", "/"),
    ("home-partner", "partner@example.org", "/"),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for name, account, path in SHOTS + [tuple(arg.split(",")) for arg in sys.argv[2:]]:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            page = context.new_page()
            if account and account != "-":
                page.goto(BASE + "/accounts/login/")
                page.get_by_label("Email address").fill(account)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
            page.goto(BASE + path)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            print(f"{name}: {page.title()}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
