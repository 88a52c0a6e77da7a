from django.test import Client


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(user, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()
