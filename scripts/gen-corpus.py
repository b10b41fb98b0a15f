#!/usr/bin/env python3
"""Writes tests/corpus/: leakwatch's own labelled corpus (see tests/corpus/README.md).

Every value is random, drawn from a fixed seed, in the shape the provider documents (prefix,
length, alphabet); checksummed formats (GitHub, npm, GitLab routable tokens) carry valid
checksums. Run from the repository root: `python3 scripts/gen-corpus.py`. Deterministic: the same
script writes the same files.
"""
import base64, json, os, random, shutil, string, zlib

rnd = random.Random(0x1EA4)
UP, LO, DI = string.ascii_uppercase, string.ascii_lowercase, string.digits
AN = UP + LO + DI
HEX = DI + 'abcdef'
B32 = UP + '234567'
B64 = AN + '+/'
B64U = AN + '-_'
ROOT = 'tests/corpus'


def r(n, alpha=AN):
    return ''.join(rnd.choice(alpha) for _ in range(n))


def uuid():
    return f'{r(8, HEX)}-{r(4, HEX)}-4{r(3, HEX)}-{rnd.choice("89ab")}{r(3, HEX)}-{r(12, HEX)}'


def base(value, alphabet, width):
    out = ''
    while value:
        value, d = divmod(value, len(alphabet))
        out = alphabet[d] + out
    return out.rjust(width, alphabet[0])


def crc_token(prefix):  # GitHub classic / npm: 30 random base62 + CRC32 in base62 (6)
    body = r(30)
    return prefix + body + base(zlib.crc32(body.encode()), DI + UP + LO, 6)


def gitlab_routable(prefix='glpat-'):
    routing = f'c:1\no:{base(rnd.randrange(1, 99999), DI + LO, 1)}\nu:{base(rnd.randrange(1, 9999999), DI + LO, 1)}'
    raw = routing.encode() + bytes(rnd.randrange(256) for _ in range(16)) + bytes([16])
    payload = base64.urlsafe_b64encode(raw).decode().rstrip('=')
    head = f'{prefix}{payload}.01.{base(len(payload), DI + LO, 2)}'
    return head + base(zlib.crc32(head.encode()), DI + LO, 7)


def jwt():
    enc = lambda o: base64.urlsafe_b64encode(json.dumps(o, separators=(',', ':')).encode()).decode().rstrip('=')
    head = enc({'alg': 'HS256', 'typ': 'JWT'})
    body = enc({'sub': str(rnd.randrange(10**6, 10**7)), 'name': 'svc-' + r(6, LO), 'iat': 1700000000 + rnd.randrange(10**7), 'scope': 'admin'})
    return f'{head}.{body}.{r(43, B64U)}'


def pem(kind):
    if kind == 'OPENSSH':
        raw = b'openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none' + bytes(rnd.randrange(256) for _ in range(360))
    else:
        raw = bytes([0x30, 0x82, 0x04, 0xa4]) + bytes(rnd.randrange(256) for _ in range(600))
    body = base64.b64encode(raw).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    label = {'RSA': 'RSA PRIVATE KEY', 'EC': 'EC PRIVATE KEY', 'PKCS8': 'PRIVATE KEY', 'OPENSSH': 'OPENSSH PRIVATE KEY'}[kind]
    return f'-----BEGIN {label}-----\n' + '\n'.join(lines) + f'\n-----END {label}-----\n'


def password():
    return r(4, UP) + r(6, LO) + r(4, DI) + rnd.choice('!@%^*-_') + r(5, AN)


# family, variable name (snake case), value generator
TOKENS = [
    ('aws', 'aws_access_key_id', lambda: 'AKIA' + r(16, B32)),
    ('github', 'github_token', lambda: crc_token('ghp_')),
    ('github', 'gh_oauth_token', lambda: crc_token('gho_')),
    ('github', 'github_pat', lambda: 'github_pat_' + r(22) + '_' + r(59)),
    ('gitlab', 'gitlab_token', lambda: gitlab_routable()),
    ('gitlab', 'gitlab_pat', lambda: 'glpat-' + r(20, B64U)),
    ('slack', 'slack_bot_token', lambda: f'xoxb-{r(11, DI)}-{r(12, DI)}-{r(24)}'),
    ('slack', 'slack_webhook_url', lambda: f'https://hooks.slack.com/services/T{r(8, UP + DI)}/B{r(10, UP + DI)}/{r(24)}'),
    ('stripe', 'stripe_secret_key', lambda: 'sk_live_' + r(99)),
    ('stripe', 'stripe_restricted_key', lambda: 'rk_live_' + r(99)),
    ('stripe', 'stripe_webhook_secret', lambda: 'whsec_' + r(32)),
    ('openai', 'openai_api_key', lambda: 'sk-proj-' + r(74, B64U) + 'T3BlbkFJ' + r(74, B64U)),
    ('anthropic', 'anthropic_api_key', lambda: 'sk-ant-api03-' + r(93, B64U) + 'AA'),
    ('google', 'google_api_key', lambda: 'AIza' + r(35, B64U)),
    ('npm', 'npm_token', lambda: crc_token('npm_')),
    ('pypi', 'pypi_token', lambda: 'pypi-AgEIcHlwaS5vcmc' + r(140, B64U)),
    ('twilio', 'twilio_auth', lambda: f'SK{r(32, HEX)}:{r(32)}'),
    ('sendgrid', 'sendgrid_api_key', lambda: f'SG.{r(22, B64U)}.{r(43, B64U)}'),
    ('huggingface', 'hf_token', lambda: 'hf_' + r(34, UP + LO)),
    ('digitalocean', 'do_token', lambda: 'dop_v1_' + r(64, HEX)),
    ('shopify', 'shopify_access_token', lambda: 'shpat_' + r(32, HEX)),
    ('square', 'square_access_token', lambda: 'EAAA' + r(60, B64U)),
    ('discord', 'discord_webhook', lambda: f'https://discord.com/api/webhooks/{r(19, DI)}/{r(68, B64U)}'),
    ('telegram', 'telegram_bot_token', lambda: f'{rnd.randrange(10**9, 8 * 10**9)}:AA{r(33, B64U)}'),
    ('databricks', 'databricks_token', lambda: 'dapi' + r(32, HEX)),
    ('heroku', 'heroku_api_key', lambda: 'HRKU-AA' + r(58, B64U)),
    ('vault', 'vault_token', lambda: 'hvs.' + r(90, B64U)),
    ('terraform', 'tfe_token', lambda: r(14) + '.atlasv1.' + r(67, B64U)),
    ('doppler', 'doppler_token', lambda: 'dp.st.prd.' + r(43)),
    ('pulumi', 'pulumi_access_token', lambda: 'pul-' + r(40, HEX)),
    ('grafana', 'grafana_sa_token', lambda: 'glsa_' + r(32) + '_' + r(8, HEX)),
    ('newrelic', 'new_relic_api_key', lambda: 'NRAK-' + r(27, UP + DI)),
    ('linear', 'linear_api_key', lambda: 'lin_api_' + r(40)),
    ('notion', 'notion_token', lambda: 'ntn_' + r(11, DI) + r(35)),
    ('docker', 'docker_hub_token', lambda: 'dckr_pat_' + r(27, B64U)),
    ('sentry', 'sentry_auth_token', lambda: 'sntryu_' + r(64, HEX)),
    ('azure', 'azure_client_secret', lambda: r(3) + rnd.choice(DI) + 'Q~' + r(34, AN + '_~.-')),
    ('openshift', 'openshift_token', lambda: 'sha256~' + r(43, B64U)),
    ('launchdarkly', 'ld_sdk_key', lambda: 'sdk-' + uuid()),
]

# family, name containing the provider's keyword, value generator: rules that need the name
KEYED = [
    ('aws', 'aws_secret_access_key', lambda: r(40, B64)),
    ('datadog', 'datadog_api_key', lambda: r(32, HEX)),
    ('mailgun', 'mailgun_api_key', lambda: 'key-' + r(32, HEX)),
    ('azure', 'azure_storage_account_key', lambda: r(86, B64) + '=='),
    ('heroku', 'heroku_api_key', lambda: uuid()),
]

GENERIC = [
    ('generic', 'db_password', password),
    ('generic', 'jwt_secret', lambda: r(32, AN + '-_')),
    ('generic', 'client_secret', lambda: r(34, AN + '_-')),
    ('generic', 'encryption_key', lambda: r(44, B64)),
    ('generic', 'smtp_password', password),
    ('generic', 'api_secret', lambda: r(40, HEX + 'ABCDEF')),
]


def camel(name):
    parts = name.split('_')
    return parts[0] + ''.join(p.title() for p in parts[1:])


CONTEXTS = {
    'env': ('.env', '# {name}\n{NAME}={v}\nLOG_LEVEL=info\n'),
    'yaml': ('config.yaml', 'app:\n  name: billing\n  {name}: "{v}"\n  timeout: 30\n'),
    'json': ('settings.json', '{{\n  "service": "billing",\n  "{camel}": "{v}",\n  "retries": 3\n}}\n'),
    'py': ('settings.py', 'import logging\n\nlogger = logging.getLogger(__name__)\n{NAME} = "{v}"\nTIMEOUT = 30\n'),
    'js': ('config.js', "const config = {{\n  region: 'eu-west-1',\n  {camel}: '{v}',\n}};\n\nmodule.exports = config;\n"),
    'go': ('config.go', 'package config\n\n// {Camel} is used by the client.\nconst {Camel} = "{v}"\n'),
    'properties': ('application.properties', 'server.port=8080\napp.{dotted}={v}\n'),
    'xml': ('settings.xml', '<?xml version="1.0"?>\n<settings>\n  <{camel}>{v}</{camel}>\n</settings>\n'),
    'sh': ('deploy.sh', '#!/bin/sh\nset -eu\nexport {NAME}="{v}"\n./bin/deploy --env prod\n'),
    'dockerfile': ('Dockerfile', 'FROM python:3.12-slim\nWORKDIR /app\nENV {NAME}={v}\nCMD ["python", "app.py"]\n'),
    'k8s': ('deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.internal/api:1.4.2\n          env:\n            - name: {NAME}\n              value: "{v}"\n'),
    'gha': ('.github/workflows/deploy.yml', 'name: deploy\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      {NAME}: {v}\n    steps:\n      - uses: actions/checkout@v4\n      - run: make deploy\n'),
    'gitlabci': ('.gitlab-ci.yml', 'deploy:\n  stage: deploy\n  variables:\n    {NAME}: "{v}"\n  script:\n    - make deploy\n'),
    'tf': ('main.tf', 'variable "region" {{\n  default = "eu-west-1"\n}}\n\nlocals {{\n  {name} = "{v}"\n}}\n'),
    'rb': ('config.rb', 'Rails.application.configure do\n  config.x.{name} = "{v}"\nend\n'),
    'php': ('config.php', "<?php\nreturn [\n    '{name}' => '{v}',\n    'debug' => false,\n];\n"),
    'java': ('Config.java', 'public final class Config {{\n    static final String {NAME} = "{v}";\n}}\n'),
    'cs': ('Settings.cs', 'public static class Settings\n{{\n    public const string {Camel} = "{v}";\n}}\n'),
    'toml': ('config.toml', '[service]\nname = "billing"\n{name} = "{v}"\n'),
    'ini': ('app.ini', '[credentials]\n{name} = {v}\n'),
}
CTX_NAMES = list(CONTEXTS)


def render(ctx, name, v):
    fname, tmpl = CONTEXTS[ctx]
    text = tmpl.format(name=name, NAME=name.upper(), camel=camel(name), Camel=camel(name)[0].upper() + camel(name)[1:], dotted=name.replace('_', '.'), v=v)
    return fname, text


files = {}


def add(label, fname, text):
    """One example per folder, so that every file keeps its real name (.env, .npmrc, Dockerfile)."""
    n = sum(1 for k in files if k.startswith(label + '/'))
    files[f'{label}/{n:03d}/{fname}'] = text


def P(fam, fname, text):
    """A positive of family `fam`."""
    add(f'positive/{fam}', fname, text)


def N(fname, text):
    """A negative."""
    add('negative', fname, text)


def positives():
    for i, (fam, name, gen) in enumerate(TOKENS):
        for k in range(4):
            ctx = CTX_NAMES[(i * 4 + k) % len(CTX_NAMES)]
            add(f'positive/{fam}', *render(ctx, name, gen()))
    for i, (fam, name, gen) in enumerate(KEYED):
        for k, ctx in enumerate(['env', 'yaml', 'json', 'py', 'properties', 'sh']):
            add(f'positive/{fam}', *render(ctx, name, gen()))
    for i, (fam, name, gen) in enumerate(GENERIC):
        for k in range(6):
            ctx = CTX_NAMES[(i * 6 + k * 3) % len(CTX_NAMES)]
            add(f'positive/{fam}', *render(ctx, name, gen()))
    structured()


def structured():
    for kind in ['RSA', 'EC', 'PKCS8', 'OPENSSH']:
        P('private-key', f'id_{kind.lower()}.pem', pem(kind))
    key = pem('PKCS8')
    P('google', 'service-account.json', json.dumps({'type': 'service_account', 'project_id': 'billing-' + r(6, LO + DI), 'private_key_id': r(40, HEX), 'private_key': key, 'client_email': f'ci@billing-{r(4, LO)}.iam.gserviceaccount.com', 'client_id': r(21, DI)}, indent=2) + '\n')
    P('private-key', 'values.yaml', 'tls:\n  key: |\n' + ''.join('    ' + l + '\n' for l in pem('RSA').splitlines()))
    P('private-key', 'key.json', json.dumps({'name': 'signer', 'pem': pem('EC')}) + '\n')
    for scheme, fam in [('postgres', 'postgres'), ('mysql', 'mysql'), ('mongodb+srv', 'mongodb'), ('redis', 'redis'), ('amqps', 'amqp')]:
        url = f'{scheme}://app_{r(4, LO)}:{password()}@db-{r(5, LO + DI)}.internal:5432/app'
        P(fam, 'database.env', f'DATABASE_URL={url}\n')
        P(fam, 'database.yaml', f'production:\n  url: "{url}"\n  pool: 10\n')
    P('url', 'mirror.txt', f'pip install --index-url https://deploy:{password()}@pypi.corp.internal/simple/ app\n')
    P('generic', 'request.sh', f"curl -s https://api.internal/v1/orders \\\n  -H 'Authorization: Bearer {jwt()}'\n")
    P('generic', 'client.js', f"export const token = '{jwt()}';\n")
    P('kubernetes', 'secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  username: ' + base64.b64encode(b'billing').decode() + '\n  password: ' + base64.b64encode(password().encode()).decode() + '\n')
    P('npm', '.npmrc', f'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={crc_token("npm_")}\n')
    P('netrc', '.netrc', f'machine api.internal.example\n  login deploy\n  password {password()}\n')
    P('git', '.git-credentials', f'https://ci-bot:{crc_token("ghp_")}@github.com\n')
    P('docker', 'config.json', json.dumps({'auths': {'registry.internal:5000': {'auth': base64.b64encode(f'ci:{password()}'.encode()).decode()}}}, indent=2) + '\n')
    P('azure', 'appsettings.json', json.dumps({'ConnectionStrings': {'Storage': f'DefaultEndpointsProtocol=https;AccountName=billing{r(4, LO + DI)};AccountKey={r(86, B64)}==;EndpointSuffix=core.windows.net'}}, indent=2) + '\n')
    P('generic', 'web.config', f'<configuration>\n  <appSettings>\n    <add key="SmtpPassword" value="{password()}" />\n  </appSettings>\n</configuration>\n')
    P('generic', 'Mailer.cs', f'client.Credentials = new NetworkCredential("mailer@corp.internal", "{password()}");\n')
    P('generic', 'settings.xml', f'<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>deploy</username>\n      <password>{password()}</password>\n    </server>\n  </servers>\n</settings>\n')
    P('aws', 'credentials', f'[default]\naws_access_key_id = AKIA{r(16, B32)}\naws_secret_access_key = {r(40, B64)}\n')
    P('generic', 'docker-compose.yml', f'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: {password()}\n')


def negatives():
    N('.env', 'API_KEY=${API_KEY}\nDB_PASSWORD=${DB_PASSWORD:-}\n')
    N('config.yaml', 'auth:\n  token: <your-token-here>\n  password: "{{ vault_db_password }}"\n')
    N('settings.py', 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\nAPI_TOKEN = os.getenv("API_TOKEN", "")\n')
    N('config.js', 'module.exports = {\n  apiKey: process.env.API_KEY,\n  secret: process.env.APP_SECRET || "",\n};\n')
    N('main.go', 'package main\n\nimport "os"\n\nvar token = os.Getenv("GITHUB_TOKEN")\n')
    N('application.properties', 'spring.datasource.password=${DB_PASSWORD}\napp.jwt.secret=${JWT_SECRET}\n')
    N('deploy.yml', 'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n')
    N('README.md', '## Configuration\n\nSet `OPENAI_API_KEY` to your key (it starts with `sk-`), for example:\n\n    export OPENAI_API_KEY=sk-...\n')
    N('aws-docs.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n')
    N('placeholders.env', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\nGITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nPASSWORD=changeme\n')
    N('sequential.env', 'API_KEY=abcdefghijklmnopqrstuvwxyz123456\nSECRET=0000000000000000000000000000\n')
    N('test-mode.env', f'STRIPE_SECRET_KEY=sk_test_{r(99)}\n')
    N('pk.js', f"const stripe = Stripe('pk_live_{r(99)}');\n")
    N('ids.json', json.dumps({'request_id': uuid(), 'tenant_id': uuid(), 'api_key_id': uuid(), 'client_id': uuid()}, indent=2) + '\n')
    N('package-lock.json', json.dumps({'name': 'app', 'lockfileVersion': 3, 'packages': {f'node_modules/{p}': {'version': '1.2.3', 'resolved': f'https://registry.npmjs.org/{p}/-/{p}-1.2.3.tgz', 'integrity': 'sha512-' + base64.b64encode(bytes(rnd.randrange(256) for _ in range(64))).decode()} for p in ['left-pad', 'chalk', 'debug', 'ms']}}, indent=2) + '\n')
    N('yarn.lock', ''.join(f'{p}@^1.0.0:\n  version "1.0.4"\n  resolved "https://registry.yarnpkg.com/{p}/-/{p}-1.0.4.tgz#{r(40, HEX)}"\n  integrity sha512-{base64.b64encode(bytes(rnd.randrange(256) for _ in range(64))).decode()}\n\n' for p in ['tslib', 'semver', 'ansi-regex']))
    N('go.sum', ''.join(f'github.com/{o}/{p} v1.{i}.0 h1:{base64.b64encode(bytes(rnd.randrange(256) for _ in range(32))).decode()}\n' for i, (o, p) in enumerate([('pkg', 'errors'), ('spf13', 'cobra'), ('stretchr', 'testify')])))
    N('Cargo.lock', ''.join(f'[[package]]\nname = "{p}"\nversion = "1.0.{i}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{r(64, HEX)}"\n\n' for i, p in enumerate(['serde', 'regex', 'memchr'])))
    N('poetry.lock', f'[[package]]\nname = "requests"\nversion = "2.32.3"\nfiles = [\n    {{file = "requests-2.32.3-py3-none-any.whl", hash = "sha256:{r(64, HEX)}"}},\n]\n')
    N('SHA256SUMS', ''.join(f'{r(64, HEX)}  leakwatch-{a}.tar.gz\n' for a in ['x86_64-linux', 'aarch64-linux', 'x86_64-darwin']))
    N('id_ed25519.pub', f'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{r(43, B64)} deploy@ci\n')
    N('public.pem', '-----BEGIN PUBLIC KEY-----\n' + '\n'.join(r(64, B64) for _ in range(6)) + '\n-----END PUBLIC KEY-----\n')
    N('cert.pem', '-----BEGIN CERTIFICATE-----\n' + '\n'.join(r(64, B64) for _ in range(10)) + '\n-----END CERTIFICATE-----\n')
    N('identifiers.py', 'public_key = load_public_key(path)\nkeyword = "password"\nmonkey = "banana"\nsecret_santa = True\ntoken_type = "bearer"\n')
    N('forms.html', '<form>\n  <label for="password">Password</label>\n  <input type="password" name="password" autocomplete="current-password">\n</form>\n')
    N('schema.sql', 'CREATE TABLE users (\n  id UUID PRIMARY KEY,\n  password_hash VARCHAR(255) NOT NULL,\n  api_token_digest CHAR(64)\n);\n')
    N('logo.css', '.logo { background: url(data:image/png;base64,' + base64.b64encode(b'\x89PNG\r\n\x1a\n' + bytes(rnd.randrange(256) for _ in range(300))).decode() + '); }\n')
    N('bundle.min.js', '!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t,n.d=function(e,t,r){n.o(e,t)||Object.defineProperty(e,t,{enumerable:!0,get:r})}}([function(e,t){e.exports={tokenKey:"auth_token",passwordField:"password"}}]);\n')
    N('lorem.txt', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Password reset links expire after one hour; the secret to a good token is entropy.\n')
    N('git.log', ''.join(f'commit {r(40, HEX)}\nAuthor: Dev <dev@corp.internal>\n\n    Fix token refresh\n\n' for _ in range(3)))
    N('docker.txt', f'image: ghcr.io/corp/api@sha256:{r(64, HEX)}\n')
    N('pagination.json', json.dumps({'items': [], 'nextPageToken': r(40, B64U), 'syncToken': r(32, B64U)}, indent=2) + '\n')
    N('csrf.html', f'<meta name="csrf-token" content="{r(43, B64U)}">\n')
    N('i18n.json', json.dumps({'login.password': 'Password', 'login.token_expired': 'Your session token expired', 'settings.api_key': 'API key'}, indent=2) + '\n')
    N('colors.scss', '$primary: #1f6feb;\n$secret-text: #8b949e;\n$token-bg: #161b22;\n')
    N('getters.java', 'String password = config.getPassword();\nString apiKey = System.getenv("API_KEY");\nchar[] secret = console.readPassword();\n')
    N('empty.yaml', 'database:\n  password: ""\n  token: null\n  secret: ~\n')
    N('docs-example.txt', 'curl -H "Authorization: Bearer <token>" https://api.example.com/v1/me\n')
    N('redacted.log', '2024-05-01T10:00:00Z login ok user=alice password=******** token=[REDACTED]\n')
    N('urls.txt', 'https://docs.python.org/3/library/secrets.html\npostgres://localhost:5432/app\nhttps://user@github.com/org/repo.git\n')
    N('hashes.py', f'EXPECTED_SHA1 = "{r(40, HEX)}"\nEXPECTED_MD5 = "{r(32, HEX)}"\n')
    N('analytics.js', "gtag('config', 'G-" + r(10, UP + DI) + "');\n")
    N('translations.po', 'msgid "Enter your password"\nmsgstr "Introduzca su contraseña"\n')
    N('vault.yml', '$ANSIBLE_VAULT;1.1;AES256\n' + '\n'.join(r(80, HEX) for _ in range(4)) + '\n')
    N('sops.yaml', f'db_password: ENC[AES256_GCM,data:{r(24, B64)},iv:{r(43, B64)}=,tag:{r(22, B64)}==,type:str]\n')
    N('template.yaml', 'password: "{{ .Values.db.password }}"\napi_key: "{{ required \\"apiKey\\" .Values.apiKey }}"\n')
    N('test_auth.py', 'def test_login(client):\n    resp = client.post("/login", data={"username": "alice", "password": "hunter2"})\n    assert resp.status_code == 200\n')
    N('tokens.go', 'const (\n\tTokenEOF TokenKind = iota\n\tTokenIdent\n\tTokenString\n)\n')
    N('password_rules.py', 'PASSWORD_MIN_LENGTH = 12\nPASSWORD_REGEX = r"^(?=.*[A-Z])(?=.*\\d).{12,}$"\n')
    N('uuid.env', f'SERVICE_ACCOUNT_ID={uuid()}\nTENANT={uuid()}\n')
    N('base64-text.txt', base64.b64encode(b'This is a plain sentence encoded for a test of the decoder, with no secret in it at all.').decode() + '\n')
    N('example-jwt.md', 'A JWT has three parts separated by dots: `header.payload.signature`.\n')
    N('docs-keys.md', 'Keys look like `ghp_` followed by 36 characters, or `sk_live_` for Stripe.\n')
    N('changelog.md', '## 2.3.0\n- Rotate API tokens on login\n- New secret manager integration\n')
    N('mock.json', json.dumps({'apiKey': 'YOUR_API_KEY', 'secret': 'YOUR_SECRET', 'token': 'REPLACE_ME'}) + '\n')
    N('hex-colors.json', json.dumps({'palette': ['#' + r(6, HEX) for _ in range(12)]}) + '\n')
    N('wasm-digest.txt', f'sha384-{base64.b64encode(bytes(rnd.randrange(256) for _ in range(48))).decode()}\n')
    N('sri.html', f'<script src="https://cdn.jsdelivr.net/npm/lib@1.0.0/dist/lib.min.js" integrity="sha384-{base64.b64encode(bytes(rnd.randrange(256) for _ in range(48))).decode()}" crossorigin="anonymous"></script>\n')
    # The same file shapes as the positives, with values that are not secrets.
    traps = [('api_key', '${API_KEY}'), ('password', 'changeme'), ('auth_token', 'your-api-token-here'),
             ('client_secret', '<client-secret>'), ('db_password', '{{ db_password }}'),
             ('api_token', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxx'), ('secret_key', 'REPLACE_WITH_YOUR_SECRET_KEY'),
             ('public_key', None), ('keyword', None), ('monkey', None), ('session_id', None),
             ('file_checksum', None), ('access_key_id', None), ('password', '%(password)s'),
             ('token_url', 'https://oauth2.googleapis.com/token'), ('secret_name', 'prod/db/password'),
             ('password_file', '/run/secrets/db_password'), ('api_key', 'os.environ.get("API_KEY")'),
             ('token', 'process.env.GITHUB_TOKEN'), ('password', '********')]
    for i, (name, value) in enumerate(traps * 3):
        ctx = CTX_NAMES[(i * 7) % len(CTX_NAMES)]
        if value is None:
            value = {'public_key': 'ssh-ed25519', 'keyword': 'Authorization', 'monkey': 'patch',
                     'session_id': uuid(), 'file_checksum': r(64, HEX), 'access_key_id': uuid()}[name]
            if name in ('public_key', 'keyword', 'monkey'):
                value = r(28, AN)
        add('negative', *render(ctx, name, value))
    for i in range(12):
        # random identifiers and IDs that are not credentials
        N(f'records-{i}.csv', 'id,sku,created\n' + ''.join(f'{uuid()},{r(10, UP + DI)},2024-0{1 + i % 9}-1{i % 9}\n' for _ in range(4)))


def atlassian_token():  # ATATT3xFfGF0 + body + '=' + CRC32 of everything before it, 8 hex digits
    head = 'ATATT3xFfGF0' + r(171, B64U) + '='
    return head + f'{zlib.crc32(head.encode()):08X}'


def other_shapes():
    """Shapes other scanners' examples use: a bare `key` name, vendor prefixes with lengths or
    alphabets the vendor rules do not expect, hex values under a generic name. Drawn after the
    rest, so adding them left the older files' values as they were."""
    P('generic', 'client.json', json.dumps({'endpoint': 'https://api.internal/v2', 'key': r(30)}, indent=2) + '\n')
    P('generic', 'crypto.py', f'HEX_KEY = "{r(64, HEX)}"\n')
    P('generic', 'store.py', f"settings['dict_key'] = \"{r(28)}\"\n")
    P('generic', 'metrics.py', f'amplitude_api_token = "{r(32, HEX)}"\n')
    P('generic', 'flags.py', f'launchdarkly_api_token = "{r(11, LO + DI)}-{r(10, LO + DI)}-{r(8, LO + DI)}_{r(8, LO + DI)}"\n')
    for prefix, alpha, n in [('bkua_', AN, 40), ('phx_', AN + '_-', 48), ('sbp_', LO + DI + '_', 36),
                             ('pina_', AN, 44), ('CCIPAT_', AN + '_', 52), ('ucat_', AN, 30),
                             ('xoxp-', DI + '-', 30), ('glcbt-', AN + '_', 26)]:
        P('generic', 'tokens.env', f'TOKEN={prefix}{r(n, alpha)}\n')
    P('generic', 'search.py', f'kagi_api_token = "{r(11, LO + DI)}.{r(40, LO + DI + "_")}"\n')
    P('maven', 'settings-security.xml', f'<settingsSecurity>\n  <master>{{{r(43, B64)}=}}</master>\n</settingsSecurity>\n')
    P('heroku', 'settings.xml', f'<settings>\n  <herokuApiKey>{uuid()}</herokuApiKey>\n</settings>\n')
    P('datadog', 'config.go', f'package config\n\nvar DatadogApiKey = `{r(32, HEX)}`\n')
    P('atlassian', '.env', f'JIRA_API_TOKEN={atlassian_token()}\n')
    P('atlassian', 'jira.py', f'jira = JIRA(server, basic_auth=("ci@corp.internal", "{atlassian_token()}"))\n')
    N('cache.py', f'token_cache_key = "{r(40, HEX)}"\ncache_key = "{r(40, HEX)}"\n')
    N('s3.json', json.dumps({'Bucket': 'releases', 'Key': f'builds/web-{r(6, DI)}/app.war', 'S3Key': f'ci/beanstalk/app-{r(4, DI)}.war'}, indent=2) + '\n')
    N('keys.py', f'public_key = "{r(43, B64)}="\nsort_key = "{r(24)}"\nprimary_key = "{r(20)}"\n')
    N('ssh.py', 'accept_key = "StrictHostKeyChecking=no"\nkey = "/home/deploy/.config/app/credentials.json"\n')
    N('i18n-keys.json', json.dumps([{'key': 'settings.account.title', 'value': 'Account'}, {'key': 'settings.account.delete_button', 'value': 'Delete'}], indent=2) + '\n')
    N('rnd.rs', 'let rnd_normal_distribution_generator = Normal::new(0.0, 1.0);\n')


def newer_prefixes():
    """Vendor prefixes and build-script shapes added later (Elastic Cloud, Bitbucket Data Center,
    RunPod, Lichess, W&B v1 keys, MaxMind, Android buildConfigField). Drawn after the rest, so the
    older files keep their values."""
    for prefix, alpha, n in [('essu_', B64, 60), ('BBDC-', B64, 44), ('rpa_', UP + DI, 44),
                             ('lip_', AN, 20), ('wandb_v1_', AN, 77)]:
        P('generic', 'tokens.env', f'TOKEN={prefix}{r(n, alpha)}\n')
    P('maxmind', 'GeoIP.conf', f'AccountID {r(6, DI)}\nLicenseKey {r(6)}_{r(29)}_mmk\nEditionIDs GeoLite2-City\n')
    P('android', 'build.gradle', "android {\n    defaultConfig {\n        buildConfigField 'String', 'MAPS_API_KEY', '\"" + r(32, HEX) + "\"'\n    }\n}\n")
    P('android', 'build.gradle.kts', 'android {\n    defaultConfig {\n        buildConfigField("String", "BACKEND_TOKEN", "\\"' + r(40) + '\\"")\n    }\n}\n')
    N('build.gradle', "android {\n    defaultConfig {\n        buildConfigField 'String', 'MAPS_API_KEY', \"\\\"${mapsApiKey}\\\"\"\n        buildConfigField 'String', 'BASE_URL', '\"https://api.service.internal/v2/\"'\n        buildConfigField 'String', 'API_KEY', properties['apiKey']\n    }\n}\n")
    N('incidents.py', 'def lip_sync_frames(video):\n    return video\n\nrootly_incident_count = 0\nrpa_processInvoiceAttachments = None\n')


def request_shapes():
    """curl -u/-H shapes, bare and scheme Authorization values, camel-case key names. Drawn after
    the rest, so the older files keep their values."""
    P('generic', 'reindex.sh', f"curl -X POST https://search.internal:9200/_reindex \\\n  -H 'Content-Type: application/json' \\\n  -u indexer:{password()}\n")
    P('generic', 'health.sh', f'curl -s -u ":{password()}" https://search.internal:9200/_cluster/health\n')
    P('generic', 'charges.sh', f'curl https://api.billing.internal/v1/charges -u {r(28)}:\n')
    P('generic', 'builds.sh', f'curl -H "Authorization: Token {r(40, HEX)}" https://ci.internal/api/v2/builds\n')
    P('generic', 'deploy.sh', f'curl -X POST https://deploy.internal/api/releases \\\n     -H "X-Deploy-ApiKey: {r(24)}" \\\n     -H "Accept: application/json"\n')
    P('http', 'lookup.sh', f"curl --header 'Authorization: {uuid()}' https://api.geo.internal/v1/lookup\n")
    P('http', 'rates.sh', f'curl -X GET -H "apikey: {uuid()}" https://rates.internal/v2/latest\n')
    P('generic', 'todo.go', f'checklistKey := "{r(40)}"\n')
    N('upload.sh', 'curl -X PUT https://files.internal/upload \\\n  -u "$UPLOAD_USER:$UPLOAD_PASSWORD" \\\n  -T build.tar.gz\n')
    N('trace.sh', f'curl -H "X-Request-Id: {uuid()}" -H "X-CSRF-Token: {r(32, B64U)}" https://app.internal/form\n')
    N('oauth.py', f'token_type_hint = "{r(24)}"\npassword_hint = "{r(20)}"\nsecret_len = "{r(16)}"\n')
    N('cors.conf', 'add_header Access-Control-Allow-Headers "Authorization, Content-Type, X-Amz-S3Session-Token";\n')


def documented_prefixes():
    """Prefixed formats added later, each in the shape its provider documents or generates: GC
    Notify keys, Thunderstore (30 base62 + base62 CRC32), PostHog secret keys (base62 of 280 bits),
    Buildkite versioned tokens, Devin service user keys. Drawn after the rest, so the older files
    keep their values."""
    P('gcnotify', 'notify.py', f'from notifications_python_client import NotificationsAPIClient\n\nclient = NotificationsAPIClient("gcntfy-alerts_{r(4, LO)}-{uuid()}-{uuid()}", base_url="https://api.notification.canada.ca")\n')
    body = r(30)
    P('thunderstore', '.github/workflows/publish.yml', f'name: publish\non: [release]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    env:\n      TCLI_AUTH_TOKEN: tss_{body}{base(zlib.crc32(body.encode()), DI + UP + LO, 6)}\n    steps:\n      - run: tcli publish\n')
    P('posthog', 'flags.py', f'posthog = Posthog(project_api_key="phc_{r(43)}", personal_api_key="phs_{r(47)}")\n')
    P('buildkite', '.env', f'BUILDKITE_API_TOKEN=bkua_MTA.{r(40, HEX)}\n')
    P('devin', 'devin.sh', f'curl -H "Authorization: Bearer cog_{r(52, LO + "234567")}" https://api.devin.ai/v3/organizations/sessions\n')
    N('tls.c', '#include <threads.h>\n\nstatic tss_t key;\n\nint init(void) { return tss_create(&key, free) == thrd_success; }\n')
    N('cogs.py', 'class Admin(commands.Cog):\n    async def cog_command_error(self, ctx, error):\n        await ctx.send(str(error))\n')


def named_uuid_shapes():
    """UUIDs and 40-digit hex values under vendor-named key, token and secret settings, and the
    identifiers, digests and commit SHAs that share their shape. Drawn after the rest, so the
    older files keep their values."""
    P('uuid', '.env', f'LOGGLY_CUSTOMER_TOKEN={uuid()}\n')
    P('uuid', 'config.go', f'package config\n\nconst saucelabsKey = "{uuid()}"\n')
    P('uuid', 'geocode.py', f'GEOCODE_TOKEN = os.environ.get("GEOCODE_API_TOKEN", "{uuid()}")\n')
    P('uuid', 'settings.yaml', f'consul:\n  address: consul.internal:8500\n  acl_secret: "{uuid()}"\n')
    P('generic', 'geo.go', f'package geo\n\nvar geocodioKey = "{r(40, HEX)}"\n')
    P('generic', 'crm.env', f'PIPEDRIVE_KEY={r(40, HEX)}\n')
    N('ids.json', json.dumps({'client_id': uuid(), 'tenant_id': uuid(), 'idempotency_key': uuid(), 'ClientToken': uuid(), 'request_key': uuid(), 'nextPageToken': uuid()}, indent=2) + '\n')
    N('.github/workflows/ci.yml', f'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@{r(40, HEX)}\n        with:\n          ref: {r(40, HEX)}\n      - uses: actions/cache@{r(40, HEX)}\n        with:\n          key: deps-{r(40, HEX)}\n')
    N('keys.env', f'PRIMARY_KEY={uuid()}\nSORT_KEY={uuid()}\nCACHE_KEY={uuid()}\nAPPINSIGHTS_INSTRUMENTATION_KEY={uuid()}\nSESSION_TOKEN={uuid()}\n')
    N('git_cache.py', f'commit_key = "{r(40, HEX)}"\nself.cached_creds_key = \'{r(40, HEX)}\'\nGPG_KEY={r(40, HEX)}\n')
    N('main.tf', f'resource "aws_ebs_volume" "data" {{\n  kms_key = "{uuid()}"\n  tenant_key = "{uuid()}"\n}}\n')
    N('fixtures.py', f'token = "{uuid()}"\nkey = "{uuid()}"\ndummy_api_token = "{uuid()}"\n')


def main():
    shutil.rmtree(ROOT + '/positive', ignore_errors=True)
    shutil.rmtree(ROOT + '/negative', ignore_errors=True)
    positives()
    negatives()
    other_shapes()
    newer_prefixes()
    request_shapes()
    documented_prefixes()
    named_uuid_shapes()
    for path, text in sorted(files.items()):
        full = os.path.join(ROOT, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w') as f:
            f.write(text)
    pos = sum(1 for p in files if p.startswith('positive/'))
    print(f'{pos} positive, {len(files) - pos} negative files under {ROOT}')


if __name__ == '__main__':
    main()
