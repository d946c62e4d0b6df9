//! The "workshop kit": one Markdown file with the public artifacts of the path (JWKS, client_id,
//! kid, curl commands, the authorize URL), to keep after the tab is closed.
//!
//! It is built only from public values: a [`WorkshopKit`] has no field that could hold a private
//! key, and the JWKS in it is the one the page builds from public JWKs. The private key has its
//! own download, which the person asks for by name.

/// The public artifacts, each `None` (or empty) when the step has not made it yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkshopKit {
    /// My client_id.
    pub client_id: String,
    /// My key's `kid`.
    pub kid: Option<String>,
    /// The JWS algorithm the workshop signs with.
    pub alg: Option<String>,
    /// Where my JWKS is hosted.
    pub jwks_url: String,
    /// The JWK Set (pretty JSON, public keys only).
    pub jwks: Option<String>,
    /// The curl that checks the hosted JWKS.
    pub jwks_check_curl: Option<String>,
    /// The token request curl (its client assertion expires within 5 minutes).
    pub token_request_curl: Option<String>,
    /// The SHOF authorize URL.
    pub authorize_url: Option<String>,
    /// The SHOF code-exchange curl.
    pub code_exchange_curl: Option<String>,
    /// The introspection curl.
    pub introspection_curl: Option<String>,
    /// The PKCE challenge sent in the authorize URL (the verifier is in the code-exchange curl).
    pub pkce_challenge: Option<String>,
}

impl WorkshopKit {
    /// The kit as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# Koppeltaal workshop kit\n\n\
             Public artifacts only, made by the Koppeltaal JWT Debugger in the browser. \
             The private key is not in this file.\n\n",
        );
        let value = |text: Option<&str>| text.map_or_else(|| "(not made yet)".to_owned(), |t| format!("`{t}`"));
        out.push_str("## Identity\n\n");
        out.push_str(&format!("- client_id: `{}`\n", self.client_id));
        out.push_str(&format!("- kid: {}\n", value(self.kid.as_deref())));
        out.push_str(&format!("- alg: {}\n", value(self.alg.as_deref())));
        out.push_str(&format!("- JWKS URL: `{}`\n\n", self.jwks_url));
        section(&mut out, "JWKS (publish at the JWKS URL, `Content-Type: application/json`)", "json", self.jwks.as_deref());
        section(&mut out, "Check the hosted JWKS", "sh", self.jwks_check_curl.as_deref());
        section(
            &mut out,
            "Token request (client credentials; the client assertion in it expires 5 minutes after it was made)",
            "sh",
            self.token_request_curl.as_deref(),
        );
        if let Some(challenge) = &self.pkce_challenge {
            out.push_str(&format!("## PKCE\n\n- code_challenge (S256): `{challenge}`\n\n"));
        }
        section(&mut out, "SHOF authorize URL", "text", self.authorize_url.as_deref());
        section(&mut out, "SHOF code exchange", "sh", self.code_exchange_curl.as_deref());
        section(&mut out, "Token introspection (TOP-KT-021)", "sh", self.introspection_curl.as_deref());
        out
    }
}

fn section(out: &mut String, title: &str, language: &str, body: Option<&str>) {
    out.push_str(&format!("## {title}\n\n"));
    match body {
        Some(body) => out.push_str(&format!("```{language}\n{}\n```\n\n", body.trim_end())),
        None => out.push_str("(not made yet)\n\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kit_with_nothing_made_says_so_for_each_artifact() {
        let kit = WorkshopKit {
            client_id: "c-1".to_owned(),
            jwks_url: "https://x.example/jwks.json".to_owned(),
            ..WorkshopKit::default()
        };
        let markdown = kit.markdown();
        assert!(markdown.contains("- client_id: `c-1`"));
        assert!(markdown.contains("- kid: (not made yet)"));
        assert_eq!(markdown.matches("(not made yet)\n\n").count(), 6);
    }

    #[test]
    fn a_kit_puts_each_artifact_in_a_fenced_block() {
        let kit = WorkshopKit {
            jwks: Some("{\"keys\":[]}".to_owned()),
            authorize_url: Some("https://a.example/authorize?x=1".to_owned()),
            ..WorkshopKit::default()
        };
        let markdown = kit.markdown();
        assert!(markdown.contains("```json\n{\"keys\":[]}\n```"));
        assert!(markdown.contains("```text\nhttps://a.example/authorize?x=1\n```"));
    }
}
