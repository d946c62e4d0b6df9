//! Strict base64url (RFC 7515 §2, RFC 4648 §5): no padding, no `+`/`/`, no whitespace, and no
//! non-zero trailing bits.
//!
//! Decoding is done by `base64ct` (constant time, canonical only). When it refuses, we look at
//! the text once more only to tell the person *where* and *why*: which part of the token or
//! which JWK member, the 0-based character position and the offending character.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};

/// Which piece of input a base64url string came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum B64Field {
    /// The first segment of a compact JWS (the protected header).
    Header,
    /// The second segment (the payload).
    Payload,
    /// The third segment (the signature).
    Signature,
    /// A JWK member such as `n`, `x` or `k`.
    JwkMember(String),
    /// One of the five segments of a compact JWE.
    Jwe(crate::jwe::JweSegment),
    /// A base64url member of a JWE header, such as `p2s`, `iv` or `apu`.
    HeaderMember(String),
}

impl fmt::Display for B64Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            B64Field::Header => f.write_str("header (segment 1)"),
            B64Field::Payload => f.write_str("payload (segment 2)"),
            B64Field::Signature => f.write_str("signature (segment 3)"),
            B64Field::JwkMember(name) => write!(f, "JWK member \"{name}\""),
            B64Field::Jwe(segment) => segment.fmt(f),
            B64Field::HeaderMember(name) => write!(f, "header member \"{name}\""),
        }
    }
}

/// What exactly is wrong with a base64url string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum B64Problem {
    /// A character outside `A–Z a–z 0–9 - _`.
    InvalidCharacter {
        /// 0-based character position within the field.
        position: usize,
        /// The character found there.
        character: char,
    },
    /// `=` padding, which JWS base64url never has.
    Padding {
        /// 0-based position of the first `=`.
        position: usize,
    },
    /// The length leaves a single dangling character (length mod 4 == 1): bytes are missing.
    Truncated {
        /// Length of the field in characters.
        length: usize,
    },
    /// The last character carries bits that do not fit in a whole byte, so the text is not the
    /// one canonical encoding of any byte string (a smuggling trick).
    NonCanonical {
        /// 0-based position of the last character.
        position: usize,
        /// The character found there.
        character: char,
    },
}

/// A base64url string that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B64Error {
    /// Where the string came from.
    pub field: B64Field,
    /// What is wrong with it.
    pub problem: B64Problem,
}

impl fmt::Display for B64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.problem {
            B64Problem::InvalidCharacter {
                position,
                character,
            } => {
                write!(
                    f,
                    "{field} is not valid base64url: character {position} is {character:?}"
                )?;
                match character {
                    '+' | '/' => f.write_str(
                        " (that is standard base64; base64url uses '-' and '_' instead of '+' and '/')",
                    ),
                    c if c.is_whitespace() => {
                        f.write_str(" (whitespace is not allowed inside base64url)")
                    }
                    _ => f.write_str(" (allowed: A-Z, a-z, 0-9, '-' and '_')"),
                }
            }
            B64Problem::Padding { position } => write!(
                f,
                "{field} is not valid base64url: padding '=' at character {position}; \
                 JWS base64url is written without padding"
            ),
            B64Problem::Truncated { length } => write!(
                f,
                "{field} is not valid base64url: {length} characters is not a possible length \
                 (one character too many or too few; was the text cut off?)"
            ),
            B64Problem::NonCanonical {
                position,
                character,
            } => write!(
                f,
                "{field} is not valid base64url: the last character {character:?} (character \
                 {position}) has non-zero unused bits, so this is not the canonical encoding"
            ),
        }
    }
}

impl std::error::Error for B64Error {}

/// Encodes bytes as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Decodes strict base64url, saying where and why when the text is not acceptable.
pub fn decode(field: B64Field, text: &str) -> Result<Vec<u8>, B64Error> {
    Base64UrlUnpadded::decode_vec(text).map_err(|_| B64Error {
        problem: diagnose(text),
        field,
    })
}

/// Explains why `base64ct` refused `text`. Only called after a failure, so it never has to
/// decide validity on its own; it only has to point at the most useful culprit.
fn diagnose(text: &str) -> B64Problem {
    for (position, character) in text.chars().enumerate() {
        if character == '=' {
            return B64Problem::Padding { position };
        }
        if !is_base64url_char(character) {
            return B64Problem::InvalidCharacter {
                position,
                character,
            };
        }
    }
    let length = text.chars().count();
    if length % 4 == 1 {
        return B64Problem::Truncated { length };
    }
    let character = text.chars().last().unwrap_or('?');
    B64Problem::NonCanonical {
        position: length.saturating_sub(1),
        character,
    }
}

/// True for the 64 characters of the base64url alphabet (RFC 4648 §5).
fn is_base64url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> B64Problem {
        decode(B64Field::Header, text).unwrap_err().problem
    }

    #[test]
    fn round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).collect();
            assert_eq!(decode(B64Field::Payload, &encode(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn rejects_each_kind_of_defect_with_its_position() {
        let cases = [
            (
                "ab+c",
                B64Problem::InvalidCharacter {
                    position: 2,
                    character: '+',
                },
            ),
            (
                "ab/c",
                B64Problem::InvalidCharacter {
                    position: 2,
                    character: '/',
                },
            ),
            (
                "ab c",
                B64Problem::InvalidCharacter {
                    position: 2,
                    character: ' ',
                },
            ),
            ("YQ==", B64Problem::Padding { position: 2 }),
            ("abcde", B64Problem::Truncated { length: 5 }),
            (
                "YR",
                B64Problem::NonCanonical {
                    position: 1,
                    character: 'R',
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(problem(text), expected, "input {text:?}");
        }
    }

    #[test]
    fn message_names_field_position_and_character() {
        let err = decode(B64Field::JwkMember("n".into()), "ab+c").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("JWK member \"n\""), "{message}");
        assert!(message.contains("character 2"), "{message}");
        assert!(message.contains("'+'"), "{message}");
    }
}
