//! The list of findings about a token, key or key set.

use std::rc::Rc;

use yew::prelude::*;

use jose::finding::{Finding, Severity};

/// Props for [`FindingsList`].
#[derive(Properties, PartialEq)]
pub struct FindingsListProps {
    /// The findings, most severe first is nicest but not required.
    pub findings: Rc<Vec<Finding>>,
    /// The list's `data-testid` (`findings`, `jwks-findings`).
    #[prop_or(AttrValue::Static("findings"))]
    pub testid: AttrValue,
    /// Shown when there are no findings.
    #[prop_or(AttrValue::Static("No findings."))]
    pub empty_text: AttrValue,
}

/// `findings` > `finding` items, each with `data-severity` and `data-rule` (a public API).
#[function_component(FindingsList)]
pub fn findings_list(props: &FindingsListProps) -> Html {
    let mut sorted: Vec<&Finding> = props.findings.iter().collect();
    sorted.sort_by_key(|finding| finding.severity);
    html! {
        <div class="findings-block">
            <ul class="findings" data-testid={props.testid.clone()}>
                { for sorted.into_iter().map(finding_item) }
            </ul>
            if props.findings.is_empty() {
                <p class="muted findings-empty">{props.empty_text.clone()}</p>
            }
        </div>
    }
}

fn finding_item(finding: &Finding) -> Html {
    let severity = finding.severity.as_str();
    let badge = match finding.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    };
    html! {
        <li class={classes!("finding", severity)} data-testid="finding" tabindex="-1"
            id={format!("finding-{}", finding.rule)}
            data-severity={severity} data-rule={finding.rule.clone()}>
            <span class="badge">{badge}</span>
            <span class="finding-message">{finding.message.clone()}</span>
            <code class="finding-rule">{finding.rule.clone()}</code>
            if let Some(source) = finding.source.clone() {
                <span class="finding-source">{"Source: "}{source}</span>
            }
        </li>
    }
}
