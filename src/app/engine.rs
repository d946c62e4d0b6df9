//! The page's handle on the crypto worker ([`crate::worker`]): one typed async call per
//! [`Request`], with a deadline, cancellation, and a restart when the worker runs away.
//!
//! - The page starts the worker right after its first paint ([`EngineProvider`]), so it is
//!   usually ready before the user pastes a key. Requests made earlier wait for it.
//! - Every request has a deadline ([`deadline_ms`]). A request past it, or a cancelled one the
//!   worker does not let go of within [`CANCEL_GRACE_MS`], means the worker is stuck computing:
//!   it is terminated and a new one started. Every pending call then fails with
//!   [`EngineError::Restarted`], and the page is told ([`EngineEvent::Restarted`]): the keyring,
//!   which lives in the worker, is gone; what the user typed lives on the page and is not.
//! - Views reach it through [`use_engine`]; [`EngineStatusBar`] shows its state (`engine-status`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::{Rc, Weak};

use futures_channel::oneshot;
use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

use crate::app::browser;
use crate::worker::protocol::{to_js, Envelope, KeyId, Reply, Request, RequestId, Response, GREETING_ID};

/// File name of the worker's entry script, next to `index.html` (`www/crypto_worker_boot.js`).
pub const WORKER_SCRIPT: &str = "crypto_worker_boot.js";

/// How long a cancelled request may keep the worker busy before the worker is restarted.
pub const CANCEL_GRACE_MS: u32 = 1_000;

/// How long a request may take before the worker is declared stuck and restarted.
pub fn deadline_ms(request: &Request) -> u32 {
    match request {
        // The pure-Rust fallback for RSA-4096 took up to 17 s in wasm here; allow for slower machines.
        Request::Generate { .. } => 120_000,
        Request::Cancel { .. } => CANCEL_GRACE_MS,
        // A whole benchmark row: five pure-Rust RSA-4096 generations alone can take a minute.
        Request::Bench(_) => 300_000,
        _ => 15_000,
    }
}

/// Where the worker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineStatus {
    /// Being downloaded and started.
    Loading,
    /// Answering requests.
    Ready,
    /// Could not be started (the message says why); [`EngineClient::retry`] tries again.
    Error(String),
}

impl EngineStatus {
    /// `data-status` of `engine-status`.
    pub fn as_str(&self) -> &'static str {
        match self {
            EngineStatus::Loading => "loading",
            EngineStatus::Ready => "ready",
            EngineStatus::Error(_) => "error",
        }
    }
}

/// What the page hears from the client, besides answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineEvent {
    /// The worker's status changed.
    Status(EngineStatus),
    /// The worker was terminated and a new one started; everything it held is gone.
    Restarted {
        /// What happened, for the user.
        reason: String,
    },
}

/// Why a call has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EngineError {
    /// The worker answered with an error (worded for the user).
    Failed(String),
    /// The worker was restarted before it answered.
    Restarted(String),
    /// The worker could not be started.
    Unavailable(String),
    /// The caller cancelled the call.
    Cancelled,
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Failed(message) => f.write_str(message),
            EngineError::Restarted(reason) => write!(f, "the crypto worker was restarted: {reason}"),
            EngineError::Unavailable(reason) => write!(f, "the crypto worker is not available: {reason}"),
            EngineError::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for EngineError {}

type Answer = Result<Response, EngineError>;

struct Pending {
    /// What the request was, for the restart message ("key generation").
    what: &'static str,
    reply: oneshot::Sender<Answer>,
    /// Dropping it stops the timer.
    _deadline: Timeout,
}

/// The running worker and its handlers.
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    /// Set once the worker greeted and got its `Hello`.
    ready: bool,
    /// Requests made before it was ready.
    queued: Vec<Envelope>,
}

#[derive(Default)]
struct Inner {
    running: Option<Running>,
    pending: HashMap<RequestId, Pending>,
    next_id: RequestId,
    /// The next keyring id the page has not seen, so a restarted worker never reuses one.
    next_key_id: KeyId,
    status: Option<EngineStatus>,
}

/// The page's side of the crypto worker. Shared as `Rc`; see the module docs.
pub struct EngineClient {
    inner: RefCell<Inner>,
    on_event: Callback<EngineEvent>,
    me: Weak<EngineClient>,
}

impl EngineClient {
    /// A client that starts its worker at once and reports to `on_event`.
    pub fn start(on_event: Callback<EngineEvent>) -> Rc<EngineClient> {
        let client = Rc::new_cyclic(|me| EngineClient {
            inner: RefCell::new(Inner {
                // 0 is the worker's greeting.
                next_id: 1,
                ..Inner::default()
            }),
            on_event,
            me: me.clone(),
        });
        client.spawn();
        client
    }

    /// Sends `request`; the future resolves with the answer. Dropping the future does not
    /// cancel (use [`EngineClient::call_cancellable`] for that).
    pub fn call(&self, request: Request) -> impl Future<Output = Answer> + 'static {
        self.call_cancellable(request).1
    }

    /// Sends `request` and returns its id (for [`EngineClient::cancel`]) and the answer.
    pub fn call_cancellable(
        &self,
        request: Request,
    ) -> (RequestId, impl Future<Output = Answer> + 'static) {
        let (sender, receiver) = oneshot::channel();
        let id = {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id = inner.next_id.wrapping_add(1).max(1);
            id
        };
        let what = describe(&request);
        let timeout = {
            let me = self.me.clone();
            let limit = deadline_ms(&request);
            Timeout::new(limit, move || {
                if let Some(client) = me.upgrade() {
                    client.on_deadline(id, limit);
                }
            })
        };
        self.inner.borrow_mut().pending.insert(
            id,
            Pending {
                what,
                reply: sender,
                _deadline: timeout,
            },
        );
        self.send(Envelope { id, request });
        let answer = async move { receiver.await.unwrap_or(Err(EngineError::Cancelled)) };
        (id, answer)
    }

    /// Stops waiting for call `id` (its future resolves with [`EngineError::Cancelled`]). If
    /// the worker is still computing it after [`CANCEL_GRACE_MS`], the worker is restarted.
    pub fn cancel(&self, id: RequestId) {
        let Some(pending) = self.inner.borrow_mut().pending.remove(&id) else {
            return;
        };
        let _ = pending.reply.send(Err(EngineError::Cancelled));
        // The `Cancel` request's own deadline is the grace period: unanswered, it restarts the
        // worker, which also ends the cancelled computation. Its answer needs no handling.
        let ack = self.call(Request::Cancel { id });
        wasm_bindgen_futures::spawn_local(async move {
            let _ = ack.await;
        });
    }

    /// Starts a new worker after a start failure (the `engine-retry` button).
    pub fn retry(&self) {
        self.stop();
        self.spawn();
    }

    /// Notes keyring ids the page has seen, so a restarted worker continues after them.
    pub fn saw_key(&self, id: KeyId) {
        let mut inner = self.inner.borrow_mut();
        inner.next_key_id = inner.next_key_id.max(id.saturating_add(1));
    }

    fn set_status(&self, status: EngineStatus) {
        let changed = {
            let mut inner = self.inner.borrow_mut();
            let changed = inner.status.as_ref() != Some(&status);
            inner.status = Some(status.clone());
            changed
        };
        if changed {
            self.on_event.emit(EngineEvent::Status(status));
        }
    }

    fn spawn(&self) {
        self.set_status(EngineStatus::Loading);
        let worker = match browser::built_file_url(WORKER_SCRIPT)
            .and_then(|url| Worker::new(&url).map_err(|err| browser::js_error_text(&err)))
        {
            Ok(worker) => worker,
            Err(err) => {
                self.fail_start(format!("cannot start {WORKER_SCRIPT}: {err}"));
                return;
            }
        };
        let on_message = {
            let me = self.me.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(client) = me.upgrade() {
                    client.receive(&event.data());
                }
            })
        };
        let on_error = {
            let me = self.me.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let detail = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(web_sys::ErrorEvent::message)
                    .filter(|message| !message.is_empty());
                let message = match detail {
                    Some(detail) => format!("{WORKER_SCRIPT} failed: {detail}"),
                    None => format!("{WORKER_SCRIPT} failed to load or crashed"),
                };
                if let Some(client) = me.upgrade() {
                    client.on_worker_error(message);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        self.inner.borrow_mut().running = Some(Running {
            worker,
            _on_message: on_message,
            _on_error: on_error,
            ready: false,
            queued: Vec::new(),
        });
    }

    fn stop(&self) {
        if let Some(running) = self.inner.borrow_mut().running.take() {
            running.worker.terminate();
        }
    }

    fn send(&self, envelope: Envelope) {
        let mut inner = self.inner.borrow_mut();
        let Some(running) = inner.running.as_mut() else {
            let reason = match &inner.status {
                Some(EngineStatus::Error(reason)) => reason.clone(),
                _ => "it is not running".to_owned(),
            };
            if let Some(pending) = inner.pending.remove(&envelope.id) {
                let _ = pending.reply.send(Err(EngineError::Unavailable(reason)));
            }
            return;
        };
        if !running.ready {
            running.queued.push(envelope);
            return;
        }
        let worker = running.worker.clone();
        drop(inner);
        self.post(&worker, &envelope);
    }

    fn post(&self, worker: &Worker, envelope: &Envelope) {
        let sent = to_js(envelope)
            .and_then(|value| worker.post_message(&value).map_err(|e| browser::js_error_text(&e)));
        if let Err(err) = sent {
            self.answer(envelope.id, Err(EngineError::Failed(format!(
                "the request could not be sent to the crypto worker: {err}"
            ))));
        }
    }

    fn receive(&self, data: &wasm_bindgen::JsValue) {
        // The entry script's own report: the worker's wasm did not start.
        let boot_error = js_sys::Reflect::get(data, &wasm_bindgen::JsValue::from_str("bootError"))
            .ok()
            .and_then(|value| value.as_string());
        if let Some(error) = boot_error {
            self.fail_start(format!("{WORKER_SCRIPT} could not start the engine: {error}"));
            return;
        }
        let reply: Reply = match serde_wasm_bindgen::from_value(data.clone()) {
            Ok(reply) => reply,
            Err(err) => {
                web_sys::console::error_1(&format!("unreadable answer from the crypto worker: {err}").into());
                return;
            }
        };
        if reply.id == GREETING_ID {
            self.on_greeting();
            return;
        }
        self.answer(reply.id, reply.result.map_err(EngineError::Failed));
    }

    /// The worker listens: say hello first, then send what waited.
    fn on_greeting(&self) {
        let (worker, queued, first_key_id) = {
            let mut inner = self.inner.borrow_mut();
            let first_key_id = inner.next_key_id;
            // The worker answers `Hello` with id 0 as well: only its first greeting counts.
            let Some(running) = inner.running.as_mut().filter(|running| !running.ready) else {
                return;
            };
            running.ready = true;
            (running.worker.clone(), std::mem::take(&mut running.queued), first_key_id)
        };
        // Hello has no caller: id 0 again, its answer is ignored like the greeting.
        self.post(
            &worker,
            &Envelope {
                id: GREETING_ID,
                request: Request::Hello { first_key_id },
            },
        );
        for envelope in &queued {
            self.post(&worker, envelope);
        }
        self.set_status(EngineStatus::Ready);
    }

    fn answer(&self, id: RequestId, answer: Answer) {
        let pending = self.inner.borrow_mut().pending.remove(&id);
        if let Some(pending) = pending {
            if let Ok(Response::KeysAdded(added)) = &answer {
                for key in &added.keys {
                    self.saw_key(key.id);
                }
            }
            let _ = pending.reply.send(answer);
        }
    }

    fn on_deadline(&self, id: RequestId, limit_ms: u32) {
        let what = match self.inner.borrow().pending.get(&id) {
            Some(pending) => pending.what,
            None => return,
        };
        let seconds = f64::from(limit_ms) / 1000.0;
        let reason = if what == "cancel" {
            format!("a cancelled request was still computing after {seconds} s")
        } else {
            format!("{what} took longer than {seconds} s")
        };
        self.restart(reason);
    }

    fn on_worker_error(&self, message: String) {
        let was_ready = self
            .inner
            .borrow()
            .running
            .as_ref()
            .is_some_and(|running| running.ready);
        if was_ready {
            self.restart(format!("it crashed ({message})"));
        } else {
            self.fail_start(message);
        }
    }

    /// The worker could not start: fail every call and wait for a retry.
    fn fail_start(&self, reason: String) {
        self.stop();
        let pending: Vec<Pending> = self.inner.borrow_mut().pending.drain().map(|(_, p)| p).collect();
        for pending in pending {
            let _ = pending.reply.send(Err(EngineError::Unavailable(reason.clone())));
        }
        self.set_status(EngineStatus::Error(reason));
    }

    /// Terminates a stuck worker and starts a new one.
    fn restart(&self, reason: String) {
        self.stop();
        let pending: Vec<Pending> = self.inner.borrow_mut().pending.drain().map(|(_, p)| p).collect();
        for pending in pending {
            let _ = pending.reply.send(Err(EngineError::Restarted(reason.clone())));
        }
        self.on_event.emit(EngineEvent::Restarted { reason });
        self.spawn();
    }
}

impl Drop for EngineClient {
    fn drop(&mut self) {
        if let Some(running) = self.inner.get_mut().running.take() {
            running.worker.terminate();
        }
    }
}

/// A request's name for the user ("key generation took longer than 120 s").
fn describe(request: &Request) -> &'static str {
    match request {
        Request::Hello { .. } => "start-up",
        Request::Cancel { .. } => "cancel",
        Request::ReadKeys { .. } => "reading the key",
        Request::Verify(_) => "the signature check",
        Request::Sign(_) => "signing",
        Request::Generate { .. } => "key generation",
        Request::Import { .. } | Request::ImportFile { .. } => "the key import",
        Request::ExportPrivate { .. } => "the key export",
        Request::Remove { .. } | Request::Clear => "the keyring update",
        Request::PublicKeys(_) => "reading the public keys",
        Request::BuildJwks(_) => "building the JWKS",
        Request::ValidateJwks { .. } => "checking the JWKS",
        Request::Decrypt(_) => "decryption",
        Request::Encrypt(_) => "encryption",
        Request::Bench(_) => "the benchmark",
    }
}

/// What every view gets from [`use_engine`].
#[derive(Clone)]
pub struct EngineHandle {
    /// The client.
    pub client: Rc<EngineClient>,
    /// Its status as of this render.
    pub status: EngineStatus,
}

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.client, &other.client) && self.status == other.status
    }
}

impl EngineHandle {
    /// Sends a request (see [`EngineClient::call`]).
    pub fn call(&self, request: Request) -> impl Future<Output = Answer> + 'static {
        self.client.call(request)
    }
}

/// Props for [`EngineProvider`].
#[derive(Properties, PartialEq)]
pub struct EngineProviderProps {
    /// Everything under it may call [`use_engine`].
    pub children: Html,
    /// Told about restarts (the app clears its view of the keyring and says why).
    pub on_restart: Callback<String>,
}

/// Starts the worker after the first paint and shares one handle with every view.
#[function_component(EngineProvider)]
pub fn engine_provider(props: &EngineProviderProps) -> Html {
    let status = use_state_eq(|| EngineStatus::Loading);
    let client = use_mut_ref(|| None::<Rc<EngineClient>>);
    let handle = {
        let status_setter = status.setter();
        let on_restart = props.on_restart.clone();
        let mut slot = client.borrow_mut();
        // Created during the first render, but its worker is only spawned by `start`, which
        // runs here too: a worker script fetch does not delay the first paint (it is async).
        let client = slot
            .get_or_insert_with(|| {
                EngineClient::start(Callback::from(move |event| match event {
                    EngineEvent::Status(status) => status_setter.set(status),
                    EngineEvent::Restarted { reason } => on_restart.emit(reason),
                }))
            })
            .clone();
        EngineHandle {
            client,
            status: (*status).clone(),
        }
    };
    html! {
        <ContextProvider<EngineHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<EngineHandle>>
    }
}

/// The crypto worker's handle; panics only if a view is rendered outside [`EngineProvider`], a bug.
#[hook]
pub fn use_engine() -> EngineHandle {
    match use_context::<EngineHandle>() {
        Some(handle) => handle,
        None => unreachable_context(),
    }
}

#[allow(clippy::panic)]
fn unreachable_context() -> ! {
    panic!("use_engine() called outside the EngineProvider")
}

/// The latest answer to a request that follows some inputs (the Decoder's verdict): a new
/// input sends a new request, and an answer to an older one is ignored, so what is shown is
/// always about what is on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Query<T> {
    /// Nothing asked (the request builder returned `None`).
    Idle,
    /// Asked; no answer yet.
    Pending,
    /// The answer to the current inputs.
    Done(Result<T, EngineError>),
}

/// Sends `make(&deps)` whenever `deps` change (and the worker is ready), and gives the answer
/// to exactly these `deps`, mapped by `pick`: while the answer for new inputs is on its way the
/// result is [`Query::Pending`], never the answer for older inputs. Inputs whose request made the
/// worker restart are not sent again (that would restart it again); changing them does.
#[hook]
pub fn use_engine_query<D, T>(
    deps: D,
    make: fn(&D) -> Option<Request>,
    pick: fn(Response) -> Option<T>,
) -> Query<T>
where
    D: PartialEq + Clone + 'static,
    T: Clone + PartialEq + 'static,
{
    let engine = use_engine();
    // The answer, with the inputs it answers.
    let answer = use_state(|| None::<(D, Query<T>)>);
    let runaway = use_mut_ref(|| None::<D>);
    let ready = engine.status == EngineStatus::Ready;
    {
        let answer = answer.clone();
        let client = engine.client.clone();
        let runaway = runaway.clone();
        use_effect_with((deps.clone(), ready), move |(deps, ready)| {
            let Some(request) = make(deps) else {
                return;
            };
            if !*ready || runaway.borrow().as_ref() == Some(deps) {
                return;
            }
            let call = client.call(request);
            let deps = deps.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = call.await;
                if matches!(result, Err(EngineError::Restarted(_))) {
                    *runaway.borrow_mut() = Some(deps.clone());
                }
                let query = Query::Done(match result {
                    Ok(response) => pick(response).ok_or_else(|| {
                        EngineError::Failed("the crypto worker gave an unexpected answer".to_owned())
                    }),
                    Err(err) => Err(err),
                });
                // An answer for inputs that are no longer on screen is dropped when read.
                answer.set(Some((deps, query)));
            });
        });
    }
    if make(&deps).is_none() {
        return Query::Idle;
    }
    match &*answer {
        Some((answered, query)) if *answered == deps => query.clone(),
        _ => Query::Pending,
    }
}

/// The worker's state in the header: `engine-status` with `data-status`, and a retry button
/// when it could not start.
#[function_component(EngineStatusBar)]
pub fn engine_status_bar() -> Html {
    let engine = use_engine();
    let (text, title) = match &engine.status {
        EngineStatus::Loading => ("Crypto: loading…".to_owned(), "The crypto worker is starting".to_owned()),
        EngineStatus::Ready => ("Crypto: ready".to_owned(), "Keys and signatures are handled in a Web Worker, in this tab".to_owned()),
        EngineStatus::Error(reason) => ("Crypto: unavailable".to_owned(), reason.clone()),
    };
    let onretry = {
        let client = engine.client.clone();
        Callback::from(move |_| client.retry())
    };
    html! {
        <div class="engine-status" data-testid="engine-status" data-status={engine.status.as_str()}
            title={title.clone()} role="status">
            <span>{text}</span>
            if let EngineStatus::Error(reason) = &engine.status {
                <span class="visually-hidden">{reason.clone()}</span>
                <button type="button" class="button ghost small" data-testid="engine-retry" onclick={onretry}>{"Retry"}</button>
            }
        </div>
    }
}
