//! Findings: one observation about a token, key or key set, with a stable rule id.

use serde::{Deserialize, Serialize};

/// How serious a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Would make a receiver reject the token or key (or is a security hole).
    Error,
    /// Allowed, but likely a mistake or an interoperability risk.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// The lowercase name used in `data-severity`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One observation, e.g. "`exp` is 3 minutes in the past".
///
/// `rule` is a stable identifier (a public API: the UI exposes it as `data-rule`), such as
/// `token.expired` or `kt.client-assertion.kid-missing`. Rules and sources are written as
/// `&'static str` literals in the engine, but held as owned strings so a finding can cross from
/// the crypto worker to the page (serde).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, dot-separated, lowercase.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// One line for the person at the keyboard: what is wrong, expected vs found.
    pub message: String,
    /// Where the rule comes from (RFC section, spec topic, reference server file), if anywhere.
    pub source: Option<String>,
}

impl Finding {
    /// A finding without a source.
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.to_owned(),
            severity,
            message: message.into(),
            source: None,
        }
    }

    /// The same finding, citing where the rule comes from.
    pub fn with_source(mut self, source: &'static str) -> Self {
        self.source = Some(source.to_owned());
        self
    }
}
