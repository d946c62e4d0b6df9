//! The Decoder's examples (`load-example-select`): a client assertion, an HTI launch, an access
//! token, an id_token and an encrypted HTI launch, made fresh in this browser so each one is
//! accepted by its receiver right now.
//!
//! Every example is signed (and encrypted) by the crypto worker with a demo key in its keyring,
//! labelled [`DEMO_LABEL`]: made on first use, reused while it is there. The page builds the
//! claims, never a key: the worker gets the header and payload and answers with the token.

use rand_core::OsRng;
use serde_json::Value;

use crate::app::browser;
use crate::app::engine::EngineHandle;
use crate::app::expect::ExpectationsDraft;
use crate::worker::protocol::{
    EncryptRequest, Encrypted, KeyId, KeyInfo, KeySource, Material, Request, Response,
    SignRequest, Signed,
};
use jose::alg::JwsAlgorithm;
use jose::key::{EcCurve, KeyKind};
use jose::profiles::templates::{refresh_times, uuid_v4};
use jose::profiles::{access_token, Profile};

/// What every demo key's keyring label starts with; the worker puts it first.
pub const DEMO_LABEL: &str = "Demo key (examples only)";

// Example values (`.example` hosts, RFC 2606), also in the claims of [`Example::spec`].
const AUTH_SERVER: &str = "https://authentication-service.example";
const TOKEN_ENDPOINT: &str = "https://authentication-service.example/oauth2/token";
const PORTAL: &str = "example-portal";
const MODULE: &str = "example-module";
/// HTI:jwe with an EC key: what the Signer's encrypt step offers for one.
const JWE_ALG: &str = "ECDH-ES+A256KW";
const JWE_ENC: &str = "A256GCM";

/// One `load-example-select` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Example {
    /// A client asks the auth server for an access token.
    ClientAssertion,
    /// A portal launches a module.
    HtiLaunch,
    /// The auth server's access token for the FHIR server.
    AccessToken,
    /// The auth server's id_token at the end of a SHOF launch.
    IdToken,
    /// The HTI launch, signed, then encrypted for the module (HTI:jwe).
    HtiJwe,
}

impl Example {
    /// Every choice, in the order offered.
    pub const ALL: [Example; 5] = [
        Example::ClientAssertion,
        Example::HtiLaunch,
        Example::AccessToken,
        Example::IdToken,
        Example::HtiJwe,
    ];

    /// The `<option>` value.
    pub fn id(self) -> &'static str {
        match self {
            Example::ClientAssertion => "client-assertion",
            Example::HtiLaunch => "hti-launch",
            Example::AccessToken => "access-token",
            Example::IdToken => "id-token",
            Example::HtiJwe => "hti-jwe",
        }
    }

    /// The example with this `<option>` value.
    pub fn from_id(id: &str) -> Option<Example> {
        Example::ALL.into_iter().find(|example| example.id() == id)
    }

    /// What the user reads in the list.
    pub fn label(self) -> &'static str {
        match self {
            Example::ClientAssertion => "Client assertion (client → auth server)",
            Example::HtiLaunch => "HTI launch (portal → module)",
            Example::AccessToken => "Access token (auth server → FHIR server)",
            Example::IdToken => "id_token (SHOF launch, auth server → module)",
            Example::HtiJwe => "Encrypted HTI launch (HTI:jwe)",
        }
    }

    /// The profile the Decoder detects for it (an encrypted launch is judged by the launch inside).
    pub fn profile(self) -> Profile {
        match self {
            Example::ClientAssertion => Profile::ClientAssertion,
            Example::HtiLaunch | Example::HtiJwe => Profile::HtiLaunch,
            Example::AccessToken => Profile::AccessToken,
            Example::IdToken => Profile::IdToken,
        }
    }

    /// The algorithm it is signed with: RS512 where the auth server signs, ES384 (accepted by
    /// the auth server and every module) where a client or portal does.
    pub fn alg(self) -> JwsAlgorithm {
        match self {
            Example::AccessToken | Example::IdToken => access_token::ALGORITHM,
            _ => JwsAlgorithm::Es384,
        }
    }

    /// The demo keys it needs: the signing key, and for HTI:jwe the module's encryption key.
    pub fn demo_keys(self) -> (DemoKey, Option<DemoKey>) {
        let signing = match self.alg() {
            JwsAlgorithm::Es384 => DemoKey::SignEc384,
            _ => DemoKey::SignRsa2048,
        };
        (signing, (self == Example::HtiJwe).then_some(DemoKey::EncryptEc256))
    }

    /// Its claims, and the `aud` and `iss` its receiver expects. The claims are JSON text with
    /// `iat` 0, `exp` the lifetime and empty `jti` / `nonce`, made fresh by [`draft`]: text is
    /// cheaper for the page to download than code that builds it. Client assertion and HTI
    /// launch have the claims the Signer's templates make (a test compares them).
    fn spec(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Example::ClientAssertion => (
                r#"{"iss":"example-portal","sub":"example-portal","aud":"https://authentication-service.example/oauth2/token","iat":0,"exp":300,"jti":""}"#,
                TOKEN_ENDPOINT,
                PORTAL,
            ),
            Example::HtiLaunch | Example::HtiJwe => (
                r#"{"iss":"example-portal","aud":"Device/example-module","sub":"Patient/example-patient","resource":"Task/example-task","definition":"ActivityDefinition/example-activity","intent":"plan","hti-version":"2.0","iat":0,"exp":300,"jti":""}"#,
                "Device/example-module",
                PORTAL,
            ),
            // The auth server's access token for the portal: for the FHIR server, 300 s, the
            // portal's permissions on Tasks it created.
            Example::AccessToken => (
                r#"{"iss":"https://authentication-service.example","aud":"fhir-server","iat":0,"nbf":0,"exp":300,"jti":"","nonce":"","type":"access","sub":"example-portal","azp":"example-portal","scope":"system/Task.crus?resource-origin=Device/example-portal system/Patient.rs system/ActivityDefinition.rs"}"#,
                access_token::AUDIENCE,
                AUTH_SERVER,
            ),
            // The id_token the module gets at the end of a SHOF launch: for its client_id,
            // about the launching patient, with the nonce it sent.
            Example::IdToken => (
                r#"{"iss":"https://authentication-service.example","sub":"Patient/example-patient","aud":"example-module","azp":"example-module","nonce":"","iat":0,"nbf":0,"exp":300,"fhirUser":"https://fhir.example/fhir/Patient/example-patient"}"#,
                MODULE,
                AUTH_SERVER,
            ),
        }
    }
}

/// A demo key the examples sign or encrypt with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoKey {
    /// EC P-384, for ES384 (client assertion, HTI launch).
    SignEc384,
    /// RSA 2048, for RS512 (the auth server's tokens).
    SignRsa2048,
    /// EC P-256 with `use: enc`, for ECDH-ES (HTI:jwe).
    EncryptEc256,
}

impl DemoKey {
    /// The key type to generate.
    pub fn kind(self) -> KeyKind {
        match self {
            DemoKey::SignEc384 => KeyKind::Ec(EcCurve::P384),
            DemoKey::SignRsa2048 => KeyKind::Rsa { bits: 2048 },
            DemoKey::EncryptEc256 => KeyKind::Ec(EcCurve::P256),
        }
    }

    /// Its JWK `use`: none for signing keys (as the Keys view makes them), `enc` for encryption.
    pub fn key_use(self) -> Option<&'static str> {
        (self == DemoKey::EncryptEc256).then_some("enc")
    }

    /// This demo key in the keyring, if it is still there.
    pub fn find(self, keys: &[KeyInfo]) -> Option<&KeyInfo> {
        keys.iter().find(|key| {
            key.label.starts_with(DEMO_LABEL)
                && key.kind == self.kind()
                && key.key_use.as_deref() == self.key_use()
                && key.material == Material::Private
        })
    }
}

/// An example before signing: its header and payload, and what its receiver knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The JWS header (`alg`, `typ`, `kid`), JSON text as the worker takes it.
    pub header: String,
    /// The claims.
    pub payload: Value,
    /// "Checking as…" for its receiver.
    pub expect: ExpectationsDraft,
}

/// The header and claims of `example`, signed by the key with `kid` at `now` (Unix seconds),
/// and the receiver's expectations that make its verdict `accept`.
pub fn draft(example: Example, kid: &str, now: i64) -> Result<Draft, String> {
    let (claims, audience, issuer) = example.spec();
    let mut payload: Value = serde_json::from_str(claims).map_err(|err| err.to_string())?;
    // The Signer's "refresh times": iat (and nbf) now, exp keeping the lifetime, a new jti.
    refresh_times(&mut payload, now, &mut OsRng).map_err(|err| err.to_string())?;
    let mut expect = ExpectationsDraft {
        audience: audience.to_owned(),
        issuers: issuer.to_owned(),
        ..ExpectationsDraft::default()
    };
    if let Some(nonce) = payload.get_mut("nonce") {
        let fresh = uuid_v4(&mut OsRng);
        // Only the id_token's receiver sent the nonce (and so knows it).
        if example == Example::IdToken {
            expect.nonce = fresh.clone();
        }
        *nonce = Value::String(fresh);
    }
    Ok(Draft {
        header: format!(
            r#"{{"alg":"{}","typ":"JWT","kid":{}}}"#,
            example.alg().name(),
            Value::from(kid)
        ),
        payload,
        expect,
    })
}

/// An example made: what the Decoder is to show ([`crate::app::state::Action::LoadExample`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedExample {
    /// The token for the token box.
    pub token: String,
    /// The demo key that verifies it (`verify-key-select`).
    pub verify_key: KeyId,
    /// The demo key that decrypts it (`decrypt-key-select`), for HTI:jwe.
    pub decrypt_key: Option<KeyId>,
    /// "Checking as…" for its receiver.
    pub expect: ExpectationsDraft,
}

/// Makes `example` now: finds or generates its demo keys (`added` hears of new ones at once, so
/// the page's keyring stays in step even if a later step fails), has the worker sign (and
/// encrypt) it, and says what was made (`example-notice`).
pub async fn make(
    engine: &EngineHandle,
    keys: &[KeyInfo],
    example: Example,
    added: impl Fn(Vec<KeyInfo>),
) -> Result<(LoadedExample, String), String> {
    let (signing, encrypting) = example.demo_keys();
    let mut demo = Vec::new();
    for wanted in [Some(signing), encrypting].into_iter().flatten() {
        demo.push(demo_key(engine, keys, wanted, &added).await?);
    }
    let mut demo = demo.into_iter();
    let (Some(signer), recipient) = (demo.next(), demo.next()) else {
        return Err(UNEXPECTED.to_owned());
    };
    let draft = draft(example, signer.kid(), browser::now_seconds())?;
    let mut token = token(engine, sign_request(example, &draft, signer.id)).await?;
    if let Some(recipient) = &recipient {
        token = self::token(engine, encrypt_request(token, recipient)).await?;
    }
    let notice = notice(example, &signer, recipient.as_ref());
    Ok((
        LoadedExample {
            token,
            verify_key: signer.id,
            decrypt_key: recipient.map(|key| key.id),
            expect: draft.expect,
        },
        notice,
    ))
}

const UNEXPECTED: &str = "the crypto worker gave an unexpected answer";

/// The worker request that signs the draft with the demo key `key`.
pub fn sign_request(example: Example, draft: &Draft, key: KeyId) -> Request {
    Request::Sign(SignRequest {
        header: draft.header.clone(),
        payload: draft.payload.to_string(),
        alg: example.alg(),
        key: KeySource::Keyring(key),
    })
}

/// The worker request that encrypts a signed launch for the demo encryption key, as HTI:jwe
/// asks: a nested JWT (`cty: JWT`) with the recipient's `kid` in the JWE header.
pub fn encrypt_request(signed: String, recipient: &KeyInfo) -> Request {
    Request::Encrypt(EncryptRequest {
        plaintext: signed,
        recipient: recipient.public_jwk.clone().unwrap_or_default(),
        alg: JWE_ALG.to_owned(),
        enc: JWE_ENC.to_owned(),
        nested: true,
    })
}

async fn ask(engine: &EngineHandle, request: Request) -> Result<Response, String> {
    engine.call(request).await.map_err(|err| err.to_string())
}

/// The token in the worker's answer to [`Request::Sign`] or [`Request::Encrypt`].
async fn token(engine: &EngineHandle, request: Request) -> Result<String, String> {
    match ask(engine, request).await? {
        Response::Signed(Signed { token, .. }) | Response::Encrypted(Encrypted { token, .. }) => {
            Ok(token)
        }
        _ => Err(UNEXPECTED.to_owned()),
    }
}

/// The demo key from the keyring, or a new one.
async fn demo_key(
    engine: &EngineHandle,
    keys: &[KeyInfo],
    demo: DemoKey,
    added: &impl Fn(Vec<KeyInfo>),
) -> Result<KeyInfo, String> {
    if let Some(key) = demo.find(keys) {
        return Ok(key.clone());
    }
    let request = Request::Generate {
        kind: demo.kind(),
        key_use: demo.key_use().map(str::to_owned),
        label: Some(DEMO_LABEL.to_owned()),
    };
    match ask(engine, request).await? {
        Response::KeysAdded(new) => {
            let key = new.keys.first().cloned();
            added(new.keys);
            key.ok_or_else(|| format!("no demo key was made: {}", new.problems.join("; ")))
        }
        _ => Err(UNEXPECTED.to_owned()),
    }
}

/// `example-notice`: which example, which demo key, and that it is only for examples.
pub fn notice(example: Example, signer: &KeyInfo, recipient: Option<&KeyInfo>) -> String {
    let encrypted = recipient.map_or_else(String::new, |key| {
        format!(
            ", then encrypted ({JWE_ALG} + {JWE_ENC}) for the demo encryption key with kid {:?}",
            key.kid()
        )
    });
    format!(
        "Example made just now in this browser: {}, signed ({}) with the demo key with kid {:?}{encrypted}. \
         Demo keys are for examples only: never use them for real tokens. \"Checking as…\" is set for this example.",
        example.label(),
        example.alg(),
        signer.kid(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::{DecryptRequest, VerifyRequest};
    use serde_json::json;
    use crate::worker::service::Service;
    use jose::finding::Severity;
    use jose::key::SecretEncoding;
    use jose::profiles::check_expecting;
    use jose::verdict::{receiver_verdict, SignatureState, VerdictKind};

    const NOW: i64 = 1_764_590_400;
    const KID: &str = "demo-kid";

    fn checked(example: Example, at: i64) -> jose::profiles::ProfileReport {
        let draft = draft(example, KID, NOW).unwrap();
        let resolved = draft.expect.resolve(at);
        let Ok(Value::Object(header)) = serde_json::from_str(&draft.header) else {
            panic!("the header is not an object: {}", draft.header)
        };
        check_expecting(Profile::Auto, &header, &draft.payload, resolved.at, &resolved.expectations)
    }

    fn errors(report: &jose::profiles::ProfileReport) -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| format!("{}: {}", finding.rule, finding.message))
            .collect()
    }

    #[test]
    fn every_example_is_detected_as_its_profile_and_passes_with_nothing_missing() {
        for example in Example::ALL {
            let report = checked(example, NOW);

            assert_eq!(report.profile, example.profile(), "{example:?}");
            assert!(report.detected, "{example:?}");
            assert_eq!(errors(&report), Vec::<String>::new(), "{example:?}");
            assert_eq!(report.missing, Vec::<String>::new(), "{example:?}");
        }
    }

    #[test]
    fn every_example_passes_with_the_page_clock_ten_seconds_behind() {
        // The Decoder's clock ticks every 10 s, so a fresh token may be up to 10 s in its future.
        for example in Example::ALL {
            assert_eq!(errors(&checked(example, NOW - 10)), Vec::<String>::new(), "{example:?}");
        }
    }

    #[test]
    fn every_example_has_no_warnings_so_it_shows_what_right_looks_like() {
        for example in Example::ALL {
            let warnings: Vec<String> = checked(example, NOW)
                .findings
                .iter()
                .filter(|finding| finding.severity == Severity::Warning)
                .map(|finding| finding.rule.clone())
                .collect();
            assert_eq!(warnings, Vec::<String>::new(), "{example:?}");
        }
    }

    #[test]
    fn every_example_is_signed_with_what_its_profile_wants_and_names_the_key() {
        let cases = [
            (Example::ClientAssertion, "ES384"),
            (Example::HtiLaunch, "ES384"),
            (Example::AccessToken, "RS512"),
            (Example::IdToken, "RS512"),
            (Example::HtiJwe, "ES384"),
        ];
        for (example, alg) in cases {
            let header: Value = serde_json::from_str(&draft(example, KID, NOW).unwrap().header).unwrap();

            assert_eq!((header["alg"].as_str(), header["kid"].as_str()), (Some(alg), Some(KID)), "{example:?}");
        }
    }

    #[test]
    fn a_kid_is_written_into_the_header_as_a_json_string() {
        let header = draft(Example::AccessToken, "a \"quoted\" kid", NOW).unwrap().header;

        let header: Value = serde_json::from_str(&header).unwrap();
        assert_eq!(header["kid"], "a \"quoted\" kid");
    }

    #[test]
    fn example_values_are_plainly_examples() {
        for example in Example::ALL {
            let payload = draft(example, KID, NOW).unwrap().payload.to_string();
            assert!(payload.contains("example"), "{example:?}: {payload}");
        }
    }

    #[test]
    fn every_example_lives_300_s_from_now_with_fresh_ids() {
        let is_uuid = |value: &Value| value.as_str().is_some_and(|id| id.len() == 36);
        for example in Example::ALL {
            let claims = draft(example, KID, NOW).unwrap().payload;

            assert_eq!((&claims["iat"], &claims["exp"]), (&json!(NOW), &json!(NOW + 300)), "{example:?}");
            assert!(claims.get("nbf").is_none_or(|nbf| *nbf == json!(NOW)), "{example:?}");
            assert!(claims.get("nonce").is_none_or(is_uuid), "{example:?}");
            assert_eq!(is_uuid(&claims["jti"]), example != Example::IdToken, "{example:?}");
        }
    }

    #[test]
    fn the_client_assertion_and_launch_are_what_the_signers_templates_make() {
        use jose::profiles::templates::{ClientAssertionForm, HtiLaunchForm};
        let assertion = ClientAssertionForm {
            client_id: PORTAL.into(),
            token_endpoint: TOKEN_ENDPOINT.into(),
            scope: String::new(),
            lifetime_secs: 300,
            kid: KID.into(),
            alg: JwsAlgorithm::Es384,
        };
        let launch = HtiLaunchForm {
            portal_client_id: PORTAL.into(),
            module_device_id: MODULE.into(),
            sub: "Patient/example-patient".into(),
            task_id: "example-task".into(),
            activity_definition: "ActivityDefinition/example-activity".into(),
            patient: String::new(),
            intent: "plan".into(),
            fhir_base_url: String::new(),
            kid: KID.into(),
            alg: JwsAlgorithm::Es384,
            lifetime_secs: 300,
        };
        let cases = [
            (Example::ClientAssertion, assertion.build(NOW, &mut OsRng).unwrap()),
            (Example::HtiLaunch, launch.build(NOW, &mut OsRng).unwrap()),
        ];
        for (example, (header, mut payload)) in cases {
            let draft = draft(example, KID, NOW).unwrap();
            payload["jti"] = draft.payload["jti"].clone();

            let ours: Value = serde_json::from_str(&draft.header).unwrap();
            assert_eq!((ours, draft.payload), (header, payload), "{example:?}");
        }
    }

    #[test]
    fn the_id_tokens_receiver_expects_the_nonce_it_carries() {
        let draft = draft(Example::IdToken, KID, NOW).unwrap();

        assert!(!draft.expect.nonce.is_empty());
        assert_eq!(draft.payload["nonce"], draft.expect.nonce.as_str());
    }

    #[test]
    fn each_example_is_fresh_with_its_own_jti() {
        let first = draft(Example::HtiLaunch, KID, NOW).unwrap().payload;
        let second = draft(Example::HtiLaunch, KID, NOW).unwrap().payload;

        assert_ne!(first["jti"], second["jti"]);
        assert_eq!(first["iat"], NOW);
    }

    #[test]
    fn option_values_round_trip_and_are_the_documented_ones() {
        let ids: Vec<&str> = Example::ALL.iter().map(|example| example.id()).collect();

        assert_eq!(ids, ["client-assertion", "hti-launch", "access-token", "id-token", "hti-jwe"]);
        for example in Example::ALL {
            assert_eq!(Example::from_id(example.id()), Some(example));
        }
    }

    #[test]
    fn only_the_encrypted_launch_needs_the_encryption_key() {
        let cases = [
            (Example::ClientAssertion, (DemoKey::SignEc384, None)),
            (Example::HtiLaunch, (DemoKey::SignEc384, None)),
            (Example::AccessToken, (DemoKey::SignRsa2048, None)),
            (Example::IdToken, (DemoKey::SignRsa2048, None)),
            (Example::HtiJwe, (DemoKey::SignEc384, Some(DemoKey::EncryptEc256))),
        ];
        for (example, keys) in cases {
            assert_eq!(example.demo_keys(), keys, "{example:?}");
        }
    }

    fn key(id: KeyId, label: &str, kind: KeyKind, key_use: Option<&str>, material: Material) -> KeyInfo {
        KeyInfo {
            id,
            label: label.to_owned(),
            kind,
            material,
            kid: Some(format!("kid-{id}")),
            kid_generated: true,
            key_use: key_use.map(str::to_owned),
            alg: None,
            signing_algorithms: Vec::new(),
            thumbprint: String::new(),
            public_jwk: None,
            spki_pem: None,
        }
    }

    #[test]
    fn a_demo_key_is_reused_only_when_it_is_a_demo_key_of_the_right_type_and_use() {
        let p384 = KeyKind::Ec(EcCurve::P384);
        let p256 = KeyKind::Ec(EcCurve::P256);
        let demo = "Demo key (examples only) · EC";
        let keys = [
            key(0, "EC P-384 private · generated", p384, None, Material::Private),
            key(1, demo, p384, None, Material::Public),
            key(2, demo, p256, None, Material::Private),
            key(3, demo, p384, None, Material::Private),
            key(4, demo, p256, Some("enc"), Material::Private),
        ];
        let cases = [
            (DemoKey::SignEc384, Some(3)),
            (DemoKey::EncryptEc256, Some(4)),
            (DemoKey::SignRsa2048, None),
        ];
        for (demo, expected) in cases {
            assert_eq!(demo.find(&keys).map(|key| key.id), expected, "{demo:?}");
        }
    }

    /// The worker's answer, natively (the page sends the same requests through the engine client).
    fn ask(service: &mut Service, request: Request) -> Response {
        service.handle(request, &mut rand_core::OsRng).unwrap()
    }

    #[test]
    fn every_example_made_by_the_worker_with_its_demo_keys_gets_the_verdict_accept() {
        let mut service = Service::default();
        let mut keys: Vec<KeyInfo> = Vec::new();
        for demo in [DemoKey::SignEc384, DemoKey::SignRsa2048, DemoKey::EncryptEc256] {
            let request = Request::Generate {
                kind: demo.kind(),
                key_use: demo.key_use().map(str::to_owned),
                label: Some(DEMO_LABEL.to_owned()),
            };
            match ask(&mut service, request) {
                Response::KeysAdded(added) => keys.extend(added.keys),
                other => panic!("{other:?}"),
            }
        }
        for example in Example::ALL {
            let (signing, encrypting) = example.demo_keys();
            let signer = signing.find(&keys).unwrap();
            let draft = draft(example, signer.kid(), NOW).unwrap();
            let Response::Signed(signed) = ask(&mut service, sign_request(example, &draft, signer.id)) else {
                panic!("not signed: {example:?}")
            };
            let token = match encrypting.map(|demo| demo.find(&keys).unwrap()) {
                Some(recipient) => {
                    let Response::Encrypted(encrypted) = ask(&mut service, encrypt_request(signed.token.clone(), recipient)) else {
                        panic!("not encrypted")
                    };
                    let jwe = jose::jwe::decode_jwe(&encrypted.token).unwrap();
                    assert_eq!((jwe.kid(), jwe.header().get("cty")), (recipient.kid.as_deref(), Some(&json!("JWT"))));
                    let Response::Decrypted(report) = ask(&mut service, Request::Decrypt(DecryptRequest {
                        token: encrypted.token,
                        key_text: String::new(),
                        encoding: SecretEncoding::default(),
                        keyring_key: Some(recipient.id),
                    })) else {
                        panic!("not decrypted")
                    };
                    assert_eq!(report.status, "decrypted", "{}", report.sentence);
                    report.plaintext.unwrap()
                }
                None => signed.token,
            };
            let Response::Verified(verified) = ask(&mut service, Request::Verify(VerifyRequest {
                token: token.clone(),
                key_text: String::new(),
                encoding: SecretEncoding::default(),
                keyring_key: Some(signer.id),
            })) else {
                panic!("not verified")
            };
            let inspection = jose::token::inspect_compact(&token);
            let (Some(Ok(header)), Some(Ok(jose::token::Payload::Json(payload)))) = (&inspection.header, &inspection.payload) else {
                panic!("not decoded: {example:?}")
            };
            let resolved = draft.expect.resolve(NOW);
            let report = check_expecting(Profile::Auto, header, payload, resolved.at, &resolved.expectations);
            let signature = if verified.status == "valid" { SignatureState::Valid } else { SignatureState::Error(verified.sentence) };

            let verdict = receiver_verdict(&report, &signature, &verified.findings);

            assert_eq!(verdict.kind, VerdictKind::Accept, "{example:?}: {}", verdict.headline);
        }
    }

    #[test]
    fn the_notice_names_the_example_the_keys_and_that_they_are_for_examples_only() {
        let signer = key(3, DEMO_LABEL, KeyKind::Ec(EcCurve::P384), None, Material::Private);
        let recipient = key(4, DEMO_LABEL, KeyKind::Ec(EcCurve::P256), Some("enc"), Material::Private);

        let notice = notice(Example::HtiJwe, &signer, Some(&recipient));

        for part in ["Encrypted HTI launch", "kid \"kid-3\"", "kid \"kid-4\"", "examples only", "just now in this browser"] {
            assert!(notice.contains(part), "{part:?} not in {notice}");
        }
    }
}
