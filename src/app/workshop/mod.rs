//! Workshop mode's draft: the values of the guided path (`#/workshop`), as typed, and the fresh
//! values (times, token ids, PKCE verifier, `state`) drawn for it.
//!
//! Pure data and a pure [`WorkshopDraft::apply`]: randomness and the clock arrive inside the
//! actions, so the reducer stays a function. The page derives every artifact (JWKS, signed
//! tokens, curl commands) from this draft and the keyring; nothing here holds a private key.
//!
//! - [`steps`]: the eight steps, what each proves and where the dev guide describes it.
//! - [`kit`]: the Markdown "workshop kit" of public artifacts.

pub mod kit;
pub mod steps;

use crate::worker::protocol::KeyId;

/// Where the example values come from: the Koppeltaal hackathon dev guide's POC environment.
const EXAMPLE_AUTH: &str = "https://authentication-service.koppeltaal.headease.nl";

/// One input of the workshop: which value it sets, its `data-testid`, its label, and the
/// example it starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkshopField {
    /// My application's client_id (its Device id in Domain Management).
    ClientId,
    /// Where my JWKS is hosted.
    JwksUrl,
    /// The JWKS as the hosted URL returns it, pasted back.
    HostedJwks,
    /// The auth server's `iss`.
    AuthIssuer,
    /// The auth server's token endpoint.
    TokenEndpoint,
    /// The auth server's authorize endpoint (SHOF).
    AuthorizeEndpoint,
    /// The auth server's introspection endpoint (TOP-KT-021).
    IntrospectionEndpoint,
    /// The FHIR server's base URL (the launch form's `iss`, SHOF's `aud`).
    FhirBaseUrl,
    /// The scope to ask for (Koppeltaal sets it from the role; may stay empty).
    Scope,
    /// The token endpoint's response, pasted.
    TokenResponse,
    /// The auth server's JWKS, pasted (to verify its tokens).
    AuthJwks,
    /// Portal: the module's Device id (the launch's `aud`).
    ModuleDeviceId,
    /// Portal: the Task to launch.
    TaskId,
    /// Portal: the ActivityDefinition.
    Definition,
    /// Portal: the launching user.
    Sub,
    /// Portal: the module's launch URL (the form's action).
    LaunchUrl,
    /// Portal: the module's public encryption key (HTI:jwe), pasted.
    ModuleEncKey,
    /// Module: what was POSTed to the launch URL (form body or token), pasted.
    Received,
    /// Module: the portal's JWKS, pasted.
    PortalJwks,
    /// Module: my own Device id (the launch's expected `aud`).
    MyDeviceId,
    /// SHOF: where the auth server sends the browser back.
    RedirectUri,
    /// SHOF: the PKCE code verifier.
    PkceVerifier,
    /// SHOF: the CSRF `state`.
    State,
    /// SHOF: the OpenID Connect nonce the id_token must carry back.
    Nonce,
    /// SHOF: the redirect back (`…?code=…&state=…`), pasted.
    RedirectBack,
    /// SHOF: the token endpoint's response to the code exchange, pasted.
    ShofResponse,
    /// Introspection: the answer, pasted.
    IntrospectionResponse,
}

impl WorkshopField {
    /// Every field, in the order of the steps.
    pub const ALL: [WorkshopField; 27] = [
        WorkshopField::ClientId,
        WorkshopField::JwksUrl,
        WorkshopField::HostedJwks,
        WorkshopField::AuthIssuer,
        WorkshopField::TokenEndpoint,
        WorkshopField::AuthorizeEndpoint,
        WorkshopField::IntrospectionEndpoint,
        WorkshopField::FhirBaseUrl,
        WorkshopField::Scope,
        WorkshopField::TokenResponse,
        WorkshopField::AuthJwks,
        WorkshopField::ModuleDeviceId,
        WorkshopField::TaskId,
        WorkshopField::Definition,
        WorkshopField::Sub,
        WorkshopField::LaunchUrl,
        WorkshopField::ModuleEncKey,
        WorkshopField::Received,
        WorkshopField::PortalJwks,
        WorkshopField::MyDeviceId,
        WorkshopField::RedirectUri,
        WorkshopField::PkceVerifier,
        WorkshopField::State,
        WorkshopField::Nonce,
        WorkshopField::RedirectBack,
        WorkshopField::ShofResponse,
        WorkshopField::IntrospectionResponse,
    ];

    /// The input's `data-testid` (also its element id).
    pub fn testid(self) -> &'static str {
        match self {
            WorkshopField::ClientId => "workshop-client-id",
            WorkshopField::JwksUrl => "workshop-jwks-url",
            WorkshopField::HostedJwks => "workshop-hosted-jwks",
            WorkshopField::AuthIssuer => "workshop-auth-issuer",
            WorkshopField::TokenEndpoint => "workshop-token-endpoint",
            WorkshopField::AuthorizeEndpoint => "workshop-authorize-endpoint",
            WorkshopField::IntrospectionEndpoint => "workshop-introspection-endpoint",
            WorkshopField::FhirBaseUrl => "workshop-fhir-base-url",
            WorkshopField::Scope => "workshop-scope",
            WorkshopField::TokenResponse => "workshop-token-response",
            WorkshopField::AuthJwks => "workshop-auth-jwks",
            WorkshopField::ModuleDeviceId => "workshop-module-device-id",
            WorkshopField::TaskId => "workshop-task-id",
            WorkshopField::Definition => "workshop-definition",
            WorkshopField::Sub => "workshop-sub",
            WorkshopField::LaunchUrl => "workshop-launch-url",
            WorkshopField::ModuleEncKey => "workshop-module-enc-key",
            WorkshopField::Received => "workshop-received",
            WorkshopField::PortalJwks => "workshop-portal-jwks",
            WorkshopField::MyDeviceId => "workshop-my-device-id",
            WorkshopField::RedirectUri => "workshop-redirect-uri",
            WorkshopField::PkceVerifier => "pkce-verifier",
            WorkshopField::State => "workshop-state",
            WorkshopField::Nonce => "workshop-nonce",
            WorkshopField::RedirectBack => "workshop-redirect-back",
            WorkshopField::ShofResponse => "workshop-shof-response",
            WorkshopField::IntrospectionResponse => "workshop-introspection-response",
        }
    }

    /// The label the person reads.
    pub fn label(self) -> &'static str {
        match self {
            WorkshopField::ClientId => "My client_id (the Device id of my application in Domain Management)",
            WorkshopField::JwksUrl => "Where my JWKS is hosted (HTTPS URL)",
            WorkshopField::HostedJwks => "Paste what that URL returns, to check it",
            WorkshopField::AuthIssuer => "Auth server issuer (iss of its tokens)",
            WorkshopField::TokenEndpoint => "Token endpoint",
            WorkshopField::AuthorizeEndpoint => "Authorize endpoint",
            WorkshopField::IntrospectionEndpoint => "Introspection endpoint",
            WorkshopField::FhirBaseUrl => "FHIR server base URL",
            WorkshopField::Scope => "Scope (Koppeltaal sets it from your role; may stay empty)",
            WorkshopField::TokenResponse => "Paste the token endpoint's response",
            WorkshopField::AuthJwks => "The auth server's JWKS (to verify its signature)",
            WorkshopField::ModuleDeviceId => "The module's Device id (becomes aud)",
            WorkshopField::TaskId => "Task (becomes resource)",
            WorkshopField::Definition => "ActivityDefinition (becomes definition)",
            WorkshopField::Sub => "The launching user (sub)",
            WorkshopField::LaunchUrl => "The module's launch URL",
            WorkshopField::ModuleEncKey => "The module's public encryption key (JWK, JWKS or PEM), for HTI:jwe",
            WorkshopField::Received => "Paste what the portal POSTed: the form body or the token",
            WorkshopField::PortalJwks => "The portal's JWKS",
            WorkshopField::MyDeviceId => "My Device id (the aud I expect)",
            WorkshopField::RedirectUri => "My redirect_uri",
            WorkshopField::PkceVerifier => "PKCE code_verifier",
            WorkshopField::State => "state",
            WorkshopField::Nonce => "nonce (OpenID Connect: the id_token must carry it back)",
            WorkshopField::RedirectBack => "Paste the URL the auth server redirected to (…?code=…&state=…)",
            WorkshopField::ShofResponse => "Paste the token endpoint's response to the code exchange",
            WorkshopField::IntrospectionResponse => "Paste the introspection response",
        }
    }

    /// True for pasted blocks (a textarea), false for one-line values.
    pub fn multiline(self) -> bool {
        matches!(
            self,
            WorkshopField::HostedJwks
                | WorkshopField::TokenResponse
                | WorkshopField::AuthJwks
                | WorkshopField::ModuleEncKey
                | WorkshopField::Received
                | WorkshopField::PortalJwks
                | WorkshopField::ShofResponse
                | WorkshopField::IntrospectionResponse
        )
    }

    /// The value the field starts with: an example to edit, or empty for what only the person
    /// can paste. Drawn values ([`ShofSecrets`]) fill the PKCE verifier, `state` and nonce.
    pub fn example(self) -> String {
        let auth = |path: &str| format!("{EXAMPLE_AUTH}{path}");
        match self {
            WorkshopField::ClientId => "my-application-device-id".to_owned(),
            WorkshopField::JwksUrl => "https://my-application.example/keys/koppeltaal-jwks.json".to_owned(),
            WorkshopField::AuthIssuer => auth("/"),
            WorkshopField::TokenEndpoint => auth("/oauth2/token"),
            WorkshopField::AuthorizeEndpoint => auth("/oauth2/authorize"),
            WorkshopField::IntrospectionEndpoint => auth("/oauth2/introspect"),
            WorkshopField::FhirBaseUrl => "https://hapi-fhir-server.koppeltaal.headease.nl/fhir".to_owned(),
            WorkshopField::ModuleDeviceId => "Device/example-module".to_owned(),
            WorkshopField::TaskId => "Task/example-task".to_owned(),
            WorkshopField::Definition => "ActivityDefinition/example-activity".to_owned(),
            WorkshopField::Sub => "Patient/example-patient".to_owned(),
            WorkshopField::LaunchUrl => "https://module.example/launch".to_owned(),
            WorkshopField::MyDeviceId => "Device/example-module".to_owned(),
            WorkshopField::RedirectUri => "https://module.example/shof/callback".to_owned(),
            WorkshopField::HostedJwks
            | WorkshopField::Scope
            | WorkshopField::TokenResponse
            | WorkshopField::AuthJwks
            | WorkshopField::ModuleEncKey
            | WorkshopField::Received
            | WorkshopField::PortalJwks
            | WorkshopField::PkceVerifier
            | WorkshopField::State
            | WorkshopField::Nonce
            | WorkshopField::RedirectBack
            | WorkshopField::ShofResponse
            | WorkshopField::IntrospectionResponse => String::new(),
        }
    }
}

/// Values drawn fresh by the page (clock and RNG), handed to the reducer inside an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreshValues {
    /// Unix seconds: the `iat` of the tokens the workshop signs.
    pub now: i64,
    /// The client assertion's `jti`.
    pub assertion_jti: String,
    /// The HTI launch's `jti`.
    pub launch_jti: String,
}

/// The workshop's inputs and fresh values, kept in the app state so leaving the view and coming
/// back loses nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkshopDraft {
    /// The values as typed, by field; a field not in the map still holds its example.
    values: std::collections::HashMap<WorkshopField, String>,
    /// The keyring key the workshop signs with.
    pub key_id: Option<KeyId>,
    /// The `kid` of [`Self::key_id`], kept to say what changed when the key changes.
    current_kid: Option<String>,
    /// The last key change after the first choice, until the person dismisses the note.
    pub key_changed: Option<KeyChange>,
    /// `iat` and `jti`s of the signed tokens; `None` until the page first draws them.
    pub fresh: Option<FreshValues>,
    /// Sign the launch as a JWE for the module too (HTI:jwe).
    pub encrypt_launch: bool,
}

/// The key was changed after the workshop had one: from which `kid` to which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyChange {
    /// The kid before.
    pub from: String,
    /// The kid now.
    pub to: String,
}

/// How the workshop draft changes.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkshopAction {
    /// A value was typed.
    Set(WorkshopField, String),
    /// Put a field back to its example.
    Reset(WorkshopField),
    /// Use this keyring key (with its `kid`) from now on.
    UseKey(KeyId, String),
    /// The person read the "key changed" note.
    DismissKeyChange,
    /// New `iat` and `jti`s: re-make the signed tokens (also the first draw).
    Refresh(FreshValues),
    /// The first visit: fresh values, plus a PKCE verifier, `state` and nonce unless already
    /// typed.
    Start {
        /// Times and token ids.
        fresh: FreshValues,
        /// The SHOF values drawn for the person.
        shof: ShofSecrets,
    },
    /// Encrypt the launch for the module (HTI:jwe) or not.
    EncryptLaunch(bool),
    /// Replace the PKCE verifier, `state` and nonce with new ones.
    NewShofSecrets(ShofSecrets),
}

/// The per-launch values a SHOF client draws: never reused across launches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShofSecrets {
    /// A PKCE code verifier (RFC 7636).
    pub verifier: String,
    /// The CSRF `state`.
    pub state: String,
    /// The OpenID Connect nonce the id_token must carry back.
    pub nonce: String,
}

impl ShofSecrets {
    fn fields(self) -> [(WorkshopField, String); 3] {
        [
            (WorkshopField::PkceVerifier, self.verifier),
            (WorkshopField::State, self.state),
            (WorkshopField::Nonce, self.nonce),
        ]
    }
}

impl WorkshopDraft {
    /// The field's value: as typed, else its example.
    pub fn get(&self, field: WorkshopField) -> String {
        self.values
            .get(&field)
            .cloned()
            .unwrap_or_else(|| field.example())
    }

    /// True while the field still holds its example (shown as "example" next to it).
    pub fn is_example(&self, field: WorkshopField) -> bool {
        !field.example().is_empty() && self.get(field) == field.example()
    }

    /// True once [`WorkshopAction::Start`] ran.
    pub fn started(&self) -> bool {
        self.fresh.is_some()
    }

    /// Applies one change.
    pub fn apply(&mut self, action: WorkshopAction) {
        match action {
            WorkshopAction::Set(field, value) => {
                self.values.insert(field, value);
            }
            WorkshopAction::Reset(field) => {
                self.values.remove(&field);
            }
            WorkshopAction::UseKey(id, kid) => {
                if self.key_id == Some(id) {
                    return;
                }
                self.key_changed = match (&self.key_id, &self.key_changed) {
                    // Only a change after a first choice is news; the first key is the start.
                    (Some(_), _) => Some(KeyChange {
                        from: self.current_kid.clone().unwrap_or_default(),
                        to: kid.clone(),
                    }),
                    (None, previous) => previous.clone(),
                };
                self.key_id = Some(id);
                self.current_kid = Some(kid);
            }
            WorkshopAction::DismissKeyChange => self.key_changed = None,
            WorkshopAction::Refresh(fresh) => self.fresh = Some(fresh),
            WorkshopAction::Start { fresh, shof } => {
                if self.fresh.is_none() {
                    self.fresh = Some(fresh);
                }
                for (field, value) in shof.fields() {
                    self.values.entry(field).or_insert(value);
                }
            }
            WorkshopAction::NewShofSecrets(shof) => {
                for (field, value) in shof.fields() {
                    self.values.insert(field, value);
                }
            }
            WorkshopAction::EncryptLaunch(on) => self.encrypt_launch = on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh(now: i64) -> FreshValues {
        FreshValues {
            now,
            assertion_jti: format!("a-{now}"),
            launch_jti: format!("l-{now}"),
        }
    }

    fn secrets(verifier: &str, state: &str) -> ShofSecrets {
        ShofSecrets {
            verifier: verifier.repeat(43),
            state: state.to_owned(),
            nonce: format!("nonce-{state}"),
        }
    }

    #[test]
    fn a_field_holds_its_example_until_typed_and_reset_brings_it_back() {
        let mut draft = WorkshopDraft::default();
        assert!(draft.is_example(WorkshopField::ClientId));
        draft.apply(WorkshopAction::Set(WorkshopField::ClientId, "mine".to_owned()));
        assert_eq!(draft.get(WorkshopField::ClientId), "mine");
        assert!(!draft.is_example(WorkshopField::ClientId));
        draft.apply(WorkshopAction::Reset(WorkshopField::ClientId));
        assert_eq!(draft.get(WorkshopField::ClientId), WorkshopField::ClientId.example());
    }

    #[test]
    fn a_pasted_field_is_never_an_example() {
        let draft = WorkshopDraft::default();
        assert!(!draft.is_example(WorkshopField::TokenResponse));
        assert_eq!(draft.get(WorkshopField::TokenResponse), "");
    }

    #[test]
    fn the_first_key_is_the_start_and_a_second_one_is_a_change() {
        let mut draft = WorkshopDraft::default();
        draft.apply(WorkshopAction::UseKey(1, "kid-1".to_owned()));
        assert_eq!(draft.key_changed, None);
        draft.apply(WorkshopAction::UseKey(1, "kid-1".to_owned()));
        assert_eq!(draft.key_changed, None, "the same key again is no change");
        draft.apply(WorkshopAction::UseKey(2, "kid-2".to_owned()));
        assert_eq!(
            draft.key_changed,
            Some(KeyChange { from: "kid-1".to_owned(), to: "kid-2".to_owned() })
        );
        draft.apply(WorkshopAction::DismissKeyChange);
        assert_eq!(draft.key_changed, None);
        assert_eq!(draft.key_id, Some(2));
    }

    #[test]
    fn start_draws_once_and_keeps_what_was_typed() {
        let mut draft = WorkshopDraft::default();
        draft.apply(WorkshopAction::Set(WorkshopField::State, "typed".to_owned()));
        draft.apply(WorkshopAction::Start { fresh: fresh(100), shof: secrets("v", "drawn") });
        assert_eq!(draft.get(WorkshopField::State), "typed");
        assert_eq!(draft.get(WorkshopField::PkceVerifier), "v".repeat(43));
        draft.apply(WorkshopAction::Start { fresh: fresh(200), shof: secrets("w", "again") });
        assert_eq!(draft.fresh, Some(fresh(100)), "a second start changes nothing");
        draft.apply(WorkshopAction::Refresh(fresh(300)));
        assert_eq!(draft.fresh, Some(fresh(300)));
    }

    #[test]
    fn new_shof_secrets_replace_even_typed_ones() {
        let mut draft = WorkshopDraft::default();
        draft.apply(WorkshopAction::Set(WorkshopField::Nonce, "typed".to_owned()));
        draft.apply(WorkshopAction::NewShofSecrets(secrets("x", "s2")));
        assert_eq!(draft.get(WorkshopField::Nonce), "nonce-s2");
        assert_eq!(draft.get(WorkshopField::State), "s2");
    }

    #[test]
    fn every_field_has_its_own_testid() {
        let mut ids: Vec<&str> = WorkshopField::ALL.iter().map(|field| field.testid()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), WorkshopField::ALL.len());
    }
}
