//! Key generation for the Keys page, without ever freezing it.
//!
//! [`generate_key`] picks the fastest path that keeps the main thread free:
//! - HMAC secrets: random bytes from the engine (instant).
//! - RSA, EC, Ed25519: WebCrypto first ([`super::webcrypto`]), which runs off the main thread
//!   and is 7–25× faster than wasm (see `#/bench`). The private key comes back as PKCS#8 and
//!   the engine imports it ([`key_from_generated`]) without re-deriving the public half.
//! - When WebCrypto lacks the type or fails: the pure-Rust engine, in a Web Worker
//!   ([`KeygenWorker`]), so even a 4096-bit RSA key taking many seconds never blocks the page.
//!
//! Cancelling ([`KeygenHandle::cancel`], or dropping the handle or the future) terminates the
//! worker at once; a pending WebCrypto promise cannot be stopped, so its result is dropped.
//!
//! Private key bytes travel only between this page and its own worker (same origin); they are
//! wiped on both sides after use and never stored or logged.

use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Uint8Array};
use rand_core::OsRng;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};
use zeroize::Zeroizing;

use super::{browser, webcrypto};
use jose::key::{export, generate, import, Key, KeyKind, KeyMaterial};

/// File name of the worker's loader script, next to `index.html` (Trunk `data-loader-shim`).
pub const WORKER_SCRIPT: &str = "keygen_worker_loader.js";

/// The message the worker posts once its wasm is running and it listens for requests.
const READY: &str = "ready";

/// Generates a key of `kind`: WebCrypto first, the pure-Rust engine in a worker as fallback.
///
/// Dropping the returned future cancels (and terminates the worker, if one was started).
pub async fn generate_key(kind: KeyKind) -> Result<Key, String> {
    if let KeyKind::Hmac { .. } = kind {
        return generate::generate(kind, &mut OsRng).map_err(|e| e.to_string());
    }
    let webcrypto_error = match webcrypto::generate_key(kind).await {
        Ok(key) => return Ok(key),
        Err(error) => error,
    };
    match generate_in_worker(kind).await {
        Ok(key) => Ok(key),
        Err(error) => Err(format!(
            "could not generate a {} key. WebCrypto: {webcrypto_error}. Built-in generator: {error}",
            kind.label()
        )),
    }
}

/// Generates a key with the pure-Rust engine in a fresh worker (the fallback path).
pub async fn generate_in_worker(kind: KeyKind) -> Result<Key, String> {
    let worker = KeygenWorker::spawn().await?;
    worker.generate(kind).await
}

/// A key generation running in the background, started by [`KeygenHandle::start`].
///
/// Dropping the handle cancels the generation, so a page that forgets it (unmounts) cannot
/// receive a late result.
#[derive(Debug)]
pub struct KeygenHandle {
    trigger: Function,
    cancelled: Rc<Cell<bool>>,
}

impl KeygenHandle {
    /// Starts generating a key of `kind`; `on_done` runs once with the result, unless the
    /// generation is cancelled first, in which case it never runs.
    pub fn start(kind: KeyKind, on_done: impl FnOnce(Result<Key, String>) + 'static) -> Self {
        let (cancel, trigger) = cancel_signal();
        let cancelled = Rc::new(Cell::new(false));
        let flag = Rc::clone(&cancelled);
        wasm_bindgen_futures::spawn_local(async move {
            let result = first_of(Box::pin(generate_key(kind)), cancel).await;
            if let (Some(result), false) = (result, flag.get()) {
                on_done(result);
            }
        });
        KeygenHandle { trigger, cancelled }
    }

    /// Stops the generation: the worker (if any) is terminated and `on_done` will not run.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        // Resolving an already settled promise is a no-op, so cancelling twice is harmless.
        let _ = self.trigger.call0(&JsValue::UNDEFINED);
    }

    /// True once [`cancel`](Self::cancel) ran (or the handle is being dropped).
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

impl Drop for KeygenHandle {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Our own key generation worker, as seen from the page. Dropping it terminates the worker.
///
/// It answers one request at a time; asking again while busy is an error rather than a lost reply.
#[derive(Debug)]
pub struct KeygenWorker {
    worker: Worker,
    busy: Cell<bool>,
}

impl KeygenWorker {
    /// Starts the worker and waits until its wasm is running.
    ///
    /// The script URL is resolved against the document, so hosting under a sub-path works.
    pub async fn spawn() -> Result<Self, String> {
        let url = browser::built_file_url(WORKER_SCRIPT)?;
        let worker = Worker::new(&url).map_err(|e| {
            format!(
                "cannot start the key generation worker: {}",
                webcrypto::describe(e)
            )
        })?;
        let this = KeygenWorker {
            worker,
            busy: Cell::new(false),
        };
        match this.next_message().await?.as_string().as_deref() {
            Some(READY) => Ok(this),
            _ => Err("the key generation worker sent an unexpected greeting".to_owned()),
        }
    }

    /// Generates a key in the worker; the worker can be asked again afterwards.
    pub async fn generate(&self, kind: KeyKind) -> Result<Key, String> {
        let der = self.generate_pkcs8(kind).await?;
        // Our own PKCS#8 carries the public half (EC: the SEC1 point; Ed25519: version 2).
        key_from_generated(&der, None)
    }

    /// Generates a key in the worker and returns its PKCS#8 DER.
    pub async fn generate_pkcs8(&self, kind: KeyKind) -> Result<Zeroizing<Vec<u8>>, String> {
        let id =
            kind_id(kind).ok_or_else(|| format!("no built-in generator for {}", kind.label()))?;
        if self.busy.replace(true) {
            return Err("the key generation worker is still busy".to_owned());
        }
        let reply = self.request(id).await;
        self.busy.set(false);
        let reply = reply?;
        if let Some(error) = reply.as_string() {
            return Err(error);
        }
        let bytes = reply
            .dyn_into::<Uint8Array>()
            .map_err(|_| "the key generation worker sent something unexpected".to_owned())?;
        Ok(webcrypto::take_bytes(&bytes))
    }

    async fn request(&self, id: &str) -> Result<JsValue, String> {
        self.worker
            .post_message(&JsValue::from_str(id))
            .map_err(|e| {
                format!(
                    "cannot reach the key generation worker: {}",
                    webcrypto::describe(e)
                )
            })?;
        self.next_message().await
    }

    /// Waits for the next message, or fails on a worker error (script missing, blocked, crashed).
    async fn next_message(&self) -> Result<JsValue, String> {
        // The promise's own resolve/reject serve as the handlers: no closures to keep alive.
        let worker = &self.worker;
        let promise = Promise::new(&mut |resolve, reject| {
            worker.set_onmessage(Some(&resolve));
            worker.set_onmessageerror(Some(&reject));
            worker.set_onerror(Some(&reject));
        });
        let outcome = JsFuture::from(promise).await;
        worker.set_onmessage(None);
        worker.set_onmessageerror(None);
        worker.set_onerror(None);
        match outcome {
            Ok(event) => event
                .dyn_into::<MessageEvent>()
                .map(|event| event.data())
                .map_err(|_| "the key generation worker sent something unexpected".to_owned()),
            Err(error) => Err(format!(
                "the key generation worker failed ({WORKER_SCRIPT}): {}",
                webcrypto::describe(error)
            )),
        }
    }
}

impl Drop for KeygenWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker's entry point (`src/bin/keygen_worker.rs`): answers each key type id with the
/// PKCS#8 DER of a fresh key, or with an error string.
pub fn worker_main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replier = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        reply(&replier, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler must live as long as the worker does.
    on_message.forget();
    // Messages sent before the handler existed would be lost, so the page waits for this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

fn reply(scope: &DedicatedWorkerGlobalScope, request: &JsValue) {
    let generated = request
        .as_string()
        .and_then(|id| KeyKind::from_id(&id))
        .ok_or_else(|| "unknown key type requested".to_owned())
        .and_then(generate_pkcs8_rust);
    let sent = match generated {
        Ok(der) => {
            let bytes = Uint8Array::from(&der[..]);
            // Transferred, not copied: no second copy stays behind in the worker.
            scope.post_message_with_transfer(&bytes, &Array::of1(&bytes.buffer()))
        }
        Err(error) => scope.post_message(&JsValue::from_str(&error)),
    };
    if sent.is_err() {
        let _ = scope.post_message(&JsValue::from_str("the worker could not send the key"));
    }
}

/// Generates a key with the pure-Rust engine and encodes it as PKCS#8 DER. Blocks for as long
/// as the generation takes (seconds for big RSA keys): call it in a worker, not on the page.
pub fn generate_pkcs8_rust(kind: KeyKind) -> Result<Zeroizing<Vec<u8>>, String> {
    let key = generate::generate(kind, &mut OsRng).map_err(|e| e.to_string())?;
    let KeyMaterial::Private(private) = &key.material else {
        return Err(format!("a {} key has no PKCS#8 form", kind.label()));
    };
    export::to_pkcs8_der(private).map_err(|e| e.to_string())
}

/// Turns a key pair this page has just generated (WebCrypto or our worker) into an engine key:
/// the private key as PKCS#8 DER, plus the public key as SPKI DER when the PKCS#8 lacks it.
///
/// The engine takes the public half as the generator made it instead of re-deriving it (a
/// scalar multiplication that costs more than WebCrypto's whole generation); the key refuses
/// to sign if the two halves ever disagree ([`import::import_generated`]). Keys the user
/// imports are checked at import as always.
pub fn key_from_generated(pkcs8: &[u8], spki: Option<&[u8]>) -> Result<Key, String> {
    let key = import::import_generated(pkcs8, spki)
        .map_err(|e| format!("the generated key could not be read: {e}"))?;
    match key.material {
        KeyMaterial::Private(_) => Ok(key),
        _ => Err("the generated key came back without its private half".to_owned()),
    }
}

/// The stable id (`RSA-4096`, `EC-P256`, …) the worker understands.
fn kind_id(kind: KeyKind) -> Option<&'static str> {
    KeyKind::GENERATABLE
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(id, _)| *id)
}

/// A promise that resolves when the returned function is called.
fn cancel_signal() -> (JsFuture, Function) {
    let mut trigger = None;
    let promise = Promise::new(&mut |resolve, _reject| trigger = Some(resolve));
    // The executor runs synchronously inside `new Promise`, so `trigger` is always set; the
    // fallback only keeps this total.
    let trigger = trigger.unwrap_or_else(|| Function::new_no_args(""));
    (JsFuture::from(promise), trigger)
}

/// Runs `work` until it finishes (`Some`) or `cancel` resolves first (`None`, `work` dropped).
async fn first_of<T>(work: Pin<Box<dyn Future<Output = T>>>, cancel: JsFuture) -> Option<T> {
    FirstOf { work, cancel }.await
}

struct FirstOf<T> {
    work: Pin<Box<dyn Future<Output = T>>>,
    cancel: JsFuture,
}

impl<T> Future for FirstOf<T> {
    type Output = Option<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if Pin::new(&mut self.cancel).poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        self.work.as_mut().poll(cx).map(Some)
    }
}
