//! Pretty, coloured JSON whose text is exactly `serde_json::to_string_pretty`.

use serde_json::Value;
use yew::prelude::*;

/// Props for [`JsonView`].
#[derive(Properties, PartialEq)]
pub struct JsonViewProps {
    /// The value to show.
    pub value: Value,
    /// The `data-testid` (`header-json`, `payload-json`, ...).
    pub testid: AttrValue,
    /// Extra classes for the `<pre>`, e.g. the segment colour.
    #[prop_or_default]
    pub class: Classes,
    /// The accessible name of the focusable block (`aria-label`, e.g. "Header (JSON)"): a
    /// screen reader announces it when the block gets keyboard focus.
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

/// The value as pretty JSON (two-space indent), the same text [`JsonView`] renders.
pub fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// Shows a JSON value pretty-printed with syntax colours. Copying the text gives valid JSON.
/// The block is focusable (it may scroll), so with a `label` it is a named region.
#[function_component(JsonView)]
pub fn json_view(props: &JsonViewProps) -> Html {
    let role = props.label.is_some().then_some("region");
    html! {
        <pre class={classes!("json-view", props.class.clone())} data-testid={props.testid.clone()}
            tabindex="0" {role} aria-label={props.label.clone()}><code>{ render_value(&props.value, 0) }</code></pre>
    }
}

fn indent(depth: usize) -> String {
    format!("\n{}", "  ".repeat(depth))
}

fn render_value(value: &Value, depth: usize) -> Html {
    match value {
        Value::Null => html! { <span class="json-null">{"null"}</span> },
        Value::Bool(flag) => html! { <span class="json-bool">{flag.to_string()}</span> },
        Value::Number(number) => html! { <span class="json-number">{number.to_string()}</span> },
        Value::String(text) => html! { <span class="json-string">{quoted(text)}</span> },
        Value::Array(items) if items.is_empty() => html! { {"[]"} },
        Value::Array(items) => {
            let last = items.len() - 1;
            html! {
                <>
                    {"["}
                    { for items.iter().enumerate().map(|(index, item)| html! {
                        <>
                            {indent(depth + 1)}
                            {render_value(item, depth + 1)}
                            if index < last { {","} }
                        </>
                    }) }
                    {indent(depth)}{"]"}
                </>
            }
        }
        Value::Object(members) if members.is_empty() => html! { {"{}"} },
        Value::Object(members) => {
            let last = members.len() - 1;
            html! {
                <>
                    {"{"}
                    { for members.iter().enumerate().map(|(index, (name, member))| html! {
                        <>
                            {indent(depth + 1)}
                            <span class="json-key">{quoted(name)}</span>{": "}
                            {render_value(member, depth + 1)}
                            if index < last { {","} }
                        </>
                    }) }
                    {indent(depth)}{"}"}
                </>
            }
        }
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}
