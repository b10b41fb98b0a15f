def test_login(client):
    resp = client.post("/login", data={"username": "alice", "password": "hunter2"})
    assert resp.status_code == 200
