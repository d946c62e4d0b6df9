//! Pasted text tidied into tokens: people paste what they have at hand, not a bare token.
//!
//! [`extract_tokens`] accepts a bare token, a quoted token, an `Authorization: Bearer …` line,
//! a form body (`launch=…&iss=…`, `client_assertion=…&grant_type=…`), a URL with a token in its
//! query or fragment, and a token endpoint's JSON response. Only strings shaped like a compact
//! JWS or JWE (base64url segments joined by dots, 3 or 5 of them, the first a JSON header) count
//! as tokens, so the dots of a URL or a log line are never mistaken for one.
//!
//! When nothing token-shaped is found, [`Pasted::tokens`] is empty: the caller then decodes the
//! text as it is ([`crate::token::decode_compact`]) to tell the person what is wrong with it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::claims::quote;
use crate::json;
use crate::limits;

/// One token found in a paste, with the name it came under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedToken {
    /// Where it came from: the field name (`access_token`, `id_token`, `launch`, `token`,
    /// `client_assertion`, …), `Authorization` for a bearer header, or `pasted` for a bare token.
    pub name: String,
    /// The compact token, without quotes, prefixes or line breaks.
    pub token: String,
}

/// What [`extract_tokens`] found in a paste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pasted {
    /// The tokens, in the order they appeared.
    pub tokens: Vec<NamedToken>,
    /// One sentence saying what was taken from what, when the paste was more than a bare token
    /// (`None` for a bare token pasted as is).
    pub notice: Option<String>,
    /// The other members or fields of the paste (a token response's `resource`, `patient`,
    /// `token_type`; a form's `iss`): the launch context the tokens came with.
    pub context: Map<String, Value>,
}

impl Pasted {
    fn empty() -> Self {
        Pasted {
            tokens: Vec::new(),
            notice: None,
            context: Map::new(),
        }
    }
}

/// Field names whose value is a token, in forms, URLs and JSON.
pub const TOKEN_FIELDS: [&str; 7] = [
    "access_token",
    "id_token",
    "token",
    "launch",
    "client_assertion",
    "assertion",
    "refresh_token",
];

/// At most this many fields of a form or URL are read (a paste is a request, not a data dump).
const MAX_FIELDS: usize = 256;

/// Finds the tokens in pasted text: see the module documentation for the shapes accepted.
pub fn extract_tokens(text: &str) -> Pasted {
    if text.len() > limits::MAX_INPUT_BYTES {
        let mut pasted = Pasted::empty();
        pasted.notice = Some(format!(
            "The paste is {} bytes; at most {} bytes are read, so nothing was taken from it",
            text.len(),
            limits::MAX_INPUT_BYTES
        ));
        return pasted;
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Pasted::empty();
    }
    if trimmed.starts_with('{') {
        if let Some(pasted) = from_json(trimmed) {
            return pasted;
        }
    }
    if let Some(pasted) = from_quotes(trimmed) {
        return pasted;
    }
    if let Some(pasted) = from_authorization(trimmed) {
        return pasted;
    }
    if let Some(pasted) = from_url(trimmed) {
        return pasted;
    }
    if let Some(pasted) = from_form(trimmed) {
        return pasted;
    }
    from_bare(trimmed).unwrap_or_else(Pasted::empty)
}

/// True when `text` is a compact JWS (3 segments) or JWE (5) of base64url segments whose first
/// segment starts like an encoded JSON object (`e`, as `{` encodes), so that ordinary dotted
/// text (host names, version numbers, sentences) never counts.
pub fn looks_like_token(text: &str) -> bool {
    let segments: Vec<&str> = text.split('.').collect();
    let base64url = |segment: &str| {
        segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let shape_fits = match segments.len() {
        // header.payload.signature: the signature may be empty (alg none).
        3 => segments[..2].iter().all(|s| !s.is_empty()),
        // header.key.iv.ciphertext.tag: the encrypted key is empty for `dir`.
        5 => segments[0].len() > 1 && !segments[3].is_empty(),
        _ => false,
    };
    shape_fits && segments[0].starts_with('e') && segments.iter().all(|s| base64url(s))
}

/// A token endpoint response (or any JSON object with token members).
fn from_json(text: &str) -> Option<Pasted> {
    let Ok(Value::Object(object)) = json::parse_strict(text) else {
        return None;
    };
    let mut pasted = Pasted::empty();
    let mut not_tokens = Vec::new();
    for (name, value) in object {
        match value.as_str() {
            Some(token) if TOKEN_FIELDS.contains(&name.as_str()) && looks_like_token(token) => {
                pasted.tokens.push(NamedToken {
                    name,
                    token: token.to_owned(),
                });
            }
            _ => {
                if TOKEN_FIELDS.contains(&name.as_str()) {
                    not_tokens.push(name.clone());
                }
                pasted.context.insert(name, value);
            }
        }
    }
    if pasted.tokens.is_empty() {
        return None;
    }
    let what = if pasted.context.contains_key("token_type")
        || pasted.context.contains_key("expires_in")
        || pasted
            .tokens
            .iter()
            .any(|t| t.name == "access_token" || t.name == "id_token")
    {
        "a token endpoint response"
    } else {
        "a JSON object"
    };
    let mut notice = format!("Took the {} from {what}", names(&pasted.tokens, ""));
    if !not_tokens.is_empty() {
        let list: Vec<String> = not_tokens.iter().map(|n| format!("`{n}`")).collect();
        notice.push_str(&format!(" ({} is not a JWT)", list.join(" and ")));
    }
    pasted.notice = Some(notice);
    Some(pasted)
}

/// `"eyJ…"` or `'eyJ…'`.
fn from_quotes(text: &str) -> Option<Pasted> {
    let inner = ['"', '\'']
        .iter()
        .find_map(|q| text.strip_prefix(*q).and_then(|rest| rest.strip_suffix(*q)))?;
    let (token, _) = without_whitespace(inner.trim());
    looks_like_token(&token).then(|| {
        single(
            "pasted",
            token,
            "Took the token from between quotes".to_owned(),
        )
    })
}

/// `Authorization: Bearer eyJ…` (anywhere in the paste, e.g. a curl command) or `Bearer eyJ…`.
fn from_authorization(text: &str) -> Option<Pasted> {
    let lower = text.to_ascii_lowercase();
    let (start, what) = if let Some(at) = lower.find("authorization:") {
        (
            at + "authorization:".len(),
            "an Authorization: Bearer header",
        )
    } else if lower.starts_with("bearer") {
        (0, "a Bearer prefix")
    } else {
        return None;
    };
    let rest = text.get(start..)?.trim_start();
    if !rest.get(..6)?.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let rest = rest.get(6..)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let token = token_run(rest.trim_start());
    looks_like_token(token).then(|| {
        single(
            "Authorization",
            token.to_owned(),
            format!("Took the token from {what}"),
        )
    })
}

/// `https://…?launch=…&iss=…` or `…#id_token=…&state=…`.
fn from_url(text: &str) -> Option<Pasted> {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    if text.contains(char::is_whitespace) {
        return None;
    }
    let (before_fragment, fragment) = match text.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (text, None),
    };
    let query = before_fragment.split_once('?').map(|(_, query)| query);
    for (part, label) in [(query, "the URL's query"), (fragment, "the URL's fragment")] {
        if let Some(pasted) = part.and_then(|fields| from_fields(fields, label)) {
            return Some(pasted);
        }
    }
    None
}

/// `token=…`, `launch=…&iss=…`, `client_assertion=…&client_assertion_type=…&grant_type=…`.
fn from_form(text: &str) -> Option<Pasted> {
    if !text.contains('=') || text.contains(char::is_whitespace) {
        return None;
    }
    // A query string pasted with its `?`.
    let fields = text.strip_prefix('?').unwrap_or(text);
    from_fields(fields, "a form body")
}

/// Reads `name=value&…` (percent-decoded, `+` as space); the token fields become tokens, the
/// others context.
fn from_fields(fields: &str, label: &str) -> Option<Pasted> {
    let mut pasted = Pasted::empty();
    let mut others = Vec::new();
    for field in fields.split('&').filter(|f| !f.is_empty()).take(MAX_FIELDS) {
        let (name, value) = field.split_once('=').unwrap_or((field, ""));
        let name = percent_decode(name);
        let value = percent_decode(value);
        if TOKEN_FIELDS.contains(&name.as_str()) && looks_like_token(&value) {
            pasted.tokens.push(NamedToken { name, token: value });
        } else {
            others.push(format!("{name}={}", shorten(&value)));
            pasted.context.insert(name, Value::String(value));
        }
    }
    if pasted.tokens.is_empty() {
        return None;
    }
    let mut notice = format!("Took {} from {label}", names(&pasted.tokens, "`"));
    if !others.is_empty() {
        notice.push_str(&format!("; also present: {}", others.join(", ")));
    }
    pasted.notice = Some(notice);
    Some(pasted)
}

/// A bare token, perhaps broken over lines.
fn from_bare(text: &str) -> Option<Pasted> {
    let (token, removed) = without_whitespace(text);
    if !looks_like_token(&token) {
        return None;
    }
    let notice = (removed > 0).then(|| {
        format!("Removed {removed} whitespace character(s) from inside the token (line breaks from a wrapped paste)")
    });
    Some(Pasted {
        tokens: vec![NamedToken {
            name: "pasted".to_owned(),
            token,
        }],
        notice,
        context: Map::new(),
    })
}

fn single(name: &str, token: String, notice: String) -> Pasted {
    Pasted {
        tokens: vec![NamedToken {
            name: name.to_owned(),
            token,
        }],
        notice: Some(notice),
        context: Map::new(),
    }
}

/// "access_token and id_token", or with `quote_mark` "`launch`".
fn names(tokens: &[NamedToken], quote_mark: &str) -> String {
    let names: Vec<String> = tokens
        .iter()
        .map(|t| format!("{quote_mark}{}{quote_mark}", t.name))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// The text without any whitespace, and how many whitespace characters were removed.
fn without_whitespace(text: &str) -> (String, usize) {
    let kept: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let removed = text.chars().count() - kept.chars().count();
    (kept, removed)
}

/// The longest prefix made of base64url characters and dots.
fn token_run(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(text.len());
    text.get(..end).unwrap_or_default()
}

/// `%XX` to bytes and `+` to a space (form encoding); invalid escapes are kept as written and
/// invalid UTF-8 becomes U+FFFD, so nothing pasted can make this fail.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| core::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                index += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                index += 1;
            }
            (other, None) => {
                out.push(other);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A field value for the notice: a token-shaped value or a long one is cut.
fn shorten(value: &str) -> String {
    const MAX_CHARS: usize = 60;
    if value.chars().count() > MAX_CHARS {
        let cut: String = value.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    } else if value.chars().any(char::is_control) {
        quote(value)
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_broken_escapes() {
        assert_eq!(percent_decode("https%3A%2F%2Fa+b%zz%4"), "https://a b%zz%4");
    }

    #[test]
    fn token_shape_needs_three_or_five_base64url_segments_and_a_json_header() {
        assert!(looks_like_token("eyJh.eyJi.c2ln"));
        assert!(looks_like_token("eyJh.eyJi."));
        assert!(looks_like_token("eyJh..aXY.Y3Q.dGFn"));
        assert!(!looks_like_token("www.example.org"));
        assert!(!looks_like_token("eyJh.eyJi"));
        assert!(!looks_like_token("eyJh.e+Ji.c2ln"));
    }
}
