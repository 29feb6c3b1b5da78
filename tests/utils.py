"""Small helpers shared by the tests."""

from bs4 import BeautifulSoup


def fetch(client, url, status=200):
    """GET `url` as a browser on localhost would, check the status, and return (soup, response)."""
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == status, f"{url}: {response.status_code}"
    return BeautifulSoup(response.content, "html.parser"), response


def soup_of(client, url, status=200):
    return fetch(client, url, status)[0]
