//! The secret-encoding choice as the page's `<select>` writes it (reading keys is the worker's job).

use jose::key::SecretEncoding;

/// The `<option>` value of a secret encoding.
pub fn encoding_id(encoding: SecretEncoding) -> &'static str {
    match encoding {
        SecretEncoding::Utf8 => "utf8",
        SecretEncoding::Base64Url => "base64url",
        SecretEncoding::Base64 => "base64",
        SecretEncoding::Hex => "hex",
    }
}

/// The secret encoding with this `<option>` value (UTF-8 when unknown).
pub fn encoding_from_id(id: &str) -> SecretEncoding {
    SecretEncoding::ALL
        .into_iter()
        .find(|encoding| encoding_id(*encoding) == id)
        .unwrap_or(SecretEncoding::Utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_encodings_round_trip_through_their_option_values() {
        for encoding in SecretEncoding::ALL {
            assert_eq!(encoding_from_id(encoding_id(encoding)), encoding);
        }
    }
}
