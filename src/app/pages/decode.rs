//! The Decoder: paste a token, see its parts, claims and findings, and verify its signature.
//!
//! Everything updates as the user types. Decoding shows as much as possible (a broken signature
//! segment still leaves a readable header and payload); the profile checks run on whatever
//! decoded. The token may arrive from a share link (`#/decode?token=…`) or from the Signer.

use std::rc::Rc;

use serde_json::{Map, Value};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::browser;
use crate::app::components::{
    explained_members, CopyButton, ErrorMessage, FindingsList, JsonView, KeySelect, ScopeTable, VerdictBanner,
};
use crate::app::drafts::{SignerAction, Template};
use crate::app::engine::{use_engine, use_engine_query, Query};
use crate::app::examples::{self, Example};
use crate::app::expect::{ExpectField, ExpectationsDraft};
use crate::app::keytext;
use crate::app::received::{
    decoded_parts, signature_state, token_findings, use_now, verify_request,
};
use crate::app::state::{use_app_state, Action, KeyId};
use crate::app::Route;
use crate::worker::keys_text::looks_like_key;
use crate::worker::protocol::{
    DecryptReport, DecryptRequest, Request, Response, VerifyReport, VerifyRequest,
};
use jose::claims::{describe_claim_time, parse_numeric_date, TIME_CLAIMS};
use jose::finding::Finding;
use jose::key::SecretEncoding;
use jose::jwe::{decode_jwe, UntrustedJwe};
use jose::paste::{extract_tokens, looks_like_token, Pasted};
use jose::profiles::{
    self, explain_claim, explain_header, explain_token_response_field, key_hint, KeyHint, Profile, ProfileReport,
};
use jose::token::{inspect_compact, Inspection, Payload};
use jose::verdict::{receiver_verdict, SignatureState, VerdictKind};

/// Header members that point at a key; shown, never fetched, never used.
const KEY_POINTER_HEADERS: [&str; 4] = ["jku", "x5u", "jwk", "x5c"];

/// The Decoder view (`#/decode`). Decoding, claims and profile checks run here; the signature
/// check is asked of the crypto worker, for exactly the token and key on screen.
#[function_component(DecodePage)]
pub fn decode_page() -> Html {
    let state = use_app_state();
    let profile = state.decoder.profile;
    let now = use_now();
    // "I am a module" on the landing: "Checking as…" says what a receiver fills in.
    let as_module = use_state(|| false);
    let example = use_state(|| ExampleStatus::Idle);
    let engine = use_engine();
    let onexample = {
        let (state, example) = (state.clone(), example.clone());
        Callback::from(move |picked: Example| {
            example.set(ExampleStatus::Working);
            let (state, engine, example) = (state.clone(), engine.clone(), example.clone());
            yew::platform::spawn_local(async move {
                let added = {
                    let state = state.clone();
                    move |keys| state.dispatch(Action::AddKeys(keys))
                };
                example.set(match examples::make(&engine, &state.keys, picked, added).await {
                    Ok((loaded, notice)) => {
                        let token = loaded.token.clone();
                        state.dispatch(Action::LoadExample(loaded));
                        ExampleStatus::Made { example: picked, token, notice }
                    }
                    Err(err) => ExampleStatus::Failed(format!("The example could not be made: {err}")),
                });
            });
        })
    };
    let example_select = example_select(&example, onexample);

    // A share link (`#/decode?token=…&aud=…`) fills the input, also when it is opened on this view.
    let query = use_location()
        .map(|location| location.query_str().to_owned())
        .unwrap_or_default();
    {
        let state = state.clone();
        use_effect_with(query, move |query| {
            if let Some(shared) = browser::query_param(query, "token") {
                let expect = ExpectationsDraft::from_query(|name| browser::query_param(query, name));
                state.dispatch(Action::OpenShareLink(shared, expect));
            }
        });
    }

    // What was pasted may be a form body, a token response, a header line…: the token(s) in it.
    let raw = state.decoder.token.clone();
    let pasted = use_memo(raw.clone(), |text| extract_tokens(text));
    let pick = use_state(|| 0usize);
    {
        let pick = pick.clone();
        use_effect_with(raw.clone(), move |_| pick.set(0));
    }
    let token = pasted
        .tokens
        .get(*pick)
        .or(pasted.tokens.first())
        .map_or_else(|| raw.clone(), |named| named.token.clone());

    // A JWE (HTI:jwe) is opened by the worker; when its plaintext is a token, that token is what
    // the rest of the page decodes, verifies and judges.
    let jwe = use_memo(token.clone(), |text| decode_jwe(text).ok().map(Rc::new));
    let decrypt = use_engine_query(
        (
            jwe.is_some(),
            DecryptRequest {
                token: token.clone(),
                key_text: state.decoder.decrypt_text.clone(),
                encoding: state.decoder.encoding,
                keyring_key: state.decoder.decrypt_key_id,
            },
        ),
        |(is_jwe, request)| is_jwe.then(|| Request::Decrypt(request.clone())),
        |response| match response {
            Response::Decrypted(report) => Some(report),
            _ => None,
        },
    );
    let decrypt = Rc::new(decrypt);
    let inner = match (&*jwe, &*decrypt) {
        (Some(_), Query::Done(Ok(report))) => report
            .plaintext
            .clone()
            .filter(|text| looks_like_token(text.trim())),
        _ => None,
    };
    let outer = token.clone();
    let token = if jwe.is_some() {
        inner.clone().unwrap_or_default()
    } else {
        token
    };

    let inspection = use_memo(token.clone(), |text| inspect_compact(text));
    // Decoding and the profile checks rerun only when the token, the profile, the expectations
    // or the minute change, not on every render (a verdict arriving, a key typed).
    let decoded = use_memo(token.clone(), |_| decoded_parts(&inspection));
    let is_hmac =
        matches!(&inspection.token, Ok(token) if token.alg().is_ok_and(|alg| alg.is_symmetric()));
    let encoding = state.decoder.encoding;
    // The worker caches the last key text it read, so a keystroke in the token does not re-read it.
    let verify = use_engine_query(
        VerifyRequest {
            token: token.clone(),
            key_text: state.decoder.key_text.clone(),
            encoding,
            keyring_key: state.decoder.key_id,
        },
        verify_request,
        |response| match response {
            Response::Verified(report) => Some(report),
            _ => None,
        },
    );
    let verify = Rc::new(verify);
    let resolved = state.expect.resolve(now);
    let report: Option<Rc<ProfileReport>> = (*use_memo(
        (decoded.clone(), profile, resolved.at, resolved.expectations.clone()),
        |(decoded, profile, at, expectations)| {
            decoded.as_ref().as_ref().map(|(header, payload)| {
                Rc::new(profiles::check_expecting(*profile, header, payload, *at, expectations))
            })
        },
    ))
    .clone();
    let mut token_findings = token_findings(&inspection, &verify);
    // What the JWE's own header says (HTI:jwe wants the recipient's kid): known without a key.
    if let Some(jwe) = &*jwe {
        token_findings.extend(jwe.findings());
    }
    let token_findings = Rc::new(token_findings);
    let inner_alg = inner.as_ref().and_then(|_| {
        inspection
            .header
            .as_ref()
            .and_then(|header| header.as_ref().ok())
            .and_then(|header| header.get("alg"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let signature = signature_state(&verify);
    let verdict = report
        .as_ref()
        .map(|report| receiver_verdict(report, &signature, &token_findings));
    let key_hint = match (&signature, &report, decoded.as_ref()) {
        (SignatureState::NoKey, Some(report), Some((_, payload))) => key_hint(report.profile, payload),
        _ => None,
    };
    let overruled = verdict
        .as_ref()
        .is_some_and(|verdict| verdict.kind != VerdictKind::Accept);
    let verdict_note = match &signature {
        SignatureState::Pending => Some(AttrValue::from("Checking the signature…")),
        _ if resolved.at_given => Some(AttrValue::from(format!(
            "Evaluated at {}, not now.",
            jose::claims::format_utc(resolved.at)
        ))),
        _ => None,
    };

    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            state.dispatch(Action::DecoderToken(input.value()));
        })
    };

    let error = (jwe.is_none() && !token.trim().is_empty())
        .then(|| {
            inspection
                .token
                .as_ref()
                .err()
                .map(|err| AttrValue::from(err.to_string()))
        })
        .flatten();

    let onmodule = {
        let as_module = as_module.clone();
        Callback::from(move |()| as_module.set(true))
    };

    html! {
        <section class="view" aria-labelledby="decode-title">
            <h1 id="decode-title" class="visually-hidden">{"Decode and verify a token"}</h1>
            if outer.trim().is_empty() {
                <Landing {onmodule}>{example_select.clone()}</Landing>
            }
            <div class="columns">
                <div class="stack">
                    <div class="card">
                        <div class="field">
                            <label for="token-input">{"Token: a compact JWS / JWT, or a form body, token response, Authorization line or URL holding one"}</label>
                            <textarea id="token-input" data-testid="token-input"
                                class="token-input" spellcheck="false" autocomplete="off"
                                placeholder="eyJhbGciOi…"
                                value={outer.clone()} {oninput} />
                            <ErrorMessage testid="decode-error" message={error} />
                        </div>
                        <PastedTokens pasted={pasted.clone()} pick={*pick} onpick={Callback::from({
                            let pick = pick.clone();
                            move |index| pick.set(index)
                        })} />
                        // Beside the paste notice, as it too says where the token came from; shown
                        // while the token box still holds the example.
                        if let ExampleStatus::Made { example: made, token, notice } = &*example {
                            if *token == raw {
                                <p class="notice" data-testid="example-notice" data-example={made.id()} role="status">{notice.clone()}</p>
                            }
                        }
                        if let Some(verdict) = verdict {
                            <VerdictBanner {verdict} note={verdict_note} />
                        }
                        <ColouredToken text={outer.clone()} jwe={jwe.is_some()} />
                        <ShareLink token={outer.clone()}>
                            <EditInSigner inspection={inspection.clone()} />
                        </ShareLink>
                        if !outer.trim().is_empty() {
                            {example_select}
                        }
                    </div>
                    if let Some(jwe) = &*jwe {
                        <JweCard jwe={jwe.clone()} decrypt={decrypt.clone()} inner_alg={inner_alg.clone()} />
                    }
                    if jwe.is_none() || inner.is_some() {
                        <VerifyCard verify={verify.clone()} {overruled} key_hint={key_hint.map(Rc::new)}
                            is_hmac={is_hmac} encoding={encoding} onencoding={Callback::from({
                                let state = state.clone();
                                move |chosen| state.dispatch(Action::DecoderEncoding(chosen))
                            })} />
                    }
                    <ExpectationsCard profile={report.as_ref().map_or(profile, |report| report.profile)}
                        problems={Rc::new(resolved.problems.clone())} as_module={*as_module} />
                    <FindingsCard report={report.clone()} token_findings={token_findings}
                        profile={profile} onprofile={Callback::from({
                            let state = state.clone();
                            move |chosen| state.dispatch(Action::DecoderProfile(chosen))
                        })} />
                </div>
                <div class="stack">
                    if token.trim().is_empty() {
                        <div class="card decode-placeholder" data-testid="decode-placeholder">
                            <h2>{"What appears here"}</h2>
                            <ul>
                                <li>{"The header and the payload, each claim explained (JOSE, OIDC, SMART, HTI, Koppeltaal), times in UTC, local time and \"in 4 minutes\"."}</li>
                                <li>{"For an access token, its scope in words; for a token response, the launch context it came with."}</li>
                                <li>{"The signature's bytes; on the left, the receiver's verdict and every finding, rule by rule."}</li>
                            </ul>
                            <p class="hint">{"A bad token is shown as far as it decodes, with which segment and which character is wrong."}</p>
                        </div>
                    }
                    <HeaderCard inspection={inspection.clone()} />
                    <PayloadCard inspection={inspection.clone()} now={now} />
                    <TokenContext context={Rc::new(pasted.context.clone())} />
                    if let Some(report) = &report {
                        if report.profile == Profile::AccessToken {
                            <ScopeTable payload={decoded.as_ref().as_ref().map(|(_, payload)| payload.clone()).unwrap_or_default()} />
                        }
                    }
                    <SignatureCard inspection={inspection.clone()} />
                </div>
            </div>
        </section>
    }
}

/// Props for [`Landing`].
#[derive(Properties, PartialEq)]
struct LandingProps {
    /// The "I am a module" start was chosen: the view highlights "Checking as…".
    onmodule: Callback<()>,
    /// The example choice, under the starts.
    children: Html,
}

/// How far `load-example-select` got. Kept by the view, not the landing: the worker answers later,
/// and the landing is gone as soon as the token arrives.
#[derive(Debug)]
enum ExampleStatus {
    Idle,
    Working,
    /// Made: the notice stays while the token box holds `token`.
    Made {
        example: Example,
        token: String,
        notice: String,
    },
    Failed(String),
}

/// `load-example-select`: a fresh example token with a demo key (`example-error` if it could
/// not be made). A function, not a component: it has no state of its own.
fn example_select(status: &ExampleStatus, onpick: Callback<Example>) -> Html {
    let working = matches!(status, ExampleStatus::Working);
    let onchange = Callback::from(move |event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        let picked = Example::from_id(&select.value());
        // Back to the caption, so the same example can be made again.
        select.set_value("");
        if let Some(picked) = picked {
            onpick.emit(picked);
        }
    });
    html! {
        <div class="example-select">
            <label for="load-example-select">{"Load an example, made now with a demo key:"}</label>
            <select id="load-example-select" data-testid="load-example-select" {onchange}
                disabled={working} aria-busy={working.then_some("true")}>
                <option value="" selected=true>
                    { if working { "Making the example…" } else { "Choose…" } }
                </option>
                { for Example::ALL.iter().map(|example| html! {
                    <option value={example.id()}>{example.label()}</option>
                }) }
            </select>
            if let ExampleStatus::Failed(error) = status {
                <ErrorMessage testid="example-error" message={AttrValue::from(error.clone())} />
            }
        </div>
    }
}

/// The element with this id, as an `HtmlElement` (to focus or scroll to it).
fn html_element(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok())
}

/// Focuses the token box.
fn focus_token_input() {
    if let Some(input) = html_element("token-input") {
        let _ = input.focus();
    }
}

/// What this is and four places to start, shown while the token box is empty.
#[function_component(Landing)]
fn landing(props: &LandingProps) -> Html {
    let state = use_app_state();
    let navigator = use_navigator();
    // The Signer with a template chosen: the draft is made here, so the Signer opens on it.
    let to_signer = |template: Template| {
        let state = state.clone();
        let navigator = navigator.clone();
        Callback::from(move |event: MouseEvent| {
            state.dispatch(Action::Signer(SignerAction::Template {
                template,
                now: browser::now_seconds(),
            }));
            if let Some(navigator) = &navigator {
                event.prevent_default();
                navigator.push(&Route::Sign);
            }
        })
    };
    let onmodule = {
        let onmodule = props.onmodule.clone();
        Callback::from(move |_: MouseEvent| {
            onmodule.emit(());
            focus_token_input();
            // Bottom-aligned, so on a wide screen the focused token box stays in sight too.
            if let Some(card) = html_element("expectations") {
                card.scroll_into_view_with_bool(false);
            }
        })
    };
    let ondecode = Callback::from(|_: MouseEvent| focus_token_input());
    html! {
        <div class="card landing" data-testid="landing">
            <p class="landing-what">
                <strong>{"Koppeltaal and JOSE tokens: decode, sign, verify, keys, JWKS; nothing leaves your browser."}</strong>
                {" Paste a token below, start from what you are building, or "}
                <a href="#/workshop" data-testid="landing-workshop">{"follow the workshop, step by step"}</a>
                {":"}
            </p>
            <ul class="landing-starts">
                <li><a class="button secondary landing-start" href="#/sign" data-testid="landing-start" data-start="client"
                    onclick={to_signer(Template::ClientAssertion)}>{"I build a client: get an access token"}</a></li>
                <li><a class="button secondary landing-start" href="#/sign" data-testid="landing-start" data-start="portal"
                    onclick={to_signer(Template::HtiLaunch)}>{"I am a portal: send an HTI launch"}</a></li>
                <li><button type="button" class="button secondary landing-start" data-testid="landing-start" data-start="module"
                    aria-controls="expectations" onclick={onmodule}>{"I am a module: receive a launch (HTI or SHOF)"}</button></li>
                <li><button type="button" class="button secondary landing-start" data-testid="landing-start" data-start="decode"
                    aria-controls="token-input" onclick={ondecode}>{"Just decode a token"}</button></li>
            </ul>
            { props.children.clone() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PastedProps {
    pasted: Rc<Pasted>,
    pick: usize,
    onpick: Callback<usize>,
}

/// What was taken out of the pasted text, and the choice when it held several tokens.
#[function_component(PastedTokens)]
fn pasted_tokens(props: &PastedProps) -> Html {
    let pasted = &props.pasted;
    let onchange = {
        let onpick = props.onpick.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            onpick.emit(select.value().parse().unwrap_or(0));
        })
    };
    html! {
        <>
            if let Some(notice) = &pasted.notice {
                <p class="notice" data-testid="paste-notice" role="status">{notice.clone()}</p>
            }
            if pasted.tokens.len() > 1 {
                <div class="field">
                    <label for="token-pick">{"Token to inspect"}</label>
                    <select id="token-pick" data-testid="token-pick" {onchange}>
                        { for pasted.tokens.iter().enumerate().map(|(index, named)| html! {
                            <option value={index.to_string()} selected={index == props.pick}
                                data-testid="token-pick-option" data-name={named.name.clone()}>
                                {named.name.clone()}
                            </option>
                        }) }
                    </select>
                </div>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ContextProps {
    context: Rc<Map<String, Value>>,
}

/// The other members of a pasted token response (a SHOF launch's `resource`, `patient`, …).
#[function_component(TokenContext)]
fn token_context(props: &ContextProps) -> Html {
    if props.context.is_empty() {
        return html! {};
    }
    html! {
        <div class="card" data-testid="token-context">
            <h2>{"Launch context from the token response"}</h2>
            { explained_members(&props.context, "token-context-row", "data-member", explain_token_response_field, "Not a registered token response member.") }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ExpectationsCardProps {
    /// The profile the token is checked against: it says what "audience" means.
    profile: Profile,
    /// Inputs that could not be read (testid, why).
    problems: Rc<Vec<(&'static str, String)>>,
    /// The user started as a module receiving a launch: say what to fill in.
    as_module: bool,
}

/// "Checking as…": what the receiver knows, for the checks and the verdict.
#[function_component(ExpectationsCard)]
fn expectations_card(props: &ExpectationsCardProps) -> Html {
    let state = use_app_state();
    let expect = &state.expect;
    let field = |testid: &'static str, which: ExpectField, label: String, value: &str, placeholder: &'static str| {
        let oninput = {
            let state = state.clone();
            Callback::from(move |event: InputEvent| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                state.dispatch(Action::Expect(which, input.value()));
            })
        };
        let problem = props
            .problems
            .iter()
            .find(|(id, _)| *id == testid)
            .map(|(_, why)| AttrValue::from(why.clone()));
        html! {
            <div class="field">
                <label for={testid}>{label}</label>
                <input id={testid} data-testid={testid} type="text" spellcheck="false" autocomplete="off"
                    value={value.to_owned()} {oninput} {placeholder} />
                <ErrorMessage testid="expect-error" message={problem} />
            </div>
        }
    };
    let audience = match props.profile {
        Profile::ClientAssertion => "Your token endpoint URL (the aud an auth server expects)",
        Profile::HtiLaunch => "Your Device/<id> (the aud a module expects)",
        Profile::IdToken => "Your client_id (the aud of your id_token)",
        Profile::AccessToken => "The audience the FHIR server expects (aud)",
        _ => "The audience you expect (aud)",
    };
    html! {
        <div id="expectations" class={classes!("card", props.as_module.then_some("highlight"))}
            data-testid="expectations" data-as-module={props.as_module.then_some("true")}>
            <h2>{"Checking as…"}</h2>
            if props.as_module {
                <p class="notice" data-testid="expect-module-hint">{"As a module receiving a launch: put your Device/<id> (HTI) or client_id (SHOF id_token) as the audience and the portal or auth server as the trusted issuer, then paste the token above."}</p>
            }
            <p class="hint">{"What the receiver knows. A mismatch is an error; an empty field is not checked. Kept while you use other views; a share link carries it, never a key."}</p>
            { field("expect-aud-input", ExpectField::Audience, audience.to_owned(), &expect.audience, "https://auth.example.org/oauth2/token") }
            { field("expect-iss-input", ExpectField::Issuers, "Issuers you trust (iss; several: separate with spaces)".to_owned(), &expect.issuers, "https://auth.example.org") }
            { field("expect-nonce-input", ExpectField::Nonce, "The nonce you sent (id_token)".to_owned(), &expect.nonce, "") }
            { field("expect-time-input", ExpectField::Time, "Evaluate at (ISO 8601 or Unix seconds; empty: now)".to_owned(), &expect.time, "2026-12-01T12:00:00Z") }
            { field("expect-leeway-input", ExpectField::Leeway, "Clock skew allowed (seconds)".to_owned(), &expect.leeway, "60") }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TextProps {
    text: String,
    /// The text is a JWE: five segments with other names.
    #[prop_or_default]
    jwe: bool,
}

/// The segments of a JWS and of a JWE, for classes and testids.
const JWS_SEGMENTS: [(&str, &str); 3] = [
    ("seg-header", "header"),
    ("seg-payload", "payload"),
    ("seg-signature", "signature"),
];
const JWE_SEGMENTS: [(&str, &str); 5] = [
    ("seg-header", "header"),
    ("seg-encrypted-key", "encrypted-key"),
    ("seg-iv", "iv"),
    ("seg-ciphertext", "ciphertext"),
    ("seg-tag", "tag"),
];

/// The token with its segments in their colours (three for a JWS, five for a JWE).
#[function_component(ColouredToken)]
fn coloured_token(props: &TextProps) -> Html {
    let text = props.text.trim();
    if text.is_empty() {
        return html! {};
    }
    let names: &[(&str, &str)] = if props.jwe { &JWE_SEGMENTS } else { &JWS_SEGMENTS };
    let segments: Vec<&str> = text.split('.').collect();
    let last = segments.len().saturating_sub(1);
    html! {
        <pre class="token-colored" data-testid="token-segments" aria-label="The token, coloured by segment">
            { for segments.iter().enumerate().map(|(index, segment)| {
                let (class, name) = names.get(index).copied().unwrap_or(("seg-extra", "extra"));
                html! {
                    <>
                        <span class={class} data-testid={format!("segment-{name}")}>{segment.to_string()}</span>
                        if index < last { <span class="seg-dot">{"."}</span> }
                    </>
                }
            }) }
        </pre>
    }
}

#[derive(Properties, PartialEq)]
struct JweCardProps {
    jwe: Rc<UntrustedJwe>,
    decrypt: Rc<Query<DecryptReport>>,
    /// The signed token inside, once decrypted.
    inner_alg: Option<String>,
}

/// An encrypted token: its readable header, the key to open it, and what it held.
#[function_component(JweCard)]
fn jwe_card(props: &JweCardProps) -> Html {
    let state = use_app_state();
    let jwe = &props.jwe;
    let (status, sentence, report) = match &*props.decrypt {
        Query::Idle => ("locked", String::new(), None),
        Query::Pending => ("loading", "Decrypting…".to_owned(), None),
        Query::Done(Err(err)) => ("error", format!("Not decrypted: {err}."), None),
        Query::Done(Ok(report)) => {
            let status = match report.status.as_str() {
                "decrypted" => "decrypted",
                "failed" => "failed",
                "locked" => "locked",
                _ => "error",
            };
            (status, report.sentence.clone(), Some(report.clone()))
        }
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            state.dispatch(Action::DecoderDecryptText(input.value()));
        })
    };
    let onselect = {
        let state = state.clone();
        Callback::from(move |id: Option<KeyId>| state.dispatch(Action::DecoderDecryptKeyId(id)))
    };
    let kid = jwe.kid().map(str::to_owned);
    let breadcrumb = format!(
        "Encrypted with {} + {}{}{}",
        jwe.alg_name(),
        jwe.enc_name(),
        kid.as_ref().map_or_else(String::new, |kid| format!(" for kid {kid:?}")),
        props
            .inner_alg
            .as_ref()
            .map_or_else(String::new, |alg| format!(", then signed with {alg}: the signed token is checked below")),
    );
    html! {
        <div class="card" data-testid="jwe-card">
            <h2 class="seg-title seg-header">{"Encrypted token (JWE)"}</h2>
            <p class="hint" data-testid="jwe-breadcrumb">{breadcrumb}</p>
            <JsonView value={Value::Object(jwe.header().clone())} testid="jwe-header-json" class="header" label="JWE header (JSON)" />
            <FindingsList findings={Rc::new(jwe.findings())} testid="jwe-findings" empty_text="The JWE header has what HTI:jwe asks (the recipient's kid)." />
            <div class="field">
                <label for="decrypt-key-input">{"Key to decrypt with: the recipient's private key (PEM, JWK, JWKS), the password (PBES2) or the secret (dir, AES key wrap)"}</label>
                <textarea id="decrypt-key-input" data-testid="decrypt-key-input" spellcheck="false"
                    autocomplete="off" value={state.decoder.decrypt_text.clone()} {oninput}
                    placeholder="-----BEGIN PRIVATE KEY-----" />
            </div>
            <KeySelect testid="decrypt-key-select" id="decrypt-key-select" label="Or a key from the keyring"
                value={state.decoder.decrypt_key_id} onchange={onselect} />
            if let Some(report) = &report {
                if !report.keys_read.is_empty() {
                    <ul class="hint" data-testid="decrypt-keys-read">
                        { for report.keys_read.iter().map(|line| html! { <li>{line.clone()}</li> }) }
                    </ul>
                }
            }
            <div class="status" data-testid="decrypt-status" data-status={status} role="status">
                <span class="status-badge">{status}</span>
                <span class="status-text">{sentence}</span>
            </div>
            if let Some(plaintext) = report.as_ref().and_then(|report| report.plaintext.clone()) {
                <div class="field">
                    <span class="label">{"Plaintext"}</span>
                    <pre class="output wrap" data-testid="jwe-plaintext">{plaintext}</pre>
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ShareLinkProps {
    token: String,
    /// More actions on the token, shown beside the share button.
    #[prop_or_default]
    children: Html,
}

/// Copies a link that carries the token and the expectations (never a key) in the fragment.
#[function_component(ShareLink)]
fn share_link(props: &ShareLinkProps) -> Html {
    let expect = use_app_state().expect.clone();
    let link = use_state(|| None::<String>);
    let copied = use_state(|| None::<Result<(), String>>);
    // A new token makes the old link stale.
    {
        let link = link.clone();
        let copied = copied.clone();
        use_effect_with(props.token.clone(), move |_| {
            link.set(None);
            copied.set(None);
        });
    }
    let onclick = {
        let link = link.clone();
        let copied = copied.clone();
        let token = props.token.trim().to_owned();
        Callback::from(move |_| {
            let Some(url) = browser::decoder_share_link(&token, &expect) else {
                copied.set(Some(Err("cannot read this page's address".to_owned())));
                return;
            };
            link.set(Some(url.clone()));
            let copied = copied.clone();
            yew::platform::spawn_local(async move {
                copied.set(Some(browser::copy_text(&url).await));
            });
        })
    };
    let status = match &*copied {
        Some(Ok(())) => Some("Link copied".to_owned()),
        Some(Err(_)) => Some("Copy the link below by hand".to_owned()),
        None => None,
    };
    html! {
        <div class="share">
            <div class="card-actions">
                <button type="button" class="button secondary small" data-testid="share-link"
                    disabled={props.token.trim().is_empty()} {onclick}>
                    {"Copy share link"}
                </button>
                { props.children.clone() }
                if let Some(status) = status {
                    <span class="muted" data-testid="share-link-status" aria-live="polite">{status}</span>
                }
            </div>
            if let Some(url) = &*link {
                <p class="hint">{"The link carries only the token and what you typed under \"Checking as…\" (never a key), in the part after #, which browsers never send to a server. Anyone with the link can read the token's claims."}</p>
                <pre class="output wrap" data-testid="share-link-url">{url.clone()}</pre>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct InspectionProps {
    inspection: Rc<Inspection>,
}

/// Opens the token's header and payload in the Signer as custom JSON, to edit and sign again.
#[function_component(EditInSigner)]
fn edit_in_signer(props: &InspectionProps) -> Html {
    let state = use_app_state();
    let navigator = use_navigator();
    let decoded = matches!(props.inspection.header, Some(Ok(_)));
    let onclick = {
        let inspection = props.inspection.clone();
        Callback::from(move |_| {
            if let Some(action) = SignerAction::edit_token(&inspection, browser::now_seconds()) {
                state.dispatch(Action::Signer(action));
                if let Some(navigator) = &navigator {
                    navigator.push(&Route::Sign);
                }
            }
        })
    };
    html! {
        <button type="button" class="button secondary small" data-testid="edit-in-signer"
            disabled={!decoded} {onclick}
            title="Header and payload become custom JSON in the Signer; alg and kid follow the key you sign with">
            {"Edit in Signer"}
        </button>
    }
}

/// The protected header as pretty JSON, with a note on key-pointing members.
#[function_component(HeaderCard)]
fn header_card(props: &InspectionProps) -> Html {
    let Some(header) = &props.inspection.header else {
        return html! {};
    };
    html! {
        <div class="card">
            <h2 class="seg-title seg-header">{"Header"}</h2>
            { match header {
                Ok(map) => html! {
                    <>
                        <JsonView value={Value::Object(map.clone())} testid="header-json" class="header" label="Header (JSON)" />
                        <HeaderTable header={map.clone()} />
                        { for KEY_POINTER_HEADERS.iter().filter(|name| map.contains_key(**name)).map(|name| html! {
                            <p class="notice warn" data-testid="header-key-note" data-header={*name}>
                                <code>{*name}</code>
                                {": shown only. This tool never fetches it and never uses it to verify — a token cannot vouch for its own key."}
                            </p>
                        }) }
                    </>
                },
                Err(err) => html! {
                    <>
                        <ErrorMessage testid="header-error" message={AttrValue::from(err.to_string())} />
                        if let Some(text) = &props.inspection.header_text {
                            <pre class="output wrap" data-testid="header-text">{text.clone()}</pre>
                        }
                    </>
                },
            } }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HeaderTableProps {
    header: Map<String, Value>,
}

/// One row per header parameter, with what it means.
#[function_component(HeaderTable)]
fn header_table(props: &HeaderTableProps) -> Html {
    html! {
        <details class="explain">
            <summary>{"What the header parameters mean"}</summary>
            { explained_members(&props.header, "header-row", "data-param", explain_header, "Not a registered header parameter.") }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct PayloadProps {
    inspection: Rc<Inspection>,
    now: i64,
}

/// The payload (pretty JSON, text or hex) and the claims table.
#[function_component(PayloadCard)]
fn payload_card(props: &PayloadProps) -> Html {
    let Some(payload) = &props.inspection.payload else {
        return html! {};
    };
    html! {
        <div class="card">
            <h2 class="seg-title seg-payload">{"Payload"}</h2>
            { match payload {
                Ok(Payload::Json(value)) => html! {
                    <>
                        <JsonView value={value.clone()} testid="payload-json" class="payload" label="Payload (JSON)" />
                        if let Value::Object(claims) = value {
                            <ClaimsTable claims={claims.clone()} now={props.now} />
                        }
                    </>
                },
                Ok(Payload::Text(text)) => html! {
                    <pre class="output wrap" data-testid="payload-text">{text.clone()}</pre>
                },
                Ok(Payload::Binary(bytes)) => html! {
                    <>
                        <p class="hint">{format!("{} bytes that are not text, in hex:", bytes.len())}</p>
                        <pre class="output wrap" data-testid="payload-hex">{hex::encode(bytes)}</pre>
                    </>
                },
                Err(err) => html! { <ErrorMessage testid="payload-error" message={AttrValue::from(err.to_string())} /> },
            } }
        </div>
    }
}

/// The signature segment, as it appeared.
#[function_component(SignatureCard)]
fn signature_card(props: &InspectionProps) -> Html {
    let Some(signature) = &props.inspection.signature else {
        return html! {};
    };
    let text = match &props.inspection.token {
        Ok(token) => token.signature_b64().to_owned(),
        Err(_) => String::new(),
    };
    html! {
        <div class="card">
            <h2 class="seg-title seg-signature">{"Signature"}</h2>
            { match signature {
                Ok(bytes) => html! {
                    <>
                        <pre class="output wrap" data-testid="signature-b64">{text}</pre>
                        <p class="hint">{format!("{} bytes. Whether it is right is shown under Verify signature.", bytes.len())}</p>
                    </>
                },
                Err(err) => html! { <ErrorMessage testid="signature-error" message={AttrValue::from(err.to_string())} /> },
            } }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ClaimsProps {
    claims: Map<String, Value>,
    now: i64,
}

/// One row per claim: name, value, and what it means (times in UTC, local and relative).
#[function_component(ClaimsTable)]
fn claims_table(props: &ClaimsProps) -> Html {
    if props.claims.is_empty() {
        return html! {};
    }
    html! {
        <div class="table-wrap">
            <table data-testid="claims-table">
                <caption class="visually-hidden">{"Claims"}</caption>
                <thead><tr><th scope="col">{"Claim"}</th><th scope="col">{"Value"}</th><th scope="col">{"Meaning"}</th></tr></thead>
                <tbody>
                    { for props.claims.iter().map(|(name, value)| claim_row(name, value, props.now)) }
                </tbody>
            </table>
        </div>
    }
}

fn claim_row(name: &str, value: &Value, now: i64) -> Html {
    let shown = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let info = explain_claim(name);
    let time = TIME_CLAIMS
        .contains(&name)
        .then(|| parse_numeric_date(value).ok())
        .flatten()
        .map(|date| {
            (
                describe_claim_time(name, date.seconds, now),
                local_time(date.seconds),
                date.seconds < now,
            )
        });
    html! {
        <tr data-testid="claim-row" data-claim={name.to_owned()}>
            <td class="claim-name"><code>{name.to_owned()}</code></td>
            <td>
                <code>{shown}</code>
                if let Some((description, local, past)) = time {
                    <span class="claim-time" data-testid="claim-utc">{description.utc}</span>
                    <span class="claim-time" data-testid="claim-local">{local}</span>
                    <span class={classes!("claim-time", "claim-relative", (past && name == "exp").then_some("past"))}
                        data-testid="claim-relative">{description.relative}</span>
                }
            </td>
            <td>
                if let Some(info) = info {
                    <strong>{info.title}</strong>{": "}{info.description}
                    <span class="claim-time">{info.spec}</span>
                } else {
                    <span class="muted">{"Not a registered or Koppeltaal claim."}</span>
                }
            </td>
        </tr>
    }
}

/// `ts` in the browser's time zone and language.
fn local_time(ts: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ts as f64 * 1000.0));
    let language = web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_else(|| "en".to_owned());
    let local = String::from(date.to_locale_string(&language, &wasm_bindgen::JsValue::UNDEFINED));
    format!("{local} (your time)")
}

#[derive(Properties, PartialEq)]
struct FindingsCardProps {
    report: Option<Rc<ProfileReport>>,
    token_findings: Rc<Vec<Finding>>,
    profile: Profile,
    onprofile: Callback<Profile>,
}

/// The profile choice and every finding about the token.
#[function_component(FindingsCard)]
fn findings_card(props: &FindingsCardProps) -> Html {
    let onchange = {
        let onprofile = props.onprofile.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            onprofile.emit(Profile::from_id(&select.value()).unwrap_or_default());
        })
    };
    let findings: Rc<Vec<Finding>> = Rc::new(
        props
            .token_findings
            .iter()
            .cloned()
            .chain(
                props
                    .report
                    .iter()
                    .flat_map(|report| report.findings.iter().cloned()),
            )
            .collect(),
    );
    html! {
        <div class="card">
            <div class="card-head"><h2>{"Checks"}</h2></div>
            <div class="field">
                <label for="profile-select">{"Check against"}</label>
                <select id="profile-select" data-testid="profile-select" {onchange}>
                    { for Profile::ALL.iter().map(|profile| html! {
                        <option value={profile.id()} selected={*profile == props.profile}>{profile.label()}</option>
                    }) }
                </select>
                if let Some(report) = &props.report {
                    <p class="hint" data-testid="profile-used" data-profile={report.profile.id()}>
                        { if report.detected { format!("Detected: {}", report.profile.label()) } else { format!("Checked as: {}", report.profile.label()) } }
                    </p>
                }
            </div>
            if props.report.is_some() {
                <FindingsList findings={findings} empty_text="No problems found." />
            } else {
                <p class="muted">{"Paste a token to check it."}</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct VerifyCardProps {
    /// The worker's signature check for the token and key on screen.
    verify: Rc<Query<VerifyReport>>,
    /// The receiver's verdict is not "accept": a valid signature must not look like success.
    overruled: bool,
    /// Where a receiver gets the key, when none is given.
    key_hint: Option<Rc<KeyHint>>,
    /// The token is HS*: text that is not key-shaped is a secret.
    is_hmac: bool,
    encoding: SecretEncoding,
    onencoding: Callback<SecretEncoding>,
}

/// The key to verify with (pasted, or from the keyring) and the verdict.
#[function_component(VerifyCard)]
fn verify_card(props: &VerifyCardProps) -> Html {
    let state = use_app_state();
    let key_text = state.decoder.key_text.clone();
    let key_id = state.decoder.key_id;
    let (is_hmac, encoding) = (props.is_hmac, props.encoding);
    let (status, sentence, report) = match &*props.verify {
        Query::Idle => (
            "unverified",
            "No token to verify: paste a complete token first.".to_owned(),
            None,
        ),
        Query::Pending => ("loading", "Checking the signature…".to_owned(), None),
        Query::Done(Err(err)) => ("error", format!("Not verified: {err}."), None),
        Query::Done(Ok(report)) => (
            verify_status(&report.status),
            report.sentence.clone(),
            Some(report.clone()),
        ),
    };
    let keys_read = report.as_ref().map(|r| r.keys_read.clone()).unwrap_or_default();
    let key_error = report.as_ref().and_then(|r| r.key_error.clone());
    let kid_finding = report.as_ref().and_then(|r| r.kid_finding.clone());

    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = event.target_unchecked_into();
            state.dispatch(Action::DecoderKeyText(input.value()));
        })
    };
    let onselect = {
        let state = state.clone();
        Callback::from(move |id: Option<KeyId>| state.dispatch(Action::DecoderKeyId(id)))
    };
    let onencoding = {
        let onencoding = props.onencoding.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            onencoding.emit(keytext::encoding_from_id(&select.value()));
        })
    };
    let show_encoding =
        is_hmac && !looks_like_key(&key_text) && !key_text.trim().is_empty();
    html! {
        <div class="card">
            <h2>{"Verify signature"}</h2>
            <div class="field">
                <label for="verify-key-input">{"Key: public, private or certificate PEM, JWK, JWKS, or the HMAC secret"}</label>
                <textarea id="verify-key-input" data-testid="verify-key-input" spellcheck="false"
                    autocomplete="off" value={key_text.clone()} {oninput}
                    placeholder="-----BEGIN PUBLIC KEY-----  or  {\"keys\": [...]}" />
                <ErrorMessage testid="verify-key-error" message={key_error.map(AttrValue::from)} />
                if !keys_read.is_empty() {
                    <ul class="hint" data-testid="verify-keys-read">
                        { for keys_read.iter().map(|line| html! { <li>{line.clone()}</li> }) }
                    </ul>
                }
            </div>
            if show_encoding {
                <div class="field">
                    <label for="verify-secret-encoding">{"The secret is written as"}</label>
                    <select id="verify-secret-encoding" data-testid="verify-secret-encoding" onchange={onencoding}>
                        { for SecretEncoding::ALL.iter().map(|option| html! {
                            <option value={keytext::encoding_id(*option)} selected={*option == encoding}>{option.label()}</option>
                        }) }
                    </select>
                </div>
            }
            <KeySelect testid="verify-key-select" id="verify-key-select" label="Or a key from the keyring (replaces the pasted key)"
                value={key_id} onchange={onselect} />
            <div class={classes!("status", props.overruled.then_some("overruled"))} data-testid="verify-status" data-status={status} role="status">
                <span class="status-badge">{status}</span>
                <span class="status-text">{sentence}</span>
            </div>
            if let Some(hint) = &props.key_hint {
                <div class="key-hint" data-testid="key-hint">
                    <p class="hint">
                        {format!("A receiver gets this key from its issuer, {}: the metadata at ", hint.issuer)}
                        <code>{hint.metadata_url.clone()}</code>
                        {" names the JWK Set (jwks_uri). Fetch it yourself and paste it above (this page fetches nothing):"}
                    </p>
                    <div class="card-actions">
                        <pre class="output wrap" data-testid="key-hint-curl">{hint.curl.clone()}</pre>
                        <CopyButton text={hint.curl.clone()} testid="key-hint-curl-copy" aria_label="Copy the curl command" />
                    </div>
                </div>
            }
            if let Some(finding) = kid_finding {
                <div class="kid-note">
                    <FindingsList findings={Rc::new(vec![finding])} testid="kid-findings" />
                </div>
            }
        </div>
    }
}

/// The worker's status word as one of the `data-status` values the page documents.
fn verify_status(status: &str) -> &'static str {
    match status {
        "valid" => "valid",
        "invalid" => "invalid",
        "unverified" => "unverified",
        _ => "error",
    }
}
