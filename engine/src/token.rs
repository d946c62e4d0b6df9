//! Compact JWS decoding (RFC 7515 §7.1): text in, [`UntrustedToken`] out.
//!
//! Nothing here checks a signature; an [`UntrustedToken`] is only ever a claim about itself.
//! Two entry points:
//! - [`decode_compact`]: all or nothing, the first problem is the error.
//! - [`inspect_compact`]: as far as possible, per segment, so the UI can show a readable header
//!   and payload even when the signature segment is broken.
//!
//! Pasted tokens are forgiven a few things, and each is reported as an [`InputNote`]:
//! surrounding whitespace, line breaks (with their indentation) inside the token, and a
//! `Bearer ` prefix. Everything else must be exact: the signing input kept is the literal
//! `header_b64.payload_b64` text, never a re-serialization.

use core::fmt;

use serde_json::{Map, Value};

use super::alg::{JwsAlgorithm, UnknownAlgorithm};
use super::b64::{self, B64Error, B64Field};
use super::finding::{Finding, Severity};
use super::header_rules;
use super::json::{self, JsonError};
use super::limits;

/// The rule ids [`UntrustedToken::findings`] adds to [`header_rules::HEADER_RULE_IDS`].
pub const TOKEN_RULE_IDS: &[&str] = &["token.input-tidied", "token.payload-not-json"];

/// One of the three parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    /// The protected header.
    Header,
    /// The payload.
    Payload,
    /// The signature.
    Signature,
}

impl Segment {
    fn b64_field(self) -> B64Field {
        match self {
            Segment::Header => B64Field::Header,
            Segment::Payload => B64Field::Payload,
            Segment::Signature => B64Field::Signature,
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.b64_field(), f)
    }
}

/// Something the decoder tidied up in the pasted text before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputNote {
    /// Whitespace before or after the token was ignored.
    SurroundingWhitespace,
    /// A `Bearer ` prefix (as in an `Authorization` header) was ignored.
    BearerPrefix,
    /// Line breaks inside the token (and the indentation around them) were removed.
    LineBreaks {
        /// How many line breaks were removed.
        count: usize,
    },
}

impl fmt::Display for InputNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputNote::SurroundingWhitespace => {
                f.write_str("ignored whitespace before or after the token")
            }
            InputNote::BearerPrefix => f.write_str("ignored the \"Bearer \" prefix"),
            InputNote::LineBreaks { count } => {
                write!(f, "removed {count} line break(s) inside the token")
            }
        }
    }
}

/// Why a compact JWS could not be decoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DecodeError {
    /// Nothing but whitespace was given.
    Empty,
    /// The input is larger than [`limits::MAX_INPUT_BYTES`].
    TooLarge {
        /// Size of the input in bytes.
        bytes: usize,
    },
    /// Not three `.`-separated segments (and not a five-segment JWE either).
    SegmentCount {
        /// How many segments were found.
        found: usize,
    },
    /// More than three segments, and the header says `"b64": false`: the unencoded payload
    /// contains '.', which compact serialization cannot carry (RFC 7797 §5.2).
    UnencodedPayloadWithDot {
        /// How many segments were found.
        found: usize,
    },
    /// Five segments whose first decodes to a JSON header with `enc`: a JWE (encrypted
    /// token), not a JWS. Five segments without such a header are a [`DecodeError::SegmentCount`].
    Jwe {
        /// Its protected header (always present since it must hold `enc`; kept optional for
        /// callers that match on it).
        header: Option<Map<String, Value>>,
    },
    /// A segment is not strict base64url.
    Base64(B64Error),
    /// A decoded header is not UTF-8 text.
    NotUtf8 {
        /// The segment.
        segment: Segment,
        /// Byte offset of the first invalid byte in the decoded segment.
        valid_up_to: usize,
    },
    /// The header, or a payload that looks like JSON, is not strict JSON.
    Json {
        /// The segment.
        segment: Segment,
        /// The parser's complaint, with line and column.
        error: JsonError,
    },
    /// The header is JSON but not an object.
    HeaderNotObject {
        /// The JSON type found, e.g. "an array".
        found: &'static str,
    },
    /// The header has no `alg` member.
    MissingAlg,
    /// The header's `alg` is not a string.
    AlgNotString {
        /// The JSON type found.
        found: &'static str,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("no token: the input is empty"),
            DecodeError::TooLarge { bytes } => write!(
                f,
                "the input is {bytes} bytes; at most {} bytes are accepted",
                limits::MAX_INPUT_BYTES
            ),
            DecodeError::SegmentCount { found } => write!(
                f,
                "a compact JWS has 3 segments separated by '.' (header.payload.signature); \
                 found {found}"
            ),
            DecodeError::UnencodedPayloadWithDot { found } => write!(
                f,
                "found {found} segments: the header says \"b64\": false and the unencoded \
                 payload contains '.', which the compact form cannot carry (RFC 7797 §5.2); \
                 use the JSON serialization or detached content"
            ),
            DecodeError::Jwe { header } => {
                f.write_str(
                    "this is a JWE (an encrypted token: 5 segments), not a signed JWS; its \
                     contents cannot be shown without the decryption key",
                )?;
                if let Some(header) = header {
                    let member = |name: &str| {
                        header
                            .get(name)
                            .and_then(Value::as_str)
                            .unwrap_or("(missing)")
                            .to_owned()
                    };
                    write!(f, " (header: alg {}, enc {})", member("alg"), member("enc"))?;
                }
                Ok(())
            }
            DecodeError::Base64(err) => err.fmt(f),
            DecodeError::NotUtf8 {
                segment,
                valid_up_to,
            } => write!(
                f,
                "{segment} decodes to bytes that are not UTF-8 text (invalid byte at offset \
                 {valid_up_to})"
            ),
            DecodeError::Json { segment, error } => {
                write!(f, "{segment} is not valid JSON: {error}")
            }
            DecodeError::HeaderNotObject { found } => {
                write!(f, "the header must be a JSON object; found {found}")
            }
            DecodeError::MissingAlg => {
                f.write_str("the header has no \"alg\" member, which every JWS must have")
            }
            DecodeError::AlgNotString { found } => {
                write!(f, "the header's \"alg\" must be a string; found {found}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<B64Error> for DecodeError {
    fn from(err: B64Error) -> Self {
        DecodeError::Base64(err)
    }
}

/// The payload, in the most readable form it has.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// Strict JSON (the JWT case).
    Json(Value),
    /// UTF-8 text that is not JSON.
    Text(String),
    /// Bytes that are not UTF-8.
    Binary(Vec<u8>),
}

/// A decoded compact JWS whose signature has **not** been checked.
///
/// Only [`crate::verify::verify_compact`] turns one into a verified token.
#[derive(Debug, Clone, PartialEq)]
pub struct UntrustedToken {
    compact: String,
    header_b64_len: usize,
    payload_b64_len: usize,
    header: Map<String, Value>,
    header_text: String,
    payload_bytes: Vec<u8>,
    payload: Payload,
    signature: Vec<u8>,
    alg_name: String,
    notes: Vec<InputNote>,
}

impl UntrustedToken {
    /// The compact serialization as decoded (after the tidying listed in [`Self::input_notes`]).
    pub fn compact(&self) -> &str {
        &self.compact
    }

    /// The exact JWS signing input: `header_b64 "." payload_b64`, as it appeared.
    pub fn signing_input(&self) -> &str {
        self.compact
            .get(..self.header_b64_len + 1 + self.payload_b64_len)
            .unwrap_or_default()
    }

    /// The header segment as it appeared (base64url).
    pub fn header_b64(&self) -> &str {
        self.compact.get(..self.header_b64_len).unwrap_or_default()
    }

    /// The payload segment as it appeared (base64url, or raw when `b64` is false).
    pub fn payload_b64(&self) -> &str {
        self.compact
            .get(self.header_b64_len + 1..self.header_b64_len + 1 + self.payload_b64_len)
            .unwrap_or_default()
    }

    /// The signature segment as it appeared (base64url).
    pub fn signature_b64(&self) -> &str {
        self.compact
            .get(self.header_b64_len + self.payload_b64_len + 2..)
            .unwrap_or_default()
    }

    /// The protected header, members in their original order.
    pub fn header(&self) -> &Map<String, Value> {
        &self.header
    }

    /// The header's JSON text exactly as decoded.
    pub fn header_text(&self) -> &str {
        &self.header_text
    }

    /// The payload bytes.
    pub fn payload_bytes(&self) -> &[u8] {
        &self.payload_bytes
    }

    /// The payload as JSON, text or bytes.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The payload as a JSON object (the JWT claims), if it is one.
    pub fn claims(&self) -> Option<&Map<String, Value>> {
        match &self.payload {
            Payload::Json(Value::Object(claims)) => Some(claims),
            _ => None,
        }
    }

    /// The signature bytes (empty for an unsecured `alg: none` token).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The `alg` header value as written.
    pub fn alg_name(&self) -> &str {
        &self.alg_name
    }

    /// The algorithm, if it is one this engine supports (`none` never is).
    pub fn alg(&self) -> Result<JwsAlgorithm, UnknownAlgorithm> {
        self.alg_name.parse()
    }

    /// A string header member, such as `kid` or `typ`.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// The `kid` header, if present and a string.
    pub fn kid(&self) -> Option<&str> {
        self.header_str("kid")
    }

    /// True when the header says `"b64": false` (RFC 7797): the payload segment is the raw
    /// payload, not base64url.
    pub fn unencoded_payload(&self) -> bool {
        self.header.get("b64") == Some(&Value::Bool(false))
    }

    /// The `crit` header (RFC 7515 §4.1.11) as written, if present.
    pub fn crit(&self) -> Option<&Value> {
        self.header.get("crit")
    }

    /// What was tidied in the pasted input.
    pub fn input_notes(&self) -> &[InputNote] {
        &self.notes
    }

    /// Observations about the token's structure, for the UI: what was tidied in the input, the
    /// header rules ([`header_rules::check_header`], the same findings the generic profile
    /// reports) and whether the payload is JSON.
    pub fn findings(&self) -> Vec<Finding> {
        let mut findings: Vec<Finding> = self
            .notes
            .iter()
            .map(|note| Finding::new("token.input-tidied", Severity::Info, note.to_string()))
            .collect();
        findings.extend(header_rules::check_header(&self.header));
        if matches!(self.payload, Payload::Text(_) | Payload::Binary(_)) {
            findings.push(Finding::new(
                "token.payload-not-json",
                Severity::Info,
                "the payload is not JSON, so this is a JWS but not a JWT",
            ));
        }
        findings
    }
}

/// Decodes a compact JWS, failing on the first problem.
pub fn decode_compact(input: &str) -> Result<UntrustedToken, DecodeError> {
    inspect_compact(input).token
}

/// Everything that could be decoded from a pasted token, segment by segment.
///
/// A segment is `None` when the input did not have it (or the input could not be split at all),
/// else its own decode result, independent of the other segments where possible.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// What was tidied in the pasted input.
    pub notes: Vec<InputNote>,
    /// Number of `.`-separated segments found (0 when the input was refused outright).
    pub segment_count: usize,
    /// The protected header as an object, or why not.
    pub header: Option<Result<Map<String, Value>, DecodeError>>,
    /// The header's JSON text, when it decoded to UTF-8.
    pub header_text: Option<String>,
    /// The payload, or why not.
    pub payload: Option<Result<Payload, DecodeError>>,
    /// The signature bytes, or why not.
    pub signature: Option<Result<Vec<u8>, DecodeError>>,
    /// The whole token, or the first problem (the same as [`decode_compact`]).
    pub token: Result<UntrustedToken, DecodeError>,
}

impl Inspection {
    fn refused(notes: Vec<InputNote>, segment_count: usize, error: DecodeError) -> Self {
        Inspection {
            notes,
            segment_count,
            header: None,
            header_text: None,
            payload: None,
            signature: None,
            token: Err(error),
        }
    }
}

/// Decodes as much of a pasted token as possible, for display.
pub fn inspect_compact(input: &str) -> Inspection {
    if input.len() > limits::MAX_INPUT_BYTES {
        return Inspection::refused(Vec::new(), 0, DecodeError::TooLarge { bytes: input.len() });
    }
    let (compact, notes) = tidy(input);
    if compact.is_empty() {
        return Inspection::refused(notes, 0, DecodeError::Empty);
    }
    let segments: Vec<&str> = compact.split('.').collect();
    let segment_count = segments.len();
    let [header_b64, payload_b64, signature_b64] = segments[..] else {
        let header = segments
            .first()
            .and_then(|first| decode_header(first).ok())
            .map(|h| h.0);
        let unencoded = header
            .as_ref()
            .is_some_and(|h| h.get("b64") == Some(&Value::Bool(false)));
        let error = if unencoded && segment_count > 3 {
            DecodeError::UnencodedPayloadWithDot {
                found: segment_count,
            }
        } else if segment_count == 5 && header.as_ref().is_some_and(|h| h.contains_key("enc")) {
            // Only a real JWE header (one with `enc`) makes five segments a JWE: a pasted log
            // line such as `launch=eyJ…&iss=https%3A%2F%2Ffhir.example.org` has five
            // dot-separated pieces too, and calling it "encrypted" would send the person the
            // wrong way.
            DecodeError::Jwe { header }
        } else {
            DecodeError::SegmentCount {
                found: segment_count,
            }
        };
        return Inspection::refused(notes, segment_count, error);
    };

    let header = decode_header(header_b64);
    let header_text = match &header {
        Ok((_, text)) => Some(text.clone()),
        Err(_) => b64::decode(B64Field::Header, header_b64)
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    };
    let unencoded = matches!(&header, Ok((map, _)) if map.get("b64") == Some(&Value::Bool(false)));
    let payload = decode_payload(payload_b64, unencoded);
    let signature = b64::decode(B64Field::Signature, signature_b64).map_err(DecodeError::from);

    let token = assemble(&header, &payload, &signature).map(|(header, header_text, alg_name)| {
        let (payload_bytes, payload) = payload.clone().unwrap_or_default();
        UntrustedToken {
            compact: compact.clone(),
            header_b64_len: header_b64.len(),
            payload_b64_len: payload_b64.len(),
            header,
            header_text,
            payload_bytes,
            payload,
            signature: signature.clone().unwrap_or_default(),
            alg_name,
            notes: notes.clone(),
        }
    });

    Inspection {
        notes,
        segment_count,
        header: Some(header.map(|(map, _)| map)),
        header_text,
        payload: Some(payload.map(|(_, payload)| payload)),
        signature: Some(signature),
        token,
    }
}

impl Default for Payload {
    fn default() -> Self {
        Payload::Binary(Vec::new())
    }
}

/// Checks the per-segment results in order and pulls out `alg`; the first problem wins.
fn assemble(
    header: &Result<(Map<String, Value>, String), DecodeError>,
    payload: &Result<(Vec<u8>, Payload), DecodeError>,
    signature: &Result<Vec<u8>, DecodeError>,
) -> Result<(Map<String, Value>, String, String), DecodeError> {
    let (map, text) = header.clone()?;
    let alg_name = match map.get("alg") {
        None => return Err(DecodeError::MissingAlg),
        Some(Value::String(name)) => name.clone(),
        Some(other) => {
            return Err(DecodeError::AlgNotString {
                found: super::json::kind_of(other),
            })
        }
    };
    payload.as_ref().map_err(Clone::clone)?;
    signature.as_ref().map_err(Clone::clone)?;
    Ok((map, text, alg_name))
}

/// Decodes the header segment to a JSON object and its text.
fn decode_header(segment: &str) -> Result<(Map<String, Value>, String), DecodeError> {
    let bytes = b64::decode(B64Field::Header, segment)?;
    let text = String::from_utf8(bytes).map_err(|err| DecodeError::NotUtf8 {
        segment: Segment::Header,
        valid_up_to: err.utf8_error().valid_up_to(),
    })?;
    match json::parse_strict(&text) {
        Ok(Value::Object(map)) => Ok((map, text)),
        Ok(other) => Err(DecodeError::HeaderNotObject {
            found: super::json::kind_of(&other),
        }),
        Err(error) => Err(DecodeError::Json {
            segment: Segment::Header,
            error,
        }),
    }
}

/// Decodes the payload segment. A payload that looks like JSON (starts with `{` or `[`) must be
/// strict JSON, because a claims set with duplicate members is the same parser-differential
/// attack as in the header; anything else is shown as text or bytes.
fn decode_payload(segment: &str, unencoded: bool) -> Result<(Vec<u8>, Payload), DecodeError> {
    let bytes = if unencoded {
        segment.as_bytes().to_vec()
    } else {
        b64::decode(B64Field::Payload, segment)?
    };
    let payload = match core::str::from_utf8(&bytes) {
        Ok(text) if text.trim_start().starts_with(['{', '[']) => match json::parse_strict(text) {
            Ok(value) => Payload::Json(value),
            Err(error) => {
                return Err(DecodeError::Json {
                    segment: Segment::Payload,
                    error,
                })
            }
        },
        Ok(text) => Payload::Text(text.to_owned()),
        Err(_) => Payload::Binary(bytes.clone()),
    };
    Ok((bytes, payload))
}

/// Removes what a paste commonly adds around or inside a token, and says what was removed.
fn tidy(input: &str) -> (String, Vec<InputNote>) {
    let mut notes = Vec::new();
    let mut text = input.trim();
    if text.len() != input.len() {
        notes.push(InputNote::SurroundingWhitespace);
    }
    if let Some(rest) = strip_bearer(text) {
        text = rest.trim_start();
        notes.push(InputNote::BearerPrefix);
    }
    let (joined, breaks) = remove_line_breaks(text);
    if breaks > 0 {
        notes.push(InputNote::LineBreaks { count: breaks });
    }
    (joined, notes)
}

/// `text` without a leading `Bearer` (any case) followed by whitespace.
fn strip_bearer(text: &str) -> Option<&str> {
    let prefix = text.get(..6)?;
    let rest = text.get(6..)?;
    (prefix.eq_ignore_ascii_case("bearer") && rest.starts_with(char::is_whitespace)).then_some(rest)
}

/// Drops every whitespace run that contains a line break; other whitespace stays (and is then
/// reported by the base64url decoder with its position).
fn remove_line_breaks(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut breaks = 0;
    let mut run_breaks = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            // "\r\n" is one line break, so a '\n' right after a '\r' is not counted again.
            if c == '\r' || (c == '\n' && !run.ends_with('\r')) {
                run_breaks += 1;
            }
            run.push(c);
            continue;
        }
        if run_breaks == 0 {
            out.push_str(&run);
        }
        breaks += run_breaks;
        run.clear();
        run_breaks = 0;
        out.push(c);
    }
    (out, breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_their_indentation_are_removed_and_counted() {
        assert_eq!(
            remove_line_breaks("ab\r\n  cd\nef"),
            ("abcdef".to_owned(), 2)
        );
        assert_eq!(remove_line_breaks("ab cd"), ("ab cd".to_owned(), 0));
    }

    #[test]
    fn bearer_prefix_needs_whitespace_after_it() {
        assert_eq!(strip_bearer("Bearer abc"), Some(" abc"));
        assert_eq!(strip_bearer("bearer\tabc"), Some("\tabc"));
        assert_eq!(strip_bearer("Bearerabc"), None);
        assert_eq!(strip_bearer("é"), None);
    }
}
