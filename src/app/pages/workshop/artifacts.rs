//! What the workshop makes from its draft and the chosen key: the JWKS, the signed client
//! assertion and HTI launch, and the launch encrypted for the module. Signing and encryption
//! are asked of the crypto worker; each artifact follows its inputs, so going back and changing
//! the key (or a field) re-makes everything that depends on it.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::app::drafts::preferred_alg;
use crate::app::engine::{use_engine_query, Query};
use crate::app::state::{AppState, KeyInfo};
use crate::app::workshop::{WorkshopDraft, WorkshopField};
use crate::worker::protocol::{
    BuildJwksRequest, EncryptRequest, JwksBuilt, JwksEntryRequest, KeySource, Request, Response,
    SignRequest,
};
use jose::jwks::KidStrategy;
use jose::profiles::templates::{ClientAssertionForm, HtiLaunchForm, MAX_LIFETIME_SECS};
use jose::JwsAlgorithm;

/// One artifact: not makeable yet (and why), on its way, made, or failed (and why).
#[derive(Debug, Clone, PartialEq)]
pub enum Made {
    /// An earlier step is missing; the sentence says which.
    Waiting(String),
    /// The crypto worker is making it.
    Pending,
    /// The artifact.
    Ready(String),
    /// Why it could not be made.
    Failed(String),
}

impl Made {
    /// The artifact, once made.
    pub fn ready(&self) -> Option<&str> {
        match self {
            Made::Ready(text) => Some(text),
            _ => None,
        }
    }

    /// `data-status`: waiting, pending, ready or failed.
    pub fn status(&self) -> &'static str {
        match self {
            Made::Waiting(_) => "waiting",
            Made::Pending => "pending",
            Made::Ready(_) => "ready",
            Made::Failed(_) => "failed",
        }
    }

    /// The sentence shown instead of the artifact.
    pub fn message(&self) -> Option<String> {
        match self {
            Made::Waiting(why) | Made::Failed(why) => Some(why.clone()),
            Made::Pending => Some("Working…".to_owned()),
            Made::Ready(_) => None,
        }
    }

    fn from_query(query: Query<String>, waiting: Option<String>) -> Made {
        match (query, waiting) {
            (_, Some(why)) => Made::Waiting(why),
            (Query::Idle, None) => Made::Waiting("Not asked for yet.".to_owned()),
            (Query::Pending, None) => Made::Pending,
            (Query::Done(Ok(text)), None) => Made::Ready(text),
            (Query::Done(Err(err)), None) => Made::Failed(err.to_string()),
        }
    }
}

/// Everything the steps show that depends on the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Artifacts {
    /// The workshop's signing key, while it is in the keyring.
    pub key: Option<KeyInfo>,
    /// The algorithm the workshop signs with (Koppeltaal's first choice the key allows).
    pub alg: Option<JwsAlgorithm>,
    /// The JWK Set (pretty JSON) and the receiver's checks of it.
    pub jwks: Made,
    /// The checks of the built set.
    pub jwks_built: Option<JwksBuilt>,
    /// The payload of the client assertion (for its checks and countdown).
    pub assertion_claims: Option<(serde_json::Map<String, Value>, Value)>,
    /// The signed client assertion.
    pub assertion: Made,
    /// The payload of the HTI launch.
    pub launch_claims: Option<(serde_json::Map<String, Value>, Value)>,
    /// The signed HTI launch.
    pub launch: Made,
    /// The launch encrypted for the module (HTI:jwe), when asked for.
    pub encrypted_launch: Option<Made>,
    /// The JWE `alg` used for the module's key.
    pub jwe_alg: &'static str,
}

/// Props of every step that shows what was made.
#[derive(Properties, PartialEq)]
pub struct ArtifactsProps {
    /// What the workshop made so far.
    pub artifacts: Rc<Artifacts>,
}

/// Makes every artifact the draft and key allow.
#[hook]
pub fn use_artifacts(state: &AppState) -> Artifacts {
    let draft = &state.workshop;
    let key = draft
        .key_id
        .and_then(|id| state.key(id))
        .filter(|key| key.can_sign())
        .cloned();
    let alg = key
        .as_ref()
        .and_then(|key| preferred_alg(&key.signing_algorithms));

    let jwks_request = key.as_ref().and_then(|key| jwks_request(key, alg));
    let jwks_query = use_engine_query(
        jwks_request,
        |request| request.clone().map(Request::BuildJwks),
        |response| match response {
            Response::JwksBuilt(built) => Some(built),
            _ => None,
        },
    );
    let (jwks, jwks_built) = match (&key, jwks_query) {
        (None, _) => (Made::Waiting(NO_KEY.to_owned()), None),
        (Some(_), Query::Done(Ok(built))) => match (&built.jwks, &built.error) {
            (Some(set), _) => (
                Made::Ready(serde_json::to_string_pretty(set).unwrap_or_default()),
                Some(built),
            ),
            (None, error) => (
                Made::Failed(error.clone().unwrap_or_else(|| "The JWKS could not be built.".to_owned())),
                Some(built),
            ),
        },
        (Some(_), Query::Done(Err(err))) => (Made::Failed(err.to_string()), None),
        (Some(_), _) => (Made::Pending, None),
    };

    let assertion_claims = claims(draft, &key, alg, build_assertion);
    let assertion = use_signed(&key, alg, &assertion_claims);
    let launch_claims = claims(draft, &key, alg, build_launch);
    let launch = use_signed(&key, alg, &launch_claims);

    let recipient = draft.get(WorkshopField::ModuleEncKey);
    let jwe_alg = jwe_alg_for(&recipient);
    let encrypt_request = (draft.encrypt_launch && !recipient.trim().is_empty())
        .then(|| launch.ready().map(str::to_owned))
        .flatten()
        .map(|plaintext| EncryptRequest {
            plaintext,
            recipient: recipient.clone(),
            alg: jwe_alg.to_owned(),
            enc: "A256GCM".to_owned(),
            nested: true,
        });
    let encrypted = use_engine_query(
        encrypt_request,
        |request| request.clone().map(Request::Encrypt),
        |response| match response {
            Response::Encrypted(encrypted) => Some(encrypted.token),
            _ => None,
        },
    );
    let encrypted_launch = draft.encrypt_launch.then(|| {
        let waiting = if recipient.trim().is_empty() {
            Some("Paste the module's public encryption key (its JWKS or a JWK with use \"enc\").".to_owned())
        } else if launch.ready().is_none() {
            Some("Sign the launch first.".to_owned())
        } else {
            None
        };
        Made::from_query(encrypted, waiting)
    });

    Artifacts {
        key,
        alg,
        jwks,
        jwks_built,
        assertion_claims: assertion_claims.as_ref().ok().cloned(),
        assertion,
        launch_claims: launch_claims.as_ref().ok().cloned(),
        launch,
        encrypted_launch,
        jwe_alg,
    }
}

const NO_KEY: &str = "Generate or import a key in step 1 first.";

/// Claims made by a template, or why they cannot be made yet.
type Claims = Result<(serde_json::Map<String, Value>, Value), String>;

fn claims(
    draft: &WorkshopDraft,
    key: &Option<KeyInfo>,
    alg: Option<JwsAlgorithm>,
    build: fn(&WorkshopDraft, &str, JwsAlgorithm) -> Claims,
) -> Claims {
    let (Some(key), Some(alg)) = (key, alg) else {
        return Err(NO_KEY.to_owned());
    };
    build(draft, key.kid(), alg)
}

/// Signs the claims in the worker with the workshop key; re-signs when they change.
#[hook]
fn use_signed(key: &Option<KeyInfo>, alg: Option<JwsAlgorithm>, claims: &Claims) -> Made {
    let request = match (key, alg, claims) {
        (Some(key), Some(alg), Ok((header, payload))) => Some(SignRequest {
            header: Value::Object(header.clone()).to_string(),
            payload: payload.to_string(),
            alg,
            key: KeySource::Keyring(key.id),
        }),
        _ => None,
    };
    let signed = use_engine_query(
        request,
        |request| request.clone().map(Request::Sign),
        |response| match response {
            Response::Signed(signed) => Some(signed.token),
            _ => None,
        },
    );
    Made::from_query(signed, claims.as_ref().err().cloned())
}

fn with_payload(header: Value, payload: Value) -> Claims {
    match header {
        Value::Object(header) => Ok((header, payload)),
        _ => Err("the template made a header that is not a JSON object".to_owned()),
    }
}

fn fresh(draft: &WorkshopDraft) -> Result<(i64, String, String), String> {
    draft
        .fresh
        .as_ref()
        .map(|fresh| (fresh.now, fresh.assertion_jti.clone(), fresh.launch_jti.clone()))
        .ok_or_else(|| "Starting…".to_owned())
}

fn build_assertion(draft: &WorkshopDraft, kid: &str, alg: JwsAlgorithm) -> Claims {
    let (now, jti, _) = fresh(draft)?;
    let form = ClientAssertionForm {
        client_id: draft.get(WorkshopField::ClientId),
        token_endpoint: draft.get(WorkshopField::TokenEndpoint),
        scope: draft.get(WorkshopField::Scope),
        lifetime_secs: MAX_LIFETIME_SECS,
        kid: kid.to_owned(),
        alg,
    };
    let (header, payload) = form.build_with_jti(now, &jti).map_err(|err| err.to_string())?;
    with_payload(header, payload)
}

fn build_launch(draft: &WorkshopDraft, kid: &str, alg: JwsAlgorithm) -> Claims {
    let (now, _, jti) = fresh(draft)?;
    let form = HtiLaunchForm {
        portal_client_id: draft.get(WorkshopField::ClientId),
        module_device_id: draft.get(WorkshopField::ModuleDeviceId),
        sub: draft.get(WorkshopField::Sub),
        task_id: draft.get(WorkshopField::TaskId),
        activity_definition: draft.get(WorkshopField::Definition),
        patient: String::new(),
        intent: String::new(),
        fhir_base_url: draft.get(WorkshopField::FhirBaseUrl),
        kid: kid.to_owned(),
        alg,
        lifetime_secs: MAX_LIFETIME_SECS,
    };
    let (header, payload) = form.build_with_jti(now, &jti).map_err(|err| err.to_string())?;
    with_payload(header, payload)
}

/// The JWKS of the workshop key: its public JWK with `use: sig`, `alg`, and its own `kid` (the
/// RFC 7638 thumbprint for a generated key), the one its tokens carry.
fn jwks_request(key: &KeyInfo, alg: Option<JwsAlgorithm>) -> Option<BuildJwksRequest> {
    let jwk: Value = serde_json::from_str(key.public_jwk.as_deref()?).ok()?;
    Some(BuildJwksRequest {
        entries: vec![JwksEntryRequest {
            jwk,
            kid: key.kid.clone(),
            kid_edited: true,
            key_use: "sig".to_owned(),
            alg: alg.map(|alg| alg.name().to_owned()).unwrap_or_default(),
        }],
        strategy: KidStrategy::Custom,
    })
}

/// The JWE `alg` for the module's key: ECDH-ES+A256KW for an EC or OKP JWK, else RSA-OAEP-256
/// (a PEM is taken as RSA; the worker says so if it is not).
fn jwe_alg_for(recipient: &str) -> &'static str {
    let kty = serde_json::from_str::<Value>(recipient.trim()).ok().and_then(|value| {
        let key = value
            .get("keys")
            .and_then(Value::as_array)
            .and_then(|keys| keys.first().cloned())
            .unwrap_or(value);
        key.get("kty").and_then(Value::as_str).map(str::to_owned)
    });
    match kty.as_deref() {
        Some("EC" | "OKP") => "ECDH-ES+A256KW",
        _ => "RSA-OAEP-256",
    }
}
