//! The names of key formats and encodings: [`KeyFormat`] (the structure) and [`KeyEncoding`]
//! (how it was written down).
//!
//! A module of its own so that [`super::der`] (which detects DER structures) and
//! [`super::import`] (which reports what it found) both name formats without depending on
//! each other.

/// The structure a key came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFormat {
    /// PKCS#8 PrivateKeyInfo (`PRIVATE KEY`).
    Pkcs8,
    /// PKCS#8 EncryptedPrivateKeyInfo (`ENCRYPTED PRIVATE KEY`).
    EncryptedPkcs8,
    /// PKCS#1 RSAPrivateKey (`RSA PRIVATE KEY`).
    Pkcs1Private,
    /// PKCS#1 RSAPublicKey (`RSA PUBLIC KEY`).
    Pkcs1Public,
    /// SEC1 ECPrivateKey (`EC PRIVATE KEY`).
    Sec1,
    /// SubjectPublicKeyInfo (`PUBLIC KEY`).
    Spki,
    /// An X.509 certificate (`CERTIFICATE`); its public key is imported.
    Certificate,
    /// A single JSON Web Key.
    Jwk,
    /// A JSON Web Key Set.
    Jwks,
}

impl KeyFormat {
    /// A stable id for the UI and tests, e.g. `pkcs8`, `jwks`.
    pub fn id(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "pkcs8",
            KeyFormat::EncryptedPkcs8 => "pkcs8-encrypted",
            KeyFormat::Pkcs1Private => "pkcs1-private",
            KeyFormat::Pkcs1Public => "pkcs1-public",
            KeyFormat::Sec1 => "sec1",
            KeyFormat::Spki => "spki",
            KeyFormat::Certificate => "x509",
            KeyFormat::Jwk => "jwk",
            KeyFormat::Jwks => "jwks",
        }
    }

    /// A human label, e.g. "PKCS#8 private key".
    pub fn label(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "PKCS#8 private key",
            KeyFormat::EncryptedPkcs8 => "encrypted PKCS#8 private key",
            KeyFormat::Pkcs1Private => "PKCS#1 RSA private key",
            KeyFormat::Pkcs1Public => "PKCS#1 RSA public key",
            KeyFormat::Sec1 => "SEC1 EC private key",
            KeyFormat::Spki => "SubjectPublicKeyInfo public key",
            KeyFormat::Certificate => "X.509 certificate",
            KeyFormat::Jwk => "JWK",
            KeyFormat::Jwks => "JWK Set",
        }
    }

    /// The PEM label this structure is written with, if it is a DER structure.
    pub fn pem_label(self) -> Option<&'static str> {
        match self {
            KeyFormat::Pkcs8 => Some("PRIVATE KEY"),
            KeyFormat::EncryptedPkcs8 => Some("ENCRYPTED PRIVATE KEY"),
            KeyFormat::Pkcs1Private => Some("RSA PRIVATE KEY"),
            KeyFormat::Pkcs1Public => Some("RSA PUBLIC KEY"),
            KeyFormat::Sec1 => Some("EC PRIVATE KEY"),
            KeyFormat::Spki => Some("PUBLIC KEY"),
            KeyFormat::Certificate => Some("CERTIFICATE"),
            KeyFormat::Jwk | KeyFormat::Jwks => None,
        }
    }

    /// The DER structure a PEM label announces.
    pub fn from_pem_label(label: &str) -> Option<KeyFormat> {
        [
            KeyFormat::Pkcs8,
            KeyFormat::EncryptedPkcs8,
            KeyFormat::Pkcs1Private,
            KeyFormat::Pkcs1Public,
            KeyFormat::Sec1,
            KeyFormat::Spki,
            KeyFormat::Certificate,
        ]
        .into_iter()
        .find(|format| format.pem_label() == Some(label))
    }
}

/// How the structure was written down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyEncoding {
    /// PEM text.
    Pem,
    /// Raw DER bytes.
    Der,
    /// DER written as base64 without PEM boundaries.
    Base64Der,
    /// JSON (JWK, JWK Set).
    Json,
}

impl KeyEncoding {
    /// A human label: "PEM", "DER", "base64 DER", "JSON".
    pub fn label(self) -> &'static str {
        match self {
            KeyEncoding::Pem => "PEM",
            KeyEncoding::Der => "DER",
            KeyEncoding::Base64Der => "base64 DER",
            KeyEncoding::Json => "JSON",
        }
    }
}
