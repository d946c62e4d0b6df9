//! The downloads: the workshop kit (public artifacts, Markdown) and, separately and only when
//! asked for by name, the private key.

use yew::prelude::*;

use super::artifacts::{Artifacts, ArtifactsProps};
use super::module::launch_in_use;
use crate::app::browser;
use crate::app::components::{DownloadButton, ErrorMessage};
use crate::app::engine::use_engine;
use crate::app::state::use_app_state;
use crate::app::workshop::kit::WorkshopKit;
use crate::app::workshop::{WorkshopDraft, WorkshopField};
use crate::worker::protocol::{Request, Response};
use jose::pkce::CodeVerifier;
use jose::profiles::requests::{
    authorization_code_curl, introspection_curl, jwks_check_curl, AuthorizeRequest,
};
use jose::profiles::templates::token_request_curl;


/// The kit download and the private key download.
#[function_component(KitCard)]
pub fn kit_card(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let engine = use_engine();
    let error = use_state(|| None::<AttrValue>);
    let kit = kit(&state.workshop, &props.artifacts).markdown();
    let key = props.artifacts.key.clone();
    let onprivate = {
        let error = error.clone();
        let key = key.clone();
        Callback::from(move |_| {
            let Some(key) = key.clone() else { return };
            let error = error.clone();
            let answer = engine.call(Request::ExportPrivate { id: key.id });
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match answer.await {
                    Ok(Response::Exported(exports)) => exports
                        .pkcs8_pem
                        .ok_or_else(|| "this key has no PKCS#8 form".to_owned())
                        .and_then(|pem| {
                            let name = format!("{}-private-key.pem", key.kid());
                            browser::download(&name, "application/x-pem-file", &pem)
                        }),
                    Ok(_) => Err("unexpected answer".to_owned()),
                    Err(err) => Err(err.to_string()),
                };
                error.set(outcome.err().map(|why| format!("The private key download failed: {why}").into()));
            });
        })
    };
    html! {
        <div class="card-actions workshop-kit">
            <DownloadButton content={kit} filename="koppeltaal-workshop-kit.md" mime="text/markdown"
                testid="workshop-kit-download" label="Download the workshop kit (public artifacts, Markdown)" />
            <button type="button" class="button ghost small" data-testid="workshop-private-key-download"
                disabled={key.is_none()} onclick={onprivate}
                title="A separate file: keep it secret, never publish or commit it">
                {"Download my private key (PKCS#8 PEM)"}
            </button>
            <ErrorMessage testid="workshop-private-key-error" message={(*error).clone()} />
        </div>
    }
}

/// The kit from the draft and what was made: public values only.
fn kit(draft: &WorkshopDraft, artifacts: &Artifacts) -> WorkshopKit {
    let kid = artifacts.key.as_ref().map(|key| key.kid().to_owned());
    let assertion = artifacts.assertion.ready();
    let verifier = CodeVerifier::parse(&draft.get(WorkshopField::PkceVerifier)).ok();
    let (launch, _) = launch_in_use(draft, artifacts);
    let token_endpoint = draft.get(WorkshopField::TokenEndpoint);
    let authorize_url = verifier.as_ref().filter(|_| !launch.is_empty()).map(|verifier| {
        AuthorizeRequest {
            authorize_endpoint: draft.get(WorkshopField::AuthorizeEndpoint),
            client_id: draft.get(WorkshopField::ClientId),
            redirect_uri: draft.get(WorkshopField::RedirectUri),
            state: draft.get(WorkshopField::State),
            aud: draft.get(WorkshopField::FhirBaseUrl),
            launch: launch.clone(),
            code_challenge: verifier.challenge_s256(),
            nonce: draft.get(WorkshopField::Nonce),
        }
        .url()
    });
    WorkshopKit {
        client_id: draft.get(WorkshopField::ClientId),
        kid: kid.clone(),
        alg: artifacts.alg.map(|alg| alg.name().to_owned()),
        jwks_url: draft.get(WorkshopField::JwksUrl),
        jwks: artifacts.jwks.ready().map(str::to_owned),
        jwks_check_curl: kid.map(|kid| jwks_check_curl(&draft.get(WorkshopField::JwksUrl), &kid)),
        token_request_curl: assertion
            .map(|assertion| token_request_curl(&token_endpoint, assertion, &draft.get(WorkshopField::Scope))),
        authorize_url,
        code_exchange_curl: verifier.as_ref().zip(assertion).map(|(verifier, assertion)| {
            authorization_code_curl(
                &token_endpoint,
                "<code from the redirect>",
                &draft.get(WorkshopField::RedirectUri),
                verifier.as_str(),
                assertion,
            )
        }),
        introspection_curl: assertion.filter(|_| !launch.is_empty()).map(|assertion| {
            introspection_curl(&draft.get(WorkshopField::IntrospectionEndpoint), &launch, assertion)
        }),
        pkce_challenge: verifier.map(|verifier| verifier.challenge_s256()),
    }
}
