"""Every page of the access matrix a role may open, and every link on those pages once: to find, not list.

`crawl(world, client, role)` yields (url, response) for each; HTML pages of the matrix are parsed for links.
A page that answers a server error is yielded like any other (the client does not raise), for the caller to judge.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

from django.urls import reverse

from .matrix import ENTRIES

SKIP = ("/accounts/logout", "/static/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "http")):
            self.hrefs.append(href)


def crawl(world, client, role):
    client.raise_request_exception = False
    pages = list(dict.fromkeys(reverse(e.name, kwargs=e.kwargs(world)) for e in ENTRIES if e.expected(role) == 200))
    queue, seen = list(pages), set()
    while queue:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        yield url, response
        if url in pages and response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = Links()
            parser.feed(response.content.decode())
            queue += [urljoin(url, href) for href in parser.hrefs]


def is_download(response):
    return response.status_code == 200 and not response.get("Content-Type", "").startswith("text/html")
