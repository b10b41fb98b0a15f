curl -H "Authorization: Token 9c05edb31072a3cc157500030ed40226abf46689" https://ci.internal/api/v2/builds
