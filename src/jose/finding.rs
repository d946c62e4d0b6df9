//! Findings: one observation about a token, key or key set, with a stable rule id.

use serde::Serialize;

/// How serious a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
/// `token.expired` or `kt.client-assertion.kid-missing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, dot-separated, lowercase.
    pub rule: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One line for the person at the keyboard: what is wrong, expected vs found.
    pub message: String,
    /// Where the rule comes from (RFC section, spec topic, reference server file), if anywhere.
    pub source: Option<&'static str>,
}

impl Finding {
    /// A finding without a source.
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity,
            message: message.into(),
            source: None,
        }
    }

    /// The same finding, citing where the rule comes from.
    pub fn with_source(mut self, source: &'static str) -> Self {
        self.source = Some(source);
        self
    }
}
