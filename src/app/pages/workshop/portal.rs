//! Step 5, the portal's path: sign an HTI launch for a module, wrap it in the launch form, and
//! optionally encrypt it for the module (HTI:jwe).

use yew::prelude::*;

use super::artifacts::Made;
use super::client::MadeBlock;
use super::keypair::ArtifactsProps;
use super::widgets::{ArtifactBlock, StepCard, WorkshopInput};
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
        <StepCard step={Step::HtiSend} {done}>
            <p>{"The launch token tells the module who is launching (sub), which task (resource, definition) and that it is meant for this module (aud = its Device). It lives 5 minutes and carries a fresh jti."}</p>
            <div class="field-row">
                <WorkshopInput field={WorkshopField::ModuleDeviceId} />
                <WorkshopInput field={WorkshopField::TaskId} />
                <WorkshopInput field={WorkshopField::Definition} />
                <WorkshopInput field={WorkshopField::Sub} />
                <WorkshopInput field={WorkshopField::LaunchUrl} />
            </div>
            <MadeBlock made={artifacts.launch.clone()} testid="workshop-launch" label="Signed HTI launch token" />
            <label class="inline-check">
                <input type="checkbox" data-testid="workshop-encrypt-toggle" checked={draft.encrypt_launch} onchange={ontoggle} />
                {" Encrypt the launch for the module (HTI:jwe)"}
            </label>
            if let Some(encrypted) = &artifacts.encrypted_launch {
                <WorkshopInput field={WorkshopField::ModuleEncKey} />
                <p class="hint">{format!("Encrypted with {} + A256GCM as a nested JWT (cty JWT), the module's kid in the JWE header.", artifacts.jwe_alg)}</p>
                <MadeBlock made={encrypted.clone()} testid="workshop-encrypted-launch" label="Encrypted launch (JWE)" />
            }
            if let Some(token) = sent {
                <ArtifactBlock testid="workshop-launch-form"
                    label={if matches!(artifacts.encrypted_launch, Some(Made::Ready(_))) { "Launch form (posts the encrypted launch)" } else { "Launch form (posts the signed launch)" }}
                    text={hti_launch_form_html(&draft.get(WorkshopField::LaunchUrl), token, &draft.get(WorkshopField::FhirBaseUrl))} />
            }
        </StepCard>
    }
}
