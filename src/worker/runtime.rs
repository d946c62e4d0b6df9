//! The worker's message loop (`src/bin/crypto_worker.rs` calls [`start`]): every message is an
//! [`Envelope`], every answer a [`Reply`]; [`Service`] does the work.
//!
//! Requests are answered in arrival order, each to the end, except key generation and the
//! benchmark, which wait for WebCrypto and so let later requests (a signature check, say) run
//! meanwhile.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use rand_core::OsRng;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::protocol::{to_js, Envelope, Reply, Request, RequestId, Response, GREETING_ID};
use super::service::Service;
use super::{bench, keygen, service};

/// Starts answering requests.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(Worker {
        scope: scope.clone(),
        service: RefCell::new(Service::default()),
        cancelled: RefCell::new(HashSet::new()),
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        Rc::clone(&worker).receive(&event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler must live as long as the worker does.
    on_message.forget();
    // Messages sent before the handler existed would be lost, so the page waits for this.
    post(
        &scope,
        &Reply {
            id: GREETING_ID,
            result: Ok(Response::Ready),
        },
    );
}

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    service: RefCell<Service>,
    /// Generations (and benchmark runs) the page stopped waiting for: their keys are not added,
    /// their results not sent.
    cancelled: RefCell<HashSet<RequestId>>,
}

impl Worker {
    fn receive(self: Rc<Self>, data: &JsValue) {
        let envelope: Envelope = match serde_wasm_bindgen::from_value(data.clone()) {
            Ok(envelope) => envelope,
            Err(err) => {
                // Without an id there is nobody to answer; the page's deadline reports it.
                web_sys::console::error_1(&format!("crypto worker: unreadable request: {err}").into());
                return;
            }
        };
        let id = envelope.id;
        match envelope.request {
            Request::Generate {
                kind,
                key_use,
                label,
            } => {
                if let Err(err) = service::check_generate(kind, key_use.as_deref()) {
                    self.reply(id, Err(err));
                    return;
                }
                wasm_bindgen_futures::spawn_local(async move {
                    let generated = keygen::generate_key(kind).await;
                    if self.cancelled.borrow_mut().remove(&id) {
                        return;
                    }
                    let result = generated.map(|key| {
                        let info = self
                            .service
                            .borrow_mut()
                            .add_generated(key, key_use, label.as_deref());
                        Response::KeysAdded(service::keys_added(vec![info]))
                    });
                    self.reply(id, result);
                });
            }
            Request::Bench(request) => {
                // Async like a generation: WebCrypto's half is awaited, and between runs the
                // loop yields, so a Cancel can arrive meanwhile.
                wasm_bindgen_futures::spawn_local(async move {
                    let measured = bench::run(request).await;
                    if self.cancelled.borrow_mut().remove(&id) {
                        return;
                    }
                    self.reply(id, measured.map(Response::Bench));
                });
            }
            Request::Cancel { id: target } => {
                self.cancelled.borrow_mut().insert(target);
                self.reply(id, Ok(Response::Cancelled));
            }
            request => {
                let result = self.service.borrow_mut().handle(request, &mut OsRng);
                self.reply(id, result);
            }
        }
    }

    fn reply(&self, id: RequestId, result: Result<Response, String>) {
        post(&self.scope, &Reply { id, result });
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let sent = to_js(reply).and_then(|value| {
        scope
            .post_message(&value)
            .map_err(|_| "postMessage failed".to_owned())
    });
    if let Err(err) = sent {
        let fallback = Reply {
            id: reply.id,
            result: Err(format!("the crypto worker could not send its answer: {err}")),
        };
        if let Ok(value) = to_js(&fallback) {
            let _ = scope.post_message(&value);
        }
    }
}
