//! The Benchmark view (`#/bench`): the engine against the browser's own crypto, in this tab.
//!
//! Each row times one operation on both sides, in the crypto worker where the app's crypto runs,
//! and the app's own path as the page sees it, a request to the worker and its answer ([`ops`]).
//! It reports median, min and max, plus the longest main-thread task seen meanwhile
//! ([`measure::Timer`]), which shows whether the page could freeze. `scripts/bench.mjs` clicks
//! `bench-run`, waits for `bench-status` to say `done` and copies the `data-*` numbers of every
//! `bench-row` into README.md.
//!
//! Test ids: `bench-run` (button), `bench-quick` (checkbox: one run each), `bench-status`
//! (`data-state` idle | running | done), `bench-table`, `bench-row` (one per operation, see
//! below), `bench-error` (inside a failed row).
//!
//! A `bench-row` carries `data-op` (e.g. `keygen-rsa-2048`, `sign-rs256`,
//! `jwe-decrypt-rsa-oaep-256`), `data-state`
//! (pending | done | error) and, once done, medians in milliseconds: `data-ours-ms`,
//! `data-webcrypto-ms`, `data-app-ms` (key generation and verify rows only),
//! `data-longest-task-ms` (0 = no task of 50 ms or more), plus `data-runs` and `data-stats`
//! (JSON with min/max too).

mod measure;
mod ops;

use yew::prelude::*;

use crate::app::engine::{use_engine, EngineHandle};
use measure::{now_ms, Stats, Timer};
use ops::{Measured, OPS};

#[derive(Debug, Clone, PartialEq)]
enum RowState {
    Pending,
    Done(Measured),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Running(&'static str),
    /// Finished, after this many seconds.
    Done(f64),
}

/// The Benchmark view.
#[function_component(BenchPage)]
pub fn view() -> Html {
    let engine = use_engine();
    let rows = use_state(|| vec![RowState::Pending; OPS.len()]);
    let status = use_state(|| Status::Idle);
    let quick = use_state(|| false);
    let running = matches!(*status, Status::Running(_));
    let onclick = {
        let (rows, status, quick) = (rows.clone(), status.clone(), *quick);
        let engine = engine.clone();
        Callback::from(move |_: MouseEvent| {
            if matches!(*status, Status::Running(_)) {
                return;
            }
            let (rows, status) = (rows.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(run_all(engine.clone(), rows, status, quick));
        })
    };
    let on_quick = {
        let quick = quick.clone();
        Callback::from(move |event: Event| {
            let checked = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .is_some_and(|input| input.checked());
            quick.set(checked);
        })
    };
    html! {
        <section class="view bench">
            <h1>{"Benchmark"}</h1>
            <p class="view-intro">
                {"Times this debugger's pure-Rust engine (compiled to WebAssembly) against the \
                  browser's own implementation (WebCrypto; atob and JSON.parse for decoding), here \
                  in this tab: both in the crypto worker, where the app's crypto runs (decoding \
                  needs no key and runs on the page). Key generation: \"ours\" is the pure-Rust \
                  generator; \"WebCrypto\" is generateKey plus exportKey of the private key as \
                  PKCS#8, the least any key generator must do to show you a key. \"App\" is what \
                  you wait for: the page asks the crypto worker and gets its answer. For key \
                  generation that is what the Keys view does (the same WebCrypto calls, then the \
                  engine imports the key), run in turn with \"WebCrypto\"; for the verify rows, \
                  pasting the key (PEM, or the JWK Set) until the verdict is back. The JWE rows \
                  decrypt and encrypt a signed HTI launch token (RSA-OAEP-256 or ECDH-ES+A256KW, \
                  then A256GCM): \"ours\" is the engine, \"WebCrypto\" the same steps with \
                  crypto.subtle, and each first opens the other's JWE. The last column \
                  is the longest the page was blocked (tasks of 50 ms or more; 0 means never). \
                  Takes about two minutes."}
            </p>
            <div class="card-actions">
                <button type="button" class="button primary" data-testid="bench-run"
                    disabled={running} {onclick}>
                    { if running { "Running…" } else { "Run benchmark" } }
                </button>
                <label class="inline-check">
                    <input type="checkbox" data-testid="bench-quick" checked={*quick}
                        disabled={running} onchange={on_quick} />
                    {"Quick: one run each (a check, not a measurement)"}
                </label>
                { status_line(&status) }
            </div>
            <div class="table-wrap">
                <table data-testid="bench-table">
                    <thead>
                        <tr>
                            <th scope="col">{"Operation"}</th>
                            <th scope="col">{"Ours (median, min–max)"}</th>
                            <th scope="col">{"WebCrypto / browser"}</th>
                            <th scope="col">{"App path (page → crypto worker → page)"}</th>
                            <th scope="col">{"Longest page block"}</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for OPS.iter().zip(rows.iter()).map(|(spec, row)| row_html(spec, row)) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

async fn run_all(
    engine: EngineHandle,
    rows: UseStateHandle<Vec<RowState>>,
    status: UseStateHandle<Status>,
    quick: bool,
) {
    let started = now_ms();
    let mut current = vec![RowState::Pending; OPS.len()];
    rows.set(current.clone());
    let timer = Timer::start();
    for (index, spec) in OPS.iter().enumerate() {
        status.set(Status::Running(spec.label));
        current[index] = match ops::run(spec, quick, &engine, &timer).await {
            Ok(measured) => RowState::Done(measured),
            Err(error) => RowState::Failed(error),
        };
        rows.set(current.clone());
    }
    status.set(Status::Done((now_ms() - started) / 1000.0));
}

fn status_line(status: &Status) -> Html {
    let (state, text) = match status {
        Status::Idle => ("idle", "Not run yet.".to_owned()),
        Status::Running(what) => ("running", format!("Running: {what}…")),
        Status::Done(seconds) => ("done", format!("Done in {seconds:.0} s.")),
    };
    html! {
        <span class="progress" data-testid="bench-status" data-state={state} role="status">{ text }</span>
    }
}

fn row_html(spec: &ops::OpSpec, row: &RowState) -> Html {
    let number = |ms: f64| Some(format!("{ms:.3}"));
    let (state, ours, browser, app, longest, runs, stats) = match row {
        RowState::Done(m) => (
            "done",
            number(m.ours.median),
            number(m.browser.median),
            m.app.and_then(|app| number(app.median)),
            number(m.longest_task_ms),
            Some(m.ours.runs.to_string()),
            Some(stats_json(m)),
        ),
        RowState::Pending => ("pending", None, None, None, None, None, None),
        RowState::Failed(_) => ("error", None, None, None, None, None, None),
    };
    let cells = match row {
        RowState::Done(m) => html! {
            <>
                <td>{ stats_cell(&m.ours) }</td>
                <td>{ stats_cell(&m.browser) }</td>
                <td>{ m.app.as_ref().map_or_else(|| html! {"—"}, stats_cell) }</td>
                <td>{ if m.longest_task_ms > 0.0 { format_ms(m.longest_task_ms) } else { "none ≥ 50 ms".to_owned() } }</td>
            </>
        },
        RowState::Pending => html! { <td colspan="4" class="muted">{"—"}</td> },
        RowState::Failed(error) => html! {
            <td colspan="4"><span class="error-message" data-testid="bench-error">{ error.clone() }</span></td>
        },
    };
    html! {
        <tr data-testid="bench-row" data-op={spec.id} data-state={state} data-runs={runs}
            data-ours-ms={ours} data-webcrypto-ms={browser} data-app-ms={app}
            data-longest-task-ms={longest} data-stats={stats}>
            <th scope="row">{ spec.label }</th>
            { cells }
        </tr>
    }
}

/// Everything measured, for scripts/bench.mjs: `{"ours":{"median":…,"min":…,"max":…,"runs":…},…}`.
fn stats_json(measured: &Measured) -> String {
    let one = |stats: &Stats| {
        serde_json::json!({
            "median": stats.median, "min": stats.min, "max": stats.max, "runs": stats.runs,
        })
    };
    serde_json::json!({
        "ours": one(&measured.ours),
        "browser": one(&measured.browser),
        "app": measured.app.as_ref().map(one),
        "longest_task_ms": measured.longest_task_ms,
    })
    .to_string()
}

fn stats_cell(stats: &Stats) -> Html {
    html! {
        <>
            <strong>{ format_ms(stats.median) }</strong>
            <span class="claim-time">
                { format!("{}–{} ({} runs)", format_ms(stats.min), format_ms(stats.max), stats.runs) }
            </span>
        </>
    }
}

fn format_ms(ms: f64) -> String {
    match ms {
        ms if ms >= 1000.0 => format!("{:.2} s", ms / 1000.0),
        ms if ms >= 100.0 => format!("{ms:.0} ms"),
        ms if ms >= 1.0 => format!("{ms:.1} ms"),
        ms => format!("{ms:.2} ms"),
    }
}
