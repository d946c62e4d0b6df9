//! What each claim and header parameter means, for tooltips and the claims table.

/// An explanation of one claim or header parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimInfo {
    /// Short name, e.g. "Expiration time".
    pub title: &'static str,
    /// One or two sentences for the person reading the token.
    pub description: &'static str,
    /// Where it is defined, e.g. "RFC 7519 §4.1.4".
    pub spec: &'static str,
}

const fn info(title: &'static str, description: &'static str, spec: &'static str) -> ClaimInfo {
    ClaimInfo {
        title,
        description,
        spec,
    }
}

/// Claims this tool can explain, by name.
const CLAIMS: &[(&str, ClaimInfo)] = &[
    // RFC 7519 registered claims.
    ("iss", info("Issuer", "Who made and signed the token. In Koppeltaal: the client_id of the application (client assertion, HTI launch) or the auth server's URL (access token).", "RFC 7519 §4.1.1")),
    ("sub", info("Subject", "Whom the token is about. Client assertion: the client_id again. HTI launch: the launching user, Patient/…, Practitioner/… or RelatedPerson/….", "RFC 7519 §4.1.2")),
    ("aud", info("Audience", "Who the token is for; a receiver must refuse a token not meant for it. Client assertion: the token endpoint URL. HTI launch in Koppeltaal: the module's Device/<id>. Access token: fhir-server.", "RFC 7519 §4.1.3")),
    ("exp", info("Expiration time", "Seconds since 1970 (UTC) after which the token must be refused. Client assertions and launch tokens live at most 5 minutes.", "RFC 7519 §4.1.4")),
    ("nbf", info("Not before", "Seconds since 1970 (UTC) before which the token must be refused.", "RFC 7519 §4.1.5")),
    ("iat", info("Issued at", "Seconds since 1970 (UTC) when the token was made; must not lie in the future.", "RFC 7519 §4.1.6")),
    ("jti", info("JWT ID", "A unique id for this token; receivers remember it to refuse replays. Use a random UUID.", "RFC 7519 §4.1.7")),
    // OpenID Connect.
    ("nonce", info("Nonce", "A random value that ties a token to one request, against replay.", "OpenID Connect Core 1.0 §2")),
    ("azp", info("Authorised party", "The client_id of the party the token was issued to.", "OpenID Connect Core 1.0 §2")),
    ("auth_time", info("Authentication time", "Seconds since 1970 when the user last signed in.", "OpenID Connect Core 1.0 §2")),
    ("acr", info("Authentication context class", "How strongly the user was authenticated.", "OpenID Connect Core 1.0 §2")),
    ("amr", info("Authentication methods", "The methods used to authenticate the user (pwd, otp, …).", "OpenID Connect Core 1.0 §2; RFC 8176")),
    ("at_hash", info("Access token hash", "Half of the hash of the access token, binding an id_token to it.", "OpenID Connect Core 1.0 §3.1.3.6")),
    ("c_hash", info("Code hash", "Half of the hash of the authorization code, binding an id_token to it.", "OpenID Connect Core 1.0 §3.3.2.11")),
    ("sid", info("Session ID", "The identity provider's session the token belongs to.", "OpenID Connect Front-Channel Logout 1.0 §3")),
    ("name", info("Name", "The user's full name (personal data: never in an HTI launch token).", "OpenID Connect Core 1.0 §5.1")),
    ("email", info("E-mail", "The user's e-mail address (personal data: never in an HTI launch token).", "OpenID Connect Core 1.0 §5.1")),
    ("fhirUser", info("FHIR user", "The FHIR resource of the signed-in user, e.g. Practitioner/123.", "HL7 SMART App Launch: scopes-and-launch-context")),
    // OAuth and SMART.
    ("scope", info("Scope", "Space-separated permissions. Koppeltaal: system/<Type>.<cruds>, optionally ?resource-origin=Device/<id> to limit them to resources created by that application.", "RFC 8693 §4.2; HL7 SMART App Launch v2 scopes")),
    ("client_id", info("Client ID", "The OAuth client the token was issued to.", "RFC 8693 §4.3")),
    ("cnf", info("Confirmation", "The key the token is bound to (proof of possession).", "RFC 7800 §3.1")),
    ("act", info("Actor", "Who acts on behalf of the subject (token exchange).", "RFC 8693 §4.1")),
    ("may_act", info("May act", "Who is allowed to act on behalf of the subject.", "RFC 8693 §4.4")),
    // HTI.
    ("resource", info("Resource (HTI)", "The task to perform: in Koppeltaal the launched Task, Task/<id>.", "GIDS HTI 2.0 §The HTI claims; Koppeltaal TOP-KT-007")),
    ("definition", info("Definition (HTI)", "What the task is: the ActivityDefinition, as a reference or canonical URL.", "GIDS HTI 2.0 §The HTI claims; Koppeltaal TOP-KT-007")),
    ("patient", info("Patient (HTI)", "The patient, Patient/<id>, when the launching user (sub) is not the patient.", "GIDS HTI 2.0 §The HTI claims")),
    ("intent", info("Intent (HTI)", "Why the module is launched, e.g. plan or review (SMART launch intent values).", "GIDS HTI 2.0 §The HTI claims")),
    ("idp_hint", info("Identity provider hint (HTI)", "Which identity provider the module should send the user to for sign-in.", "GIDS HTI 2.0")),
    ("hti-version", info("HTI version", "The HTI version of the launch; Koppeltaal uses 2.0.", "GIDS HTI 2.0 §The HTI claims")),
    // Koppeltaal.
    ("type", info("Token type (Koppeltaal)", "Set by the Koppeltaal auth server: \"access\" for access tokens.", "Koppeltaal-2.0-Authentication-Service: oauth_server/service.py")),
    ("resource-origin", info("Resource origin (Koppeltaal)", "The Device (application) that created a FHIR resource; scopes use it to limit access to resources of given applications.", "Koppeltaal TOP-KT-005; Koppeltaal-2.0-Authentication-Service: oauth_server/scopes.py")),
];

/// Header parameters this tool can explain, by name.
const HEADERS: &[(&str, ClaimInfo)] = &[
    ("alg", info("Algorithm", "How the token is signed. Koppeltaal accepts RS384, ES384 and RS512; HTI modules RS256–512 and ES256–512. \"none\" and HS* (shared secrets) are refused.", "RFC 7515 §4.1.1; RFC 7518 §3")),
    ("kid", info("Key ID", "Which key in the signer's JWKS verifies this token. Koppeltaal's auth server uses the RFC 7638 thumbprint; jose4j-based tools the MD5 variant.", "RFC 7515 §4.1.4")),
    ("typ", info("Type", "The media type of the whole token; \"JWT\" for client assertions.", "RFC 7515 §4.1.9; RFC 7519 §5.1")),
    ("cty", info("Content type", "The media type of the payload; only \"JWT\" for nested tokens.", "RFC 7515 §4.1.10; RFC 7519 §5.2")),
    ("jku", info("JWK Set URL", "A URL of the signer's JWKS. Never trust it blindly: use only a URL you registered (this tool never fetches it).", "RFC 7515 §4.1.2")),
    ("jwk", info("JSON Web Key", "The verification key embedded in the token. A token carrying its own key proves nothing: verify with a key you trust.", "RFC 7515 §4.1.3")),
    ("x5u", info("X.509 URL", "A URL of the signer's certificate chain (never fetched by this tool).", "RFC 7515 §4.1.5")),
    ("x5c", info("X.509 certificate chain", "The signer's certificate chain, base64 DER, leaf first.", "RFC 7515 §4.1.6")),
    ("x5t", info("X.509 SHA-1 thumbprint", "Base64url SHA-1 hash of the signer's certificate.", "RFC 7515 §4.1.7")),
    ("x5t#S256", info("X.509 SHA-256 thumbprint", "Base64url SHA-256 hash of the signer's certificate.", "RFC 7515 §4.1.8")),
    ("crit", info("Critical", "Extensions the receiver must understand, or else refuse the token.", "RFC 7515 §4.1.11")),
    ("b64", info("Base64url-encode payload", "false means the payload is signed as raw bytes, not base64url (unusual; must be listed in crit).", "RFC 7797 §3")),
];

/// Members of a token endpoint response at the end of a SMART-HTI-on-FHIR (SHOF) launch: the
/// launch context the module receives beside its tokens.
const TOKEN_RESPONSE_FIELDS: &[(&str, ClaimInfo)] = &[
    ("access_token", info("Access token", "The token to send as Authorization: Bearer to the FHIR server. In the reference server's SHOF flow it may be the placeholder NOOP rather than a JWT.", "RFC 6749 §5.1")),
    ("id_token", info("ID token", "Who launched the module: an OpenID Connect ID Token signed by the auth server (RS512), sub = Patient/…, Practitioner/… or RelatedPerson/…. Check aud = your client_id and nonce = the one you sent.", "OpenID Connect Core 1.0 §3.1.3.3; Koppeltaal SHOF launch")),
    ("token_type", info("Token type", "How to use the access token: Bearer.", "RFC 6749 §5.1")),
    ("expires_in", info("Expires in", "Seconds until the access token expires (the Koppeltaal auth server: 300).", "RFC 6749 §5.1")),
    ("scope", info("Scope", "The permissions granted, when they differ from those asked for.", "RFC 6749 §5.1")),
    ("refresh_token", info("Refresh token", "A token to get new tokens without a new launch; none in the client_credentials flow.", "RFC 6749 §5.1")),
    ("resource", info("Resource (launch context)", "The launched Task, Task/<id>, copied from the HTI launch token: what the module should work on.", "GIDS HTI 2.0; SMART-HTI-on-FHIR launch context")),
    ("definition", info("Definition (launch context)", "The ActivityDefinition the Task instantiates (reference or canonical URL): which activity of the module to open.", "GIDS HTI 2.0; SMART-HTI-on-FHIR launch context")),
    ("patient", info("Patient (launch context)", "The patient the launch is about, Patient/<id>, when the launching user is not the patient (e.g. a practitioner).", "GIDS HTI 2.0; HL7 SMART App Launch launch context")),
    ("intent", info("Intent (launch context)", "Why the module is launched, e.g. plan or review (SMART launch intent).", "GIDS HTI 2.0; HL7 SMART App Launch launch context")),
    ("task", info("Task (reference server)", "The launched Task, Task/<id>: the name the Koppeltaal reference auth server uses where the SHOF context says resource.", "Koppeltaal-2.0-Authentication-Service: oauth_server/views.py")),
    ("activity", info("Activity (reference server)", "The Task's instantiatesCanonical (the ActivityDefinition): the reference server's name for definition.", "Koppeltaal-2.0-Authentication-Service: oauth_server/views.py")),
    ("user", info("User (reference server)", "The launching user, Patient/… or Practitioner/… (the id_token's sub), as the reference server adds it.", "Koppeltaal-2.0-Authentication-Service: oauth_server/views.py")),
];

/// What a member of a token endpoint response means in a SMART-HTI-on-FHIR launch (`resource`,
/// `definition`, `patient`, `intent`, the tokens, and the reference server's `task`,
/// `activity`, `user`), or `None` for one this tool does not know.
pub fn explain_token_response_field(name: &str) -> Option<ClaimInfo> {
    lookup(TOKEN_RESPONSE_FIELDS, name)
}

/// Every token response member [`explain_token_response_field`] knows, in display order.
pub fn known_token_response_fields() -> impl Iterator<Item = &'static str> {
    TOKEN_RESPONSE_FIELDS.iter().map(|(name, _)| *name)
}

/// What a claim means, or `None` for a claim this tool does not know.
pub fn explain_claim(name: &str) -> Option<ClaimInfo> {
    lookup(CLAIMS, name)
}

/// What a JOSE header parameter means, or `None` for one this tool does not know.
pub fn explain_header(name: &str) -> Option<ClaimInfo> {
    lookup(HEADERS, name)
}

/// Every claim name [`explain_claim`] knows, in display order.
pub fn known_claims() -> impl Iterator<Item = &'static str> {
    CLAIMS.iter().map(|(name, _)| *name)
}

/// Every header name [`explain_header`] knows, in display order.
pub fn known_headers() -> impl Iterator<Item = &'static str> {
    HEADERS.iter().map(|(name, _)| *name)
}

fn lookup(table: &[(&str, ClaimInfo)], name: &str) -> Option<ClaimInfo> {
    table
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, info)| *info)
}
