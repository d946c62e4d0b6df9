//! Timing for the benchmark: repeated runs, their median/min/max, and the longest main-thread
//! block (a `longtask` entry, ≥ 50 ms) seen while an operation ran.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{PerformanceEntry, PerformanceObserver, PerformanceObserverEntryList};

/// Median, minimum and maximum of a set of runs, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Median run time.
    pub median: f64,
    /// Fastest run.
    pub min: f64,
    /// Slowest run.
    pub max: f64,
    /// Number of runs.
    pub runs: usize,
}

impl Stats {
    /// Summarises run times; `None` for no runs.
    pub fn of(samples: &[f64]) -> Option<Stats> {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (first, last) = (*sorted.first()?, *sorted.last()?);
        let mid = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        } else {
            sorted[mid]
        };
        Some(Stats {
            median,
            min: first,
            max: last,
            runs: sorted.len(),
        })
    }
}

/// `performance.now()`, in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |p| p.now())
}

/// Lets the browser run other tasks (render, input, observers) before continuing, so each run is
/// its own task and its long-task entry belongs to it alone.
pub async fn yield_to_browser() {
    let promise = Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().map(|window| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
        });
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Times runs of operations and remembers when they ran (and when the page waited for the
/// crypto worker), so that long tasks are blamed on the benchmark's work only, never on the
/// page's untimed preparation of fixtures.
pub struct Timer {
    tasks: LongTasks,
    windows: RefCell<Vec<(f64, f64)>>,
}

impl Timer {
    /// Starts observing long tasks.
    pub fn start() -> Self {
        Timer {
            tasks: LongTasks::start(),
            windows: RefCell::new(Vec::new()),
        }
    }

    /// Runs `op` `runs` times, yielding to the browser between runs; each run makes `batch`
    /// calls back to back. Returns the time per call of each run, in milliseconds.
    pub async fn runs<F, Fut>(
        &self,
        runs: usize,
        batch: usize,
        mut op: F,
    ) -> Result<Vec<f64>, String>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<(), String>>,
    {
        let batch = batch.max(1);
        let mut samples = Vec::with_capacity(runs);
        for _ in 0..runs {
            yield_to_browser().await;
            let start = now_ms();
            for _ in 0..batch {
                op().await?;
            }
            let end = now_ms();
            self.windows.borrow_mut().push((start, end));
            samples.push((end - start) / batch as f64);
        }
        Ok(samples)
    }

    /// Awaits `work` (a request to the crypto worker) and counts the wait as timed: the worker
    /// computes meanwhile, and the page must stay free all the same.
    pub async fn watch<T>(&self, work: impl Future<Output = T>) -> T {
        let start = now_ms();
        let output = work.await;
        self.windows.borrow_mut().push((start, now_ms()));
        output
    }

    /// The longest task (≥ 50 ms) that overlapped a run timed or a wait watched since the last
    /// call; 0 when none.
    pub async fn longest_task(&self) -> f64 {
        let windows = std::mem::take(&mut *self.windows.borrow_mut());
        self.tasks.longest_in(&windows).await
    }
}

/// Records every `longtask` entry while it lives (Chromium reports tasks of 50 ms and more).
pub struct LongTasks {
    observer: Option<PerformanceObserver>,
    seen: Rc<RefCell<Vec<(f64, f64)>>>,
    _callback: Closure<dyn FnMut(PerformanceObserverEntryList)>,
}

impl LongTasks {
    /// Starts observing. In a browser without `longtask` support nothing is ever recorded.
    pub fn start() -> Self {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = Rc::clone(&seen);
        let callback = Closure::<dyn FnMut(PerformanceObserverEntryList)>::new(
            move |list: PerformanceObserverEntryList| {
                record(&sink, &list.get_entries());
            },
        );
        let observer = PerformanceObserver::new(callback.as_ref().unchecked_ref()).ok();
        if let Some(observer) = &observer {
            let options =
                web_sys::PerformanceObserverInit::new(&Array::of1(&JsValue::from_str("longtask")));
            observer.observe(&options);
        }
        LongTasks {
            observer,
            seen,
            _callback: callback,
        }
    }

    /// The longest task overlapping any of `windows` (ms, `performance.now()` clock); 0 when
    /// none reached 50 ms.
    pub async fn longest_in(&self, windows: &[(f64, f64)]) -> f64 {
        // Entries are queued after their task ends; give the browser a turn to deliver them.
        yield_to_browser().await;
        yield_to_browser().await;
        if let Some(observer) = &self.observer {
            record(&self.seen, &observer.take_records());
        }
        let overlaps = |task_start: f64, duration: f64| {
            windows
                .iter()
                .any(|(start, end)| task_start < *end && task_start + duration > *start)
        };
        self.seen
            .borrow()
            .iter()
            .filter(|(task_start, duration)| overlaps(*task_start, *duration))
            .map(|(_, duration)| *duration)
            .fold(0.0, f64::max)
    }
}

impl Drop for LongTasks {
    fn drop(&mut self) {
        if let Some(observer) = &self.observer {
            observer.disconnect();
        }
    }
}

fn record(seen: &RefCell<Vec<(f64, f64)>>, entries: &Array) {
    let mut seen = seen.borrow_mut();
    for entry in entries.iter() {
        if let Ok(entry) = entry.dyn_into::<PerformanceEntry>() {
            seen.push((entry.start_time(), entry.duration()));
        }
    }
}
