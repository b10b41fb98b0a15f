curl -H "X-Request-Id: 54cf552d-8b5a-48fc-9c9e-16847fc4064b" -H "X-CSRF-Token: rp6hGRsOU7OOyd9uZCGoHGnjyRueqVe7" https://app.internal/form
