//! The YAML form of rules, as written in `rules/*.yaml` and in `.leakwatch.yaml`.
//! Unknown keys are errors, so a misspelled key never silently turns a rule off.

use crate::finding::{Confidence, Severity};
use serde::Deserialize;

/// A rule pack file: `rules: [...]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePackSyntax {
    /// The rules of the pack.
    pub rules: Vec<RuleSyntax>,
}

/// One rule as written in YAML. See `rules/README.md` for the meaning of each key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSyntax {
    /// `provider.kind`, lowercase kebab-case.
    pub id: String,
    /// Short human name.
    pub name: String,
    /// What the secret is and what it grants.
    pub description: String,
    /// The pattern; the secret is group `secret`, else group 1, else the whole match.
    pub regex: String,
    /// Case-insensitive literals, one of which occurs in every match.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Why the rule has no keywords (required when `keywords` is empty).
    #[serde(default)]
    pub no_keywords: Option<String>,
    /// A regex on the text just before a match (up to [`NOT_AFTER_REACH`] bytes, the match
    /// start being its end `\z`): a match it finds is not reported (`public_` before `key`).
    ///
    /// [`NOT_AFTER_REACH`]: crate::rules::compile::NOT_AFTER_REACH
    #[serde(default)]
    pub not_after: Option<String>,
    /// Minimum Shannon entropy of the secret, bits per byte.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Globs of the paths the rule is limited to.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Secrets this rule never reports.
    #[serde(default)]
    pub allowlist: AllowlistSyntax,
    /// How bad a leak is.
    pub severity: Severity,
    /// Base confidence before checks (default high).
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// Offline structural check.
    #[serde(default)]
    pub validate: Option<ValidatorName>,
    /// Provider documentation.
    #[serde(default)]
    pub references: Vec<String>,
    /// How to revoke and rotate the credential.
    pub remediation: String,
    /// Texts that must produce a finding of this rule.
    #[serde(default)]
    pub examples: Vec<ExampleSyntax>,
    /// Texts that must not.
    #[serde(default)]
    pub negative_examples: Vec<ExampleSyntax>,
}

/// Secrets to suppress: regexes on the secret and case-insensitive stopwords.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistSyntax {
    /// Regexes tried on the secret.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Case-insensitive substrings of the secret.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

/// An example: plain text, or text with the path it pretends to have.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExampleSyntax {
    /// Text scanned as `example.txt`.
    Text(String),
    /// Text scanned under the given path.
    WithPath {
        /// The path.
        path: String,
        /// The text.
        text: String,
    },
}

impl ExampleSyntax {
    /// The path the example is scanned under.
    pub fn path(&self) -> &str {
        match self {
            ExampleSyntax::Text(_) => "example.txt",
            ExampleSyntax::WithPath { path, .. } => path,
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        match self {
            ExampleSyntax::Text(text) | ExampleSyntax::WithPath { text, .. } => text,
        }
    }
}

/// The offline checks a rule can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValidatorName {
    /// GitHub classic tokens: CRC32 of the random part, base62, in the last 6 characters.
    GithubCrc32,
    /// npm tokens: the same scheme as GitHub's.
    NpmCrc32,
    /// AWS access key ids: decodable account id.
    AwsKeyId,
    /// JSON Web Tokens: header and payload are base64url JSON.
    Jwt,
    /// PEM private keys: base64 body that decodes.
    PemPrivateKey,
    /// OpenSSH private keys: the `openssh-key-v1` magic.
    OpensshPrivateKey,
    /// GitLab routable tokens.
    GitlabRoutable,
    /// Atlassian API tokens: trailing CRC32.
    AtlassianCrc32,
    /// Slack webhooks: the T…/B…/… path shape.
    SlackWebhook,
}
