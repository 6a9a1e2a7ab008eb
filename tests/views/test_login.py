"""Signing in: every page needs it, and repeated wrong passwords lock the username out."""

from django.urls import reverse


def test_pages_need_sign_in(client, db):
    response = client.get(reverse("person-search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_password_shows_error_summary(client, adviser_a):
    response = client.post(reverse("login"), {"username": "adviser_a", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html


def test_right_password_signs_in(client, adviser_a):
    response = client.post(reverse("login"), {"username": "adviser_a", "password": "test-pass-123"})
    assert response.status_code == 302
    assert client.get(reverse("person-search")).status_code == 200


def test_five_wrong_passwords_lock_the_username_out(client, adviser_a):
    """django-axes: after 5 failures even the right password is refused for 15 minutes."""
    for _ in range(5):
        client.post(reverse("login"), {"username": "adviser_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "adviser_a", "password": "test-pass-123"})
    assert response.status_code == 429
    assert "You cannot sign in for 15 minutes" in response.content.decode()
    assert client.get(reverse("person-search")).status_code == 302


def test_empty_sign_in_names_each_missing_field(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert html.count("Enter your username") == 2
    assert html.count("Enter your password") == 2
