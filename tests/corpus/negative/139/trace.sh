curl -H "X-Request-Id: dd96b900-c51e-4b25-85ec-1977b32d54cf" -H "X-CSRF-Token: XWL2gvVrh9wVzl6HZjTf-xSCbRtrp6hG" https://app.internal/form
