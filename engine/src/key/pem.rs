//! Finding PEM blocks in pasted text and decoding their bodies.
//!
//! Pastes come from terminals, e-mails, YAML files and environment variables, so this is more
//! forgiving than RFC 7468's strict grammar: text around the blocks is ignored, several blocks
//! may follow each other, and the body may be wrapped at any width (or not at all, or with the
//! line breaks turned into spaces). The base64 itself is decoded by `base64ct` and must be exact.

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use super::KeyError;

/// One `-----BEGIN label----- … -----END label-----` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemBlock<'a> {
    /// The label, e.g. `PRIVATE KEY`.
    pub label: &'a str,
    /// The text between the boundaries (base64, perhaps with headers).
    pub body: &'a str,
}

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// True when the text contains a PEM begin boundary.
pub fn looks_like_pem(text: &str) -> bool {
    text.contains(BEGIN)
}

/// Every PEM block in the text, in order. A block without its END line is an error naming it.
pub fn find_blocks(text: &str) -> Result<Vec<PemBlock<'_>>, KeyError> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after_begin = rest.get(start + BEGIN.len()..).unwrap_or_default();
        let label_end = after_begin
            .find(DASHES)
            .ok_or_else(|| KeyError::PemMalformed {
                label: first_line(after_begin).to_owned(),
                reason: "the BEGIN line does not end with \"-----\"".to_owned(),
            })?;
        let label = after_begin.get(..label_end).unwrap_or_default().trim();
        let after_label = after_begin
            .get(label_end + DASHES.len()..)
            .unwrap_or_default();
        let end_line = format!("{END}{label}{DASHES}");
        let body_end = after_label
            .find(&end_line)
            .ok_or_else(|| KeyError::PemMalformed {
                label: label.to_owned(),
                reason: format!("no matching \"{end_line}\" line (was the paste cut off?)"),
            })?;
        blocks.push(PemBlock {
            label,
            body: after_label.get(..body_end).unwrap_or_default(),
        });
        rest = after_label
            .get(body_end + end_line.len()..)
            .unwrap_or_default();
    }
    Ok(blocks)
}

impl PemBlock<'_> {
    /// True when the body has RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`), as
    /// OpenSSL's "traditional" encrypted keys do.
    pub fn has_headers(&self) -> bool {
        self.body.lines().any(|line| line.contains(':'))
    }

    /// The decoded DER bytes. Kept in `Zeroizing` because they may be a private key.
    pub fn decode(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        if self.has_headers() {
            return Err(KeyError::PemLegacyEncrypted {
                label: self.label.to_owned(),
            });
        }
        // PEM kept in JSON or an environment variable often has its line breaks escaped as
        // `\n`; a backslash is never base64, so dropping those escapes is safe.
        let unescaped = Zeroizing::new(self.body.replace("\\n", "\n").replace("\\r", ""));
        let compact: Zeroizing<String> =
            Zeroizing::new(unescaped.chars().filter(|c| !c.is_whitespace()).collect());
        if compact.is_empty() {
            return Err(KeyError::PemMalformed {
                label: self.label.to_owned(),
                reason: "the block is empty".to_owned(),
            });
        }
        Base64::decode_vec(&compact)
            .map(Zeroizing::new)
            .map_err(|_| KeyError::PemMalformed {
                label: self.label.to_owned(),
                reason: base64_problem(&compact),
            })
    }
}

/// Explains why the body is not standard base64 (only called after a failure).
fn base64_problem(compact: &str) -> String {
    let invalid = compact
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')));
    match invalid {
        Some((position, character)) => {
            format!("character {position} of the base64 body is {character:?}, which is not base64")
        }
        None => format!(
            "the base64 body ({} characters) is truncated or wrongly padded",
            compact.chars().count()
        ),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_several_blocks_and_ignores_text_around_them() {
        let text = "Bag Attributes\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n\
                    junk\n-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
        let blocks = find_blocks(text).unwrap();
        let labels: Vec<_> = blocks.iter().map(|b| b.label).collect();
        assert_eq!(labels, ["PUBLIC KEY", "CERTIFICATE"]);
        assert_eq!(blocks[0].body.trim(), "AAAA");
    }

    #[test]
    fn missing_end_line_names_the_label() {
        let err = find_blocks("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n").unwrap_err();
        assert!(
            err.to_string().contains("-----END RSA PRIVATE KEY-----"),
            "{err}"
        );
    }

    #[test]
    fn body_on_one_line_with_spaces_decodes() {
        let block = PemBlock {
            label: "PUBLIC KEY",
            body: " AAEC AwQF ",
        };
        assert_eq!(block.decode().unwrap().as_slice(), &[0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn escaped_line_breaks_from_json_or_env_files_are_accepted() {
        let block = PemBlock {
            label: "PUBLIC KEY",
            body: "\\nAAEC\\r\\nAwQF\\n",
        };
        assert_eq!(block.decode().unwrap().as_slice(), &[0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn legacy_encryption_headers_are_reported() {
        let block = PemBlock {
            label: "RSA PRIVATE KEY",
            body: "\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n",
        };
        assert!(matches!(
            block.decode(),
            Err(KeyError::PemLegacyEncrypted { .. })
        ));
    }
}
