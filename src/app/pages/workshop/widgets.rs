//! The pieces every workshop step is made of: the step card, an input bound to the draft (marked
//! while it still holds its example), and an artifact block with its copy button. Plain functions,
//! not components: they hold no state of their own, and each component costs page size.

use yew::prelude::*;

use super::artifacts::Made;
use crate::app::components::CopyButton;
use crate::app::state::{Action, AppContext};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopField};

/// `workshop-step` with `data-step` and `data-done` (true once the step's artifact is made and
/// checked): the number, title, what the step proves, the body, and where it is described.
pub fn step_card(step: Step, done: bool, body: Html) -> Html {
    let number = Step::ALL.iter().position(|s| *s == step).map_or(0, |i| i + 1);
    let title_id = format!("workshop-step-{}", step.id());
    html! {
        <section class={classes!("card", "workshop-step", done.then_some("done"))}
            data-testid="workshop-step" data-step={step.id()}
            data-done={if done { "true" } else { "false" }} aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>
                <span class="workshop-number" aria-hidden="true">{number}</span>
                {step.title()}
                <span class="workshop-done" data-testid="workshop-step-status">
                    { if done { " ✓ done" } else { "" } }
                </span>
            </h2>
            <p class="hint workshop-proves"><strong>{"What this proves: "}</strong>{step.proves()}</p>
            { body }
            <p class="hint workshop-reference">{"Described in: "}{step.reference()}</p>
        </section>
    }
}

/// One input of the draft. While it holds its example it says so (`data-example="true"`), with
/// a way back to the example once edited.
pub fn input(state: &AppContext, field: WorkshopField) -> Html {
    let value = state.workshop.get(field);
    let is_example = state.workshop.is_example(field);
    let edited = !field.example().is_empty() && !is_example;
    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let value = match event.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                Some(area) => area.value(),
                None => event.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
            };
            state.dispatch(Action::Workshop(WorkshopAction::Set(field, value)));
        })
    };
    let onreset = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Workshop(WorkshopAction::Reset(field))))
    };
    let testid = field.testid();
    html! {
        <div class="field">
            <label for={testid}>
                {field.label()}
                if is_example {
                    <span class="tag example" title="An example value: replace it with yours">{"example"}</span>
                }
                if edited {
                    <button type="button" class="link small" onclick={onreset}>{"use the example"}</button>
                }
            </label>
            if field.multiline() {
                <textarea id={testid} data-testid={testid} spellcheck="false" autocomplete="off"
                    rows="4" value={value} {oninput} />
            } else {
                <input id={testid} data-testid={testid} type="text" spellcheck="false" autocomplete="off"
                    data-example={if is_example { "true" } else { "false" }} value={value} {oninput} />
            }
        </div>
    }
}

/// A made artifact (a curl, a token, a URL) in a focusable block with `data-testid`, and a copy
/// button (`{testid}-copy`).
pub fn artifact(testid: &'static str, label: impl Into<AttrValue>, text: impl Into<AttrValue>) -> Html {
    let label: AttrValue = label.into();
    let text: AttrValue = text.into();
    html! {
        <div class="workshop-artifact">
            <div class="card-actions">
                <strong>{label.clone()}</strong>
                <CopyButton text={text.clone()} testid={format!("{testid}-copy")}
                    aria_label={Some(AttrValue::from(format!("Copy: {label}")))} />
            </div>
            <pre class="output" data-testid={testid} tabindex="0" aria-label={label}>{text}</pre>
        </div>
    }
}

/// A signed or encrypted token: the token once made (an [`artifact`]), else why not yet
/// (`{testid}-status` with `data-status`).
pub fn made(made: &Made, testid: &'static str, label: &'static str) -> Html {
    match made.ready() {
        Some(token) => artifact(testid, label, token.to_owned()),
        None => html! {
            <p class="hint" data-testid={format!("{testid}-status")} data-status={made.status()}>
                {format!("{label}: {}", made.message().unwrap_or_default())}
            </p>
        },
    }
}
