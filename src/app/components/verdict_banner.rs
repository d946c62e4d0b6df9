//! The receiver's verdict at the top of the Decoder: accept, reject or incomplete, why, and what
//! is missing. Each reason leads to the finding it comes from.

use yew::prelude::*;

use jose::verdict::{Verdict, VerdictKind};

/// Props for [`VerdictBanner`].
#[derive(Properties, PartialEq)]
pub struct VerdictBannerProps {
    /// The verdict on the token on screen.
    pub verdict: Verdict,
    /// A note under the headline (e.g. "evaluated at …" or "checking…").
    #[prop_or_default]
    pub note: Option<AttrValue>,
}

/// `verdict` with `data-verdict` (`accept` / `reject` / `incomplete`) and `data-reasons`.
#[function_component(VerdictBanner)]
pub fn verdict_banner(props: &VerdictBannerProps) -> Html {
    let verdict = &props.verdict;
    let kind = verdict.kind.id();
    let icon = match verdict.kind {
        VerdictKind::Accept => "✓",
        VerdictKind::Reject => "✗",
        VerdictKind::Incomplete => "…",
    };
    html! {
        <section class={classes!("verdict", kind)} data-testid="verdict" data-verdict={kind}
            data-reasons={verdict.reasons.len().to_string()} role="status" aria-live="polite">
            <p class="verdict-headline">
                <span class="verdict-icon" aria-hidden="true">{icon}</span>
                <strong data-testid="verdict-headline">{verdict.headline.clone()}</strong>
            </p>
            if let Some(note) = &props.note {
                <p class="hint verdict-note">{note.clone()}</p>
            }
            if !verdict.reasons.is_empty() {
                <ol class="verdict-reasons">
                    { for verdict.reasons.iter().map(|reason| html! {
                        <li data-testid="verdict-reason" data-rule={reason.rule.clone()}>
                            <button type="button" class="link" onclick={show_finding(&reason.rule)}
                                title="Show this finding">{reason.message.clone()}</button>
                        </li>
                    }) }
                </ol>
            }
            if !verdict.missing.is_empty() {
                <ul class="verdict-missing">
                    { for verdict.missing.iter().map(|missing| html! {
                        <li data-testid="verdict-missing">{format!("Add {missing}")}</li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// Scrolls to and focuses the finding with this rule id. The fragment holds the route, so a
/// `#finding-…` link would not work; the findings list gives each item `id="finding-<rule>"`.
fn show_finding(rule: &str) -> Callback<MouseEvent> {
    let id = format!("finding-{rule}");
    Callback::from(move |_| {
        let element = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(&id));
        if let Some(element) = element {
            element.scroll_into_view();
            if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
                let _ = element.focus();
            }
        }
    })
}
