//! Step 5, the portal's path: sign an HTI launch for a module, wrap it in the launch form, and
//! optionally encrypt it for the module (HTI:jwe).

use yew::prelude::*;

use super::artifacts::Made;
use super::artifacts::ArtifactsProps;
use super::widgets::{artifact, input, made, step_card};
use crate::app::state::{use_app_state, Action};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopField};
use jose::profiles::templates::hti_launch_form_html;

/// Step 5: the signed launch, the auto-submitting form, and the encrypted variant.
#[function_component(HtiSendStep)]
pub fn hti_send_step(props: &ArtifactsProps) -> Html {
    let state = use_app_state();
    let draft = &state.workshop;
    let artifacts = &props.artifacts;
    // With encryption on, the form carries the JWE, never the signed token in the clear.
    let sent: Option<&str> = match &artifacts.encrypted_launch {
        Some(made) => made.ready(),
        None => artifacts.launch.ready(),
    };
    let done = sent.is_some();
    let ontoggle = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.dispatch(Action::Workshop(WorkshopAction::EncryptLaunch(input.checked())));
        })
    };
    html! {
        { step_card(Step::HtiSend, done, html! { <>
            <p>{"The launch token tells the module who is launching (sub), which task (resource, definition) and that it is meant for this module (aud = its Device). It lives 5 minutes and carries a fresh jti."}</p>
            <div class="field-row">
                { input(&state, WorkshopField::ModuleDeviceId) }
                { input(&state, WorkshopField::TaskId) }
                { input(&state, WorkshopField::Definition) }
                { input(&state, WorkshopField::Sub) }
                { input(&state, WorkshopField::LaunchUrl) }
            </div>
            { made(&artifacts.launch, "workshop-launch", "Signed HTI launch token") }
            <label class="inline-check">
                <input type="checkbox" data-testid="workshop-encrypt-toggle" checked={draft.encrypt_launch} onchange={ontoggle} />
                {" Encrypt the launch for the module (HTI:jwe)"}
            </label>
            if let Some(encrypted) = &artifacts.encrypted_launch {
                { input(&state, WorkshopField::ModuleEncKey) }
                <p class="hint">{format!("Encrypted with {} + A256GCM as a nested JWT (cty JWT), the module's kid in the JWE header.", artifacts.jwe_alg)}</p>
                { made(encrypted, "workshop-encrypted-launch", "Encrypted launch (JWE)") }
            }
            if let Some(token) = sent {
                { artifact("workshop-launch-form", if matches!(artifacts.encrypted_launch, Some(Made::Ready(_))) { "Launch form (posts the encrypted launch)" } else { "Launch form (posts the signed launch)" }, hti_launch_form_html(&draft.get(WorkshopField::LaunchUrl), token, &draft.get(WorkshopField::FhirBaseUrl))) }
            }
        </> }) }
    }
}
