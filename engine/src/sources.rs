//! Where the rules come from: one constant per document, cited in [`Finding::source`](crate::Finding).
//!
//! Repository paths are public GitHub repositories (`owner/repo: path`).

/// RFC 7515 §4.1.1: `alg`.
pub const RFC7515_ALG: &str = "RFC 7515 §4.1.1 (alg)";
/// RFC 7515 §4.1.2 and §4.1.5: `jku` and `x5u`, URLs a verifier might fetch.
pub const RFC7515_URL_HEADERS: &str = "RFC 7515 §4.1.2, §4.1.5 (jku, x5u); RFC 8725 §3.10";
/// RFC 7515 §4.1.3: `jwk`, a key embedded in the header.
pub const RFC7515_JWK: &str = "RFC 7515 §4.1.3 (jwk); RFC 8725 §3.10";
/// RFC 7515 §4.1.6: `x5c`.
pub const RFC7515_X5C: &str = "RFC 7515 §4.1.6 (x5c)";
/// RFC 7515 §4.1.4: `kid`.
pub const RFC7515_KID: &str = "RFC 7515 §4.1.4 (kid)";
/// RFC 7515 §4.1.11: `crit`.
pub const RFC7515_CRIT: &str = "RFC 7515 §4.1.11 (crit)";
/// RFC 7797 §3: `b64`.
pub const RFC7797_B64: &str = "RFC 7797 §3 (b64)";
/// RFC 7519 §7.2: the claims set must be a JSON object.
pub const RFC7519_CLAIMS_OBJECT: &str = "RFC 7519 §7.2 (JWT Claims Set is a JSON object)";
/// RFC 8725 §3.1/§3.2: algorithm verification, no `none`, no weak secrets.
pub const RFC8725_ALG: &str = "RFC 8725 §3.1, §3.2 (JWT BCP: algorithm verification)";

/// SMART App Launch, asymmetric client authentication and backend services.
pub const SMART_BACKEND: &str =
    "HL7/smart-app-launch: input/pages/client-confidential-asymmetric.md, backend-services.md";
/// SMART App Launch, scope syntax (v2 `cruds`).
pub const SMART_SCOPES: &str = "HL7/smart-app-launch: input/pages/scopes-and-launch-context.md";
/// Koppeltaal topic TOP-KT-005c (SMART backend services) as explained in the developer guide.
pub const KT_CLIENT_ASSERTION: &str = "Koppeltaal TOP-KT-005c; Koppeltaal/Koppeltaal-2.0-Hackathon-Dev-Guide: technische-howto/connectie-maken-met-koppeltaal/toegang-tot-koppeltaal.md";
/// The Koppeltaal reference auth server's token verifiers.
pub const KT_AUTH_VERIFIERS: &str = "Koppeltaal/Koppeltaal-2.0-Authentication-Service: application/oauth_server/verifiers.py, instance/config.py";
/// The Koppeltaal reference auth server's access-token issuer.
pub const KT_AUTH_SERVICE: &str =
    "Koppeltaal/Koppeltaal-2.0-Authentication-Service: application/oauth_server/service.py";
/// The Koppeltaal reference auth server's scope builder.
pub const KT_AUTH_SCOPES: &str =
    "Koppeltaal/Koppeltaal-2.0-Authentication-Service: application/oauth_server/scopes.py";
/// HTI 2.0 core.
pub const HTI_CORE: &str = "GIDSOpenStandaarden/GIDS-HTI-Protocol: HTI_2.0.md";
/// Koppeltaal launch topic TOP-KT-007.
pub const KT_LAUNCH: &str = "vzvznl/Koppeltaal-2.0-FHIR: topics/kop-kt-007-koppeltaal-launch.md";
/// HTI 2.0 and the Koppeltaal launch topic together.
pub const HTI_AND_KT_LAUNCH: &str = "GIDSOpenStandaarden/GIDS-HTI-Protocol: HTI_2.0.md; vzvznl/Koppeltaal-2.0-FHIR: topics/kop-kt-007-koppeltaal-launch.md";
/// Koppeltaal topic TOP-KT-020, public key exchange (JWKS).
pub const KT_JWKS: &str =
    "vzvznl/Koppeltaal-2.0-FHIR: topics/TOP-KT-020-uitwisseling-publieke-sleutels.md";
/// OpenID Connect Core 1.0 §3.1.3.7: how a client validates an ID Token.
pub const OIDC_ID_TOKEN_VALIDATION: &str = "OpenID Connect Core 1.0 §3.1.3.7 (ID Token validation)";
/// OpenID Connect Core 1.0 §2: the ID Token's claims.
pub const OIDC_ID_TOKEN: &str = "OpenID Connect Core 1.0 §2 (ID Token)";
/// The developer guide's page on receiving a SMART-HTI-on-FHIR launch (the id_token example).
pub const KT_SHOF: &str = "Koppeltaal/Koppeltaal-2.0-Hackathon-Dev-Guide: technische-howto/launchen/smart-hti-on-fhir-launch-ontvangen.md";
/// The reference auth server's token endpoint views (what a token response holds).
pub const KT_AUTH_VIEWS: &str =
    "Koppeltaal/Koppeltaal-2.0-Authentication-Service: application/oauth_server/views.py";
/// The reference auth server's own JWKS route (`/.well-known/jwks.json`).
pub const KT_AUTH_JWKS: &str =
    "Koppeltaal/Koppeltaal-2.0-Authentication-Service: application/jwks/views.py";
/// Koppeltaal topic TOP-KT-021, token introspection.
pub const KT_INTROSPECTION: &str = "Koppeltaal TOP-KT-021 (token introspection)";
