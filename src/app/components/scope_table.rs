//! An access token's `scope`, one row per entry, in words.

use serde_json::Value;
use yew::prelude::*;

use jose::profiles::parse_scope;

/// Props for [`ScopeTable`].
#[derive(Properties, PartialEq)]
pub struct ScopeProps {
    /// The token's payload (its `scope` is read).
    pub payload: Value,
}

/// An access token's `scope`, one row per entry, in words.
#[function_component(ScopeTable)]
pub fn scope_table(props: &ScopeProps) -> Html {
    let Some(scope) = props.payload.get("scope").and_then(Value::as_str) else {
        return html! {};
    };
    let entries = parse_scope(scope);
    html! {
        <div class="card">
            <h2>{"Scope"}</h2>
            <div class="table-wrap">
                <table data-testid="scope-table">
                    <thead><tr>
                        <th scope="col">{"Resource type"}</th>
                        <th scope="col">{"Permissions"}</th>
                        <th scope="col">{"Restriction"}</th>
                        <th scope="col">{"In words"}</th>
                    </tr></thead>
                    <tbody>
                        { for entries.iter().map(|entry| html! {
                            <tr data-testid="scope-row" data-scope={entry.raw.clone()}>
                                <td><code>{ if entry.is_resource_scope() { entry.resource_type.clone() } else { entry.raw.clone() } }</code></td>
                                <td>{ if entry.permissions.is_empty() { "—".to_owned() } else { entry.permissions.join(", ") } }</td>
                                <td>{ if entry.resource_origin.is_empty() {
                                    if entry.is_resource_scope() { "none: any origin".to_owned() } else { "—".to_owned() }
                                } else {
                                    format!("only resources created by {}", entry.resource_origin.join(" or "))
                                } }</td>
                                <td>{entry.description.clone()}</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
