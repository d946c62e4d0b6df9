//! A table of named members (header parameters, token response fields) with what each means.

use serde_json::{Map, Value};
use yew::prelude::*;

use jose::profiles::ClaimInfo;

/// One row per member (name, value, meaning), for the header parameters and the token
/// response's context alike. `attribute` carries the member's name on each row (`data-param`).
pub fn explained_members(
    members: &Map<String, Value>,
    row_testid: &'static str,
    attribute: &'static str,
    explain: fn(&str) -> Option<ClaimInfo>,
    unknown: &'static str,
) -> Html {
    let table_testid = (row_testid == "header-row").then_some("header-table");
    html! {
        <div class="table-wrap">
            <table data-testid={table_testid}>
                <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Value"}</th><th scope="col">{"Meaning"}</th></tr></thead>
                <tbody>
                    { for members.iter().map(|(name, value)| {
                        let shown = match value { Value::String(text) => text.clone(), other => other.to_string() };
                        let mut row = html! {
                            <tr data-testid={row_testid}>
                                <td class="claim-name"><code>{name.clone()}</code></td>
                                <td><code>{shown}</code></td>
                                <td>
                                    if let Some(info) = explain(name) {
                                        <strong>{info.title}</strong>{": "}{info.description}
                                        <span class="claim-time">{info.spec}</span>
                                    } else {
                                        <span class="muted">{unknown}</span>
                                    }
                                </td>
                            </tr>
                        };
                        if let Html::VTag(tag) = &mut row {
                            tag.add_attribute(attribute, name.clone());
                        }
                        row
                    }) }
                </tbody>
            </table>
        </div>
    }
}
