//! The pieces every workshop step is made of: the step card, an input bound to the draft (marked
//! while it still holds its example), and an artifact block with its copy button.

use yew::prelude::*;

use crate::app::components::CopyButton;
use crate::app::state::{use_app_state, Action};
use crate::app::workshop::steps::Step;
use crate::app::workshop::{WorkshopAction, WorkshopField};

/// Props for [`StepCard`].
#[derive(Properties, PartialEq)]
pub struct StepCardProps {
    /// Which step.
    pub step: Step,
    /// True once the step's artifact is made and checked.
    pub done: bool,
    /// The step's inputs and artifacts.
    pub children: Html,
}

/// `workshop-step` with `data-step` and `data-done`: the number, title, what the step proves and
/// where it is described.
#[function_component(StepCard)]
pub fn step_card(props: &StepCardProps) -> Html {
    let step = props.step;
    let number = Step::ALL.iter().position(|s| *s == step).map_or(0, |i| i + 1);
    let title_id = format!("workshop-step-{}", step.id());
    html! {
        <section class={classes!("card", "workshop-step", props.done.then_some("done"))}
            data-testid="workshop-step" data-step={step.id()}
            data-done={if props.done { "true" } else { "false" }} aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>
                <span class="workshop-number" aria-hidden="true">{number}</span>
                {step.title()}
                <span class="workshop-done" data-testid="workshop-step-status">
                    { if props.done { " ✓ done" } else { "" } }
                </span>
            </h2>
            <p class="hint workshop-proves"><strong>{"What this proves: "}</strong>{step.proves()}</p>
            { props.children.clone() }
            <p class="hint workshop-reference">{"Described in: "}{step.reference()}</p>
        </section>
    }
}

/// Props for [`WorkshopInput`].
#[derive(Properties, PartialEq)]
pub struct WorkshopInputProps {
    /// The draft field it edits.
    pub field: WorkshopField,
}

/// One input of the draft. While it holds its example it says so (`data-example="true"`), with
/// a way back to the example once edited.
#[function_component(WorkshopInput)]
pub fn workshop_input(props: &WorkshopInputProps) -> Html {
    let state = use_app_state();
    let field = props.field;
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

/// Props for [`ArtifactBlock`].
#[derive(Properties, PartialEq)]
pub struct ArtifactBlockProps {
    /// Its `data-testid`.
    pub testid: AttrValue,
    /// What it is ("Token request").
    pub label: AttrValue,
    /// The artifact.
    pub text: AttrValue,
}

/// A made artifact (a curl, a token, a URL) in a focusable block, with a copy button.
#[function_component(ArtifactBlock)]
pub fn artifact_block(props: &ArtifactBlockProps) -> Html {
    html! {
        <div class="workshop-artifact">
            <div class="card-actions">
                <strong>{props.label.clone()}</strong>
                <CopyButton text={props.text.clone()} testid={format!("{}-copy", props.testid)}
                    aria_label={Some(AttrValue::from(format!("Copy: {}", props.label)))} />
            </div>
            <pre class="output" data-testid={props.testid.clone()} tabindex="0"
                aria-label={props.label.clone()}>{props.text.clone()}</pre>
        </div>
    }
}
