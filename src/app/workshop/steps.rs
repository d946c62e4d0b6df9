//! The eight steps of the workshop path, in order: their ids (`data-step`), titles, what each
//! proves and where the Koppeltaal texts describe it. One list, read by the page and the kit.

/// One step of `#/workshop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Generate or import the key pair.
    Keypair,
    /// Build and publish the JWKS.
    Jwks,
    /// Sign a client assertion.
    ClientAssertion,
    /// Get an access token with it.
    TokenRequest,
    /// Portal: sign and send an HTI launch.
    HtiSend,
    /// Module: judge a received launch.
    HtiReceive,
    /// Module: the SMART-HTI-on-FHIR launch (PKCE, authorize, code exchange, id_token).
    Shof,
    /// Module: ask the auth server about a received token (TOP-KT-021).
    Introspection,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 8] = [
        Step::Keypair,
        Step::Jwks,
        Step::ClientAssertion,
        Step::TokenRequest,
        Step::HtiSend,
        Step::HtiReceive,
        Step::Shof,
        Step::Introspection,
    ];

    /// The `data-step` id.
    pub fn id(self) -> &'static str {
        match self {
            Step::Keypair => "keypair",
            Step::Jwks => "jwks",
            Step::ClientAssertion => "client-assertion",
            Step::TokenRequest => "token-request",
            Step::HtiSend => "hti-send",
            Step::HtiReceive => "hti-receive",
            Step::Shof => "shof",
            Step::Introspection => "introspection",
        }
    }

    /// The card's title.
    pub fn title(self) -> &'static str {
        match self {
            Step::Keypair => "Your key pair",
            Step::Jwks => "Publish your public key as a JWKS",
            Step::ClientAssertion => "Sign a client assertion",
            Step::TokenRequest => "Get an access token",
            Step::HtiSend => "Portal: send an HTI launch",
            Step::HtiReceive => "Module: receive an HTI launch",
            Step::Shof => "Module: SMART-HTI-on-FHIR (SHOF) launch",
            Step::Introspection => "Module: introspect a received token",
        }
    }

    /// What the step proves once it is done.
    pub fn proves(self) -> &'static str {
        match self {
            Step::Keypair => "You hold an asymmetric key pair (Koppeltaal never uses shared secrets). The private half stays in this tab.",
            Step::Jwks => "Receivers can find your public key by its kid: the auth server, modules you launch and portals that launch you.",
            Step::ClientAssertion => "You can prove who you are to the auth server without a password: a short-lived JWT signed with your key.",
            Step::TokenRequest => "The auth server trusts your key and client_id: it answered with an access token for the FHIR server.",
            Step::HtiSend => "A module can start your user's task: the launch token says who (sub), what (resource, definition) and for whom (aud).",
            Step::HtiReceive => "You accept only launches that are signed by a portal you trust, meant for you, fresh and complete.",
            Step::Shof => "The user in the browser is the one the launch was for: the auth server logs them in and returns an id_token with the launch context.",
            Step::Introspection => "The auth server itself vouches for a token you received, instead of you checking its signature.",
        }
    }

    /// Where the Koppeltaal texts describe the step.
    pub fn reference(self) -> &'static str {
        match self {
            Step::Keypair => "Dev guide: Signing the JWT (asymmetric keys: RS*/ES*, never HS*)",
            Step::Jwks => "TOP-KT-020 Exchange of public keys (JWKS); dev guide: Signing the JWT",
            Step::ClientAssertion => "TOP-KT-005c; dev guide: Access to Koppeltaal, 1. JWT creation; SMART Backend Services",
            Step::TokenRequest => "Dev guide: Access to Koppeltaal, 2. token request; SMART Backend Services",
            Step::HtiSend => "TOP-KT-007 Koppeltaal launch; HTI 2.0",
            Step::HtiReceive => "TOP-KT-007 Koppeltaal launch; HTI 2.0 (validation by the module)",
            Step::Shof => "Dev guide: Receiving a SHOF launch; RFC 7636 (PKCE)",
            Step::Introspection => "TOP-KT-021 Token introspection",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_are_the_eight_of_the_issue_in_order() {
        let ids: Vec<&str> = Step::ALL.iter().map(|step| step.id()).collect();
        assert_eq!(
            ids,
            ["keypair", "jwks", "client-assertion", "token-request", "hti-send", "hti-receive", "shof", "introspection"]
        );
    }

    #[test]
    fn every_step_says_what_it_proves_and_where_it_is_described() {
        for step in Step::ALL {
            assert!(!step.title().is_empty() && !step.proves().is_empty() && !step.reference().is_empty());
        }
    }
}
