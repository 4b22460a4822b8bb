"""A NUL character in an address is refused with a 400, never a server error (PostgreSQL cannot compare it)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from treatywatch.lib.middleware import NUL_MESSAGE

API = ["/api/v1/treaties/%00", "/api/v1/states/%00", "/api/v1/states/A%00B/obligations"]
API += ["/api/v1/states/KEN/obligations?treaty=%00", "/api/v1/treaties/ccm/states?region=%00"]
PAGES = ["/states/%00/", "/states/%00/deadlines.ics", "/deadlines/unsubscribe/%00/", "/treaties/ccm/?%00=1"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", API)
def test_an_api_address_with_a_nul_character_is_a_400_that_says_why(url: str) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": NUL_MESSAGE}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_page_address_with_a_nul_character_is_a_400_that_says_why(url: str) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert response.content.decode() == NUL_MESSAGE


@pytest.mark.django_db
def test_an_admin_search_with_a_nul_character_is_refused(db: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("chief", password="a long test password"))
    response = client.get("/admin/registry/depositaryfact/?q=Ken%00ya")
    assert response.status_code == 400
    assert client.get("/admin/registry/depositaryfact/?q=Kenya").status_code == 200
