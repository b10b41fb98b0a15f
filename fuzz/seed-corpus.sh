#!/usr/bin/env bash
# Writes the seed corpora under fuzz/corpus/<target>/ (ignored by git: libFuzzer grows them).
# Seeds come from the rule packs (whose examples exercise every rule), the repository's own
# config, and small inputs made here. Run from anywhere; safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=corpus
mkdir -p "$corpus"/{matcher,rules_yaml,config_yaml,decode_base64,decode_hex,decode_percent,decode_unicode}

hex_of() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
percent_of() { printf '%s' "$1" | od -An -v -tx1 | tr -d '\n' | sed 's/ /%/g'; }
unicode_of() { printf '%s' "$1" | od -An -v -tx1 | tr -d '\n' | sed 's/ /\\u00/g'; }

# Rule packs: the rule loader's input, and text full of example secrets for the matcher.
for pack in "$root"/rules/*.yaml; do
    name=$(basename "$pack" .yaml)
    cp "$pack" "$corpus/rules_yaml/$name.yaml"
    cp "$pack" "$corpus/matcher/$name.yaml"
done
cp "$root/.leakwatch.yaml" "$corpus/config_yaml/own.yaml"

cat > "$corpus/config_yaml/full.yaml" <<'YAML'
rules:
  - id: acme.internal-token
    name: Acme internal token
    description: Token for Acme's internal API.
    regex: '\b(acme_[a-z0-9]{32})\b'
    keywords: [acme_]
    severity: high
    remediation: Revoke it and issue a new one.
    examples: ["t = acme_0123456789abcdefghijklmnopqrstuv"]
disable: [generic.secret-assignment]
allowlist:
  paths: ["fixtures/**", "**/*.snap"]
  secrets: ["^dummy_"]
  stopwords: [example, sample]
baseline: .leakwatch-baseline.json
YAML
printf 'disable: [aws.access-key-id]\n' > "$corpus/config_yaml/disable.yaml"
printf 'allowlist:\n  pathz: [x]\n' > "$corpus/config_yaml/unknown-key.yaml"
printf 'allowlist:\n  secrets: ["(unclosed"]\n' > "$corpus/config_yaml/bad-regex.yaml"

# Text the decoders and the matcher should see decoded.
plain='password = correct-horse-battery-staple-42'
printf 'data: %s\n' "$(printf '%s' "$plain" | base64 -w0)" > "$corpus/decode_base64/std.txt"
printf '%s' "$plain" | base64 -w0 | tr '+/' '-_' | tr -d '=' > "$corpus/decode_base64/url.txt"
printf 'x=%s;' "$(printf '%s' "$plain" | base64 -w0 | base64 -w0)" > "$corpus/decode_base64/nested.txt"
printf 'hex: %s\n' "$(hex_of "$plain")" > "$corpus/decode_hex/text.txt"
printf 'da39a3ee5e6b4b0d3255bfef95601890afd80709\n' > "$corpus/decode_hex/digest.txt"
printf 'https://x.invalid/?q=%s\n' "$(percent_of "$plain")" > "$corpus/decode_percent/url.txt"
printf 'token%%3Dabc%%26x%%3Dy\n' > "$corpus/decode_percent/form.txt"
printf '{"k": "%s"}\n' "$(unicode_of "$plain")" > "$corpus/decode_unicode/json.txt"
printf '"\\ud83d\\ude00\\u0041\\u0042\\u0043\\u0044"\n' > "$corpus/decode_unicode/pair.txt"
for target in decode_base64 decode_hex decode_percent decode_unicode; do
    cp "$corpus/$target"/* "$corpus/matcher/"
done

# Odd text for the matcher: UTF-16 with a BOM, CR line endings, invalid UTF-8.
printf '\xff\xfek\x00e\x00y\x00=\x00v\x00\n\x00' > "$corpus/matcher/utf16le.txt"
printf 'a = 1\rb = 2\r\nc = 3\n' > "$corpus/matcher/cr.txt"
printf 'caf\xe9 = \xff\xfe\n' > "$corpus/matcher/latin1.txt"
echo "seeded: $(find "$corpus" -type f | wc -l) files in $corpus/"
